package io.simclr.workers;

import io.simclr.config.Workers;
import static org.junit.jupiter.api.Assertions.*;

import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one line a lost peer makes: who, in which phase, and what happened (TensorFlow's messages, abridged). */
class WorkerFailureTest {
  static final Workers C = Workers.parse("127.0.0.1:1001,127.0.0.1:1002,127.0.0.1:1003", 1, 20);

  @Test
  void namesThePeerThePhaseAndTheCauseNotTensorFlowsPrefix() {
    var e = new RuntimeException("From /job:worker/replica:0/task:1:\n"
        + "Additional GRPC error information from remote target /job:worker/replica:0/task:2 while calling "
        + "/tensorflow.WorkerService/CompleteInstance:\n:{\"description\":\"failed to connect to all addresses\"}");
    String m = WorkerFailure.explain(C, "step 3", e).getMessage();
    assertEquals("task 1: lost task 2 (127.0.0.1:1003) in step 3 (connection refused: its process is gone); "
        + "the last checkpoint is kept: restart every worker with --resume", m);
    m = WorkerFailure.explain(C, Agreement.PHASE, new RuntimeException("From /job:worker/replica:0/task:1:\n"
        + "Collective has timed out waiting for other workers.")).getMessage();
    assertTrue(m.startsWith("task 1: lost another worker during start-up, in the agreement") && m.contains(
        "(no answer within --worker-timeout 20 s)"), m);
    m = WorkerFailure.explain(C, "step 9", new RuntimeException("From /job:worker/replica:0/task:1:\n"
        + "Something else entirely\nmore")).getMessage();
    assertTrue(m.contains("(Something else entirely)"), m);
    assertFalse(m.contains("\n"));
  }

  @Test
  void theWatchdogsLineSaysRefusedOrSilent() throws Exception {
    assertTrue(Watchdog.lostLine(C, "start-up", List.of(0, 2)).startsWith(
        "task 1: lost task 0 (127.0.0.1:1001), task 2 (127.0.0.1:1003) during start-up (connection refused"));
    Workers two = Workers.parse("127.0.0.1:1001,127.0.0.1:1002", 0, 5);
    assertTrue(Watchdog.lostLine(two, "start-up", List.of()).contains(
        "lost task 1 (127.0.0.1:1002) during start-up (no answer within --worker-timeout 5 s)"));
    // a listening peer is reachable; a closed port is not
    try (ServerSocket s = new ServerSocket(0)) {
      Workers live = Workers.parse("127.0.0.1:1,127.0.0.1:" + s.getLocalPort(), 0, 5);
      assertEquals(List.of(), Watchdog.unreachable(live));
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertEquals(List.of(1), Watchdog.unreachable(Workers.parse("127.0.0.1:1,127.0.0.1:" + closed, 0, 5)));
  }
}
