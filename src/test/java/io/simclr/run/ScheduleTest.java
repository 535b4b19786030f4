package io.simclr.run;

import io.simclr.config.FinetuneRecipe;
import io.simclr.config.Recipe;
import io.simclr.config.Schedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simclr.model.ModelConfig;
import io.simclr.util.ImageShape;
import io.simclr.util.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Both recipes check their schedule by one rule: same refusals, same lines. */
class ScheduleTest {
  private static final ImageShape SHAPE = new ImageShape(28, 28, 1);

  private static String refusal(Runnable validate) {
    return assertThrows(InvalidConfigException.class, validate::run).getMessage();
  }

  @Test
  void pretrainingAndFinetuningRefuseTheSameSchedules() {
    Recipe p = Recipe.defaults(Path.of("/d"), SHAPE);
    FinetuneRecipe f = FinetuneRecipe.defaults(Path.of("/d"), "/runs/a", ModelConfig.defaults(SHAPE));
    List<UnaryOperator<Schedule>> bad = List.of(
        s -> s.withSteps(-5).withEpochs(0),
        s -> s.withSteps(-5),
        s -> s.withWarmupEpochs(Double.POSITIVE_INFINITY),
        s -> s.withWarmupEpochs(-1),
        s -> s.withLearningRate(Double.NaN),
        s -> s.withEpochs(0).withSteps(0));
    for (UnaryOperator<Schedule> b : bad) {
      // the same epochs and batch on both sides, so the lines name the same values
      String pretrain = refusal(() -> p.withScheduleSettings(b.apply(p.scheduleSettings().withEpochs(10).withBatchSize(64))).validate());
      String finetune = refusal(() -> f.withScheduleSettings(b.apply(f.scheduleSettings().withEpochs(10).withBatchSize(64))).validate());
      assertEquals(pretrain, finetune);
    }
    assertEquals("--warmup-epochs must be >= 0, got Infinity",
        refusal(() -> f.withWarmupEpochs(Double.POSITIVE_INFINITY).validate()));
    assertEquals("--epochs and --steps must not be negative, got 60 and -5", refusal(() -> f.withSteps(-5).validate()));
    // the batch rule is each recipe's own
    assertEquals("--batch-size must be >= 2 (NT-Xent needs negatives), got 1", refusal(() -> p.withBatchSize(1).validate()));
    f.withBatchSize(1).validate();
  }
}
