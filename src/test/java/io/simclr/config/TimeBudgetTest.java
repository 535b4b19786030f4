package io.simclr.config;

import static org.junit.jupiter.api.Assertions.*;

import io.simclr.util.InvalidConfigException;
import org.junit.jupiter.api.Test;

/** The budget's arithmetic against sums worked by hand. */
class TimeBudgetTest {
  // first step 3 s, then 0.5 s a step; the monitors 4 s; a checkpoint 0.5 s
  static final TimeBudget.Timing T = new TimeBudget.Timing(3, 0.5, 5, 4, 0.5);

  @Test
  void occurrencesCountEveryIntervalAndTheEnd() {
    assertEquals(3, TimeBudget.occurrences(45, 20)); // 20, 40 and the end at 45
    assertEquals(2, TimeBudget.occurrences(40, 20)); // 20 and 40, which is the end
    assertEquals(0, TimeBudget.occurrences(0, 20));
    assertEquals(0, TimeBudget.occurrences(45, 0)); // 0: never
  }

  @Test
  void theLargestStepCountThatFitsIsChosen() {
    // 60 s less 10 s used, the reserve 3 + 2 x 0.5 = 4 s and the first step's extra 2.5 s: 43.5 s for steps.
    // 60 steps: 30 s + 3 monitors x 4 s + 2 checkpoints x 0.5 s = 43 s, fits;
    // 61 steps: 30.5 s + 4 monitors x 4 s + 2 x 0.5 s = 47.5 s, does not.
    TimeBudget.Plan p = new TimeBudget(1).plan(10, T, 20, 50);
    assertEquals(4, p.reserveSeconds(), 1e-12);
    assertEquals(43, TimeBudget.cost(60, T, 20, 50), 1e-12);
    assertEquals(47.5, TimeBudget.cost(61, T, 20, 50), 1e-12);
    assertEquals(60, p.steps());
    assertEquals(10 + 4 + 2.5 + 43, p.plannedSeconds(), 1e-12);
    assertTrue(p.plannedSeconds() <= 60);
    // without monitors the same time holds 85 steps: 42.5 s + 2 checkpoints (86 steps: 43 + 1 = 44 s)
    assertEquals(85, new TimeBudget(1).plan(10, T, 0, 50).steps());
  }

  @Test
  void aBudgetTooSmallOrNotPositiveIsRefusedNamingTheFlag() {
    InvalidConfigException small = assertThrows(InvalidConfigException.class, () -> new TimeBudget(0.25).plan(10, T, 20, 50));
    assertTrue(small.getMessage().contains("--time-budget 0.25 min leaves time for"), small.getMessage());
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> new TimeBudget(bad).validate());
      assertTrue(e.getMessage().contains("--time-budget"), e.getMessage());
    }
  }
}
