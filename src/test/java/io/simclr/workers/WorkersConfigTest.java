package io.simclr.workers;

import io.simclr.config.Workers;
import static org.junit.jupiter.api.Assertions.*;

import io.simclr.util.InvalidConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkersConfigTest {
  @Test
  void parsesTheClusterFlag() {
    Workers c = Workers.parse("10.0.0.1:2222, host-b:2223", 1, 30);
    assertEquals(List.of("10.0.0.1:2222", "host-b:2223"), c.workers());
    assertEquals(1, c.task());
    assertFalse(c.isChief());
    assertEquals("host-b", c.host(1));
    assertEquals(2223, c.port(1));
    assertTrue(Workers.parse("a:1", 0, 30).isChief());
  }

  @Test
  void readsTfConfigAsTensorFlowUsersWriteIt() {
    Workers c = Workers.fromTfConfig(
        "{\"cluster\": {\"worker\": [\"h0:2000\", \"h1:2000\", \"h2:2000\"]}, \"task\": {\"type\": \"worker\", \"index\": 2}}", 60);
    assertEquals(List.of("h0:2000", "h1:2000", "h2:2000"), c.workers());
    assertEquals(2, c.task());
    assertEquals(60, c.timeoutSeconds());
  }

  @Test
  void rejectsBadClustersWithOneClearLine() {
    assertBad(() -> Workers.parse("a:1,b:2", 2, 30), "--task 2 is out of range: --cluster lists 2 workers (tasks 0..1)");
    assertBad(() -> Workers.parse("a:1,b:2", -1, 30), "--task -1 is out of range");
    assertBad(() -> Workers.parse("a:1,a:1", 0, 30), "--cluster lists a:1 twice");
    assertBad(() -> Workers.parse("a:1,b", 0, 30), "--cluster entry 'b' is not host:port");
    assertBad(() -> Workers.parse("a:x", 0, 30), "--cluster entry 'a:x' has no numeric port");
    assertBad(() -> Workers.parse("a:70000", 0, 30), "port out of range");
    assertBad(() -> Workers.parse("a:1,", 0, 30), "--cluster entry '' is not host:port");
    assertBad(() -> Workers.parse("a:1", 0, 0), "--worker-timeout must be >= 1");
    assertBad(() -> Workers.fromTfConfig("{nope", 30), "TF_CONFIG is not JSON");
    assertBad(() -> Workers.fromTfConfig("{\"cluster\": {\"chief\": [\"a:1\"], \"worker\": [\"b:1\"]}, \"task\": {\"index\": 0}}", 30),
        "TF_CONFIG job \"chief\" is not supported");
    assertBad(() -> Workers.fromTfConfig("{\"cluster\": {\"worker\": [\"a:1\"]}}", 30), "TF_CONFIG has no integer \"task\"");
    assertBad(() -> Workers.fromTfConfig("{\"cluster\": {\"worker\": [\"a:1\"]}, \"task\": {\"type\": \"ps\", \"index\": 0}}", 30),
        "TF_CONFIG task type must be \"worker\"");
  }

  private static void assertBad(org.junit.jupiter.api.function.Executable e, String message) {
    InvalidConfigException x = assertThrows(InvalidConfigException.class, e);
    assertTrue(x.getMessage().contains(message), x.getMessage());
    assertFalse(x.getMessage().contains("\n"), x.getMessage());
  }

  @Test
  void explainsALostWorkerInOneLine() {
    Workers c = Workers.parse("127.0.0.1:5000,127.0.0.1:5001", 0, 30);
    RuntimeException tf = new RuntimeException("From /job:worker/replica:0/task:0:\nAdditional GRPC error information from "
        + "remote target /job:worker/replica:0/task:1 while calling /tensorflow.WorkerService/RecvBuf:\n"
        + "{\"grpc_message\":\"Connection reset by peer\",\"grpc_status\":14}");
    assertEquals("task 0: lost task 1 (127.0.0.1:5001) in step 7 (connection lost); the last checkpoint is kept: "
        + "restart every worker with --resume", WorkerFailure.explain(c, 7, tf).getMessage());
    assertEquals("task 0: lost task 1 (127.0.0.1:5001) in step 3 (no answer within --worker-timeout 30 s); the last "
        + "checkpoint is kept: restart every worker with --resume",
        WorkerFailure.explain(c, 3, new RuntimeException("Collective ops timed out")).getMessage());
    Workers three = Workers.parse("a:1,b:1,c:1", 2, 30);
    assertTrue(WorkerFailure.explain(three, 3, new RuntimeException("Collective ops timed out")).getMessage()
        .startsWith("task 2: lost another worker in step 3"));
  }
}
