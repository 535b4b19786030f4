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
    // 60 s less 10 s used, the reserve 3 + 2 x 0.5 = 4 s and the first step's extra 2.5 s: 43.5 s for steps,
    // each planned at 0.5 s + 15% = 0.575 s.
    // 53 steps: 30.475 s + 3 monitors x 4 s + 2 checkpoints x 0.5 s = 43.475 s, fits;
    // 54 steps: 31.05 s + 12 s + 1 s = 44.05 s, does not.
    TimeBudget.Plan p = new TimeBudget(1).plan(10, T, 20, 50);
    assertEquals(4, p.reserveSeconds(), 1e-12);
    assertEquals(43.475, TimeBudget.cost(53, T, 20, 50), 1e-9);
    assertEquals(44.05, TimeBudget.cost(54, T, 20, 50), 1e-9);
    assertEquals(53, p.steps());
    assertEquals(10 + 4 + 2.5 + 43.475, p.plannedSeconds(), 1e-9);
    assertTrue(p.plannedSeconds() <= 60);
    // without monitors the same time holds 73 steps: 41.975 s + 2 checkpoints (74 steps: 42.55 + 1 = 43.55 s)
    assertEquals(73, new TimeBudget(1).plan(10, T, 0, 50).steps());
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
