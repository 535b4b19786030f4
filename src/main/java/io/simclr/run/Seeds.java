package io.simclr.run;

import java.util.Random;

/**
 * Every seed a run uses, derived from the run seed ({@code --seed}) in this one place, so that
 * the same seed and recipe give the same numbers and no two uses share a stream.
 *
 * <pre>
 * | what                          | derived seed                         | drawn by                                  |
 * |-------------------------------|--------------------------------------|-------------------------------------------|
 * | parameter initialisation      | (run seed, variable creation index)  | Params: stateless (truncated) normal      |
 * | augmentation of step s        | (run seed, s) + a stream per draw    | StepRandom: StatelessRandomUniform        |
 * | batch order of epoch e        | run seed * 1,000,003 + e             | java.util.Random -> Permutations          |
 * | random-init baseline encoder  | run seed + 1                         | Params of the exported baseline           |
 * | online probe initialisation   | none: zero weights and bias          | PretrainGraph                             |
 * | fine-tuning labelled subset, c | (run seed + 3) * 1,000,003 + c       | java.util.Random -> ClassBalanced         |
 * | fine-tuning classifier init   | (run seed, creation index)           | Params, after the encoder's variables     |
 * | kNN monitor subsets, class c  | (run seed + 2) * 1,000,003 + c,      | java.util.Random -> ClassBalanced         |
 * |                               | + 500,000 for the test subset        |                                           |
 * | linear probe                  | none: zero init, full batch, L-BFGS  | LinearProbe                               |
 * | probe validation split, class c | eval seed * 1,000,003 + c          | java.util.Random -> ClassBalanced         |
 * </pre>
 */
public final class Seeds {
  private Seeds() {}

  /** Seed of the stateless initialisers of every model variable. */
  public static long parameters(long runSeed) {
    return runSeed;
  }

  /** Key of the per-step stateless augmentation draws (combined with the global step). */
  public static long augmentation(long runSeed) {
    return runSeed;
  }

  /** The random source of epoch {@code epoch}'s batch order. */
  public static Random epochOrder(long runSeed, long epoch) {
    return new Random(runSeed * 1_000_003L + epoch);
  }

  /**
   * The shuffle of class {@code c}'s training images from which the linear probe holds out its
   * validation images. The eval seed is {@code linear-eval --seed} (0 by default), not the run's.
   */
  public static Random probeValidation(long evalSeed, int c) {
    return new Random(evalSeed * 1_000_003L + c);
  }

  /** The shuffle of class {@code c} from which the kNN monitor takes its training subset. */
  public static Random monitorTrain(long runSeed, int c) {
    return new Random((runSeed + 2) * 1_000_003L + c);
  }

  /** The shuffle of class {@code c} from which the kNN monitor takes its test subset. */
  public static Random monitorTest(long runSeed, int c) {
    return new Random((runSeed + 2) * 1_000_003L + 500_000 + c);
  }

  /** The shuffle of the training split from which the health monitor takes its fixed sample. */
  public static Random healthSample(long runSeed) {
    return new Random((runSeed + 4) * 1_000_003L);
  }

  /** The augmentation draws of the health monitor's two views of its sample (fixed for the run). */
  public static long healthViews(long runSeed) {
    return (runSeed + 4) * 1_000_003L + 1;
  }

  /** The shuffle of class {@code c} from which fine-tuning takes its labelled images. */
  public static Random finetuneSubset(long runSeed, int c) {
    return new Random((runSeed + 3) * 1_000_003L + c);
  }

  /** Initial weights of the random-init baseline: the same architecture, other weights. */
  public static long randomInitBaseline(long runSeed) {
    return runSeed + 1;
  }
}
