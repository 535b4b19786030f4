package io.simclr.config;

import static io.simclr.util.InvalidConfigException.check;

import io.simclr.augment.AugmentConfig;
import io.simclr.data.Manifest;
import io.simclr.model.ModelConfig;
import io.simclr.optim.LrScaling;
import io.simclr.optim.Optimizer;
import io.simclr.optim.OptimizerConfig;
import java.nio.file.Path;

/**
 * Everything that determines a fine-tuning run: the labelled subset, where the encoder starts,
 * the classifier, augmentation, optimiser and schedule. Stored in {@code finetune.json}, fixed on
 * resume. Start from {@link #defaults} and change fields with the {@code with...} methods.
 *
 * @param source where the encoder starts, as finetune.json records it ({@link EncoderStart#recorded}):
 *     a pretraining run directory, an encoder SavedModel exported by this project, or "scratch";
 *     read it typed with {@link #start()}
 * @param labelFraction share of each class's training images that keep their labels; 0 when
 *     {@code labelsPerClass} is used instead
 * @param fromHeadLayer fine-tune from this many hidden layers of the projection head (SimCLRv2),
 *     0 = from the representation h
 */
public record FinetuneRecipe(
    String data,
    String source,
    ModelConfig model,
    double labelFraction,
    int labelsPerClass,
    int fromHeadLayer,
    AugmentConfig augment,
    OptimizerConfig optimizer,
    int batchSize,
    int epochs,
    long steps,
    double learningRate,
    LrScaling lrScaling,
    double warmupEpochs,
    long seed) implements StepBudget {

  public static final String FILE_NAME = "finetune.json";
  /** The variable-name prefix of the classifier on top of the encoder (cls.w, cls.b). */
  public static final String CLASSIFIER = "cls";

  /**
   * Defaults for small labelled sets, after the official fine-tuning recipe: random crop and flip
   * only; momentum SGD (0.9) without weight decay (the few labels are regularisation enough, and
   * the pretrained weights should move little); lr 0.1 x B/256, no warm-up, cosine decay; batch 64
   * so that even 1% of Fashion-MNIST (600 images) gives 9 steps per epoch; 60 epochs (the official
   * 1%-labels budget; 30 is theirs for 10%).
   */
  public static FinetuneRecipe defaults(Path data, String source, ModelConfig model) {
    AugmentConfig a = AugmentConfig.defaults(Math.min(model.image().height(), model.image().width()))
        .withJitterProb(0).withGrayProb(0).withBlurProb(0);
    return new FinetuneRecipe(data.toAbsolutePath().toString(), source, model, 0.01, 0, 0, a,
        OptimizerConfig.defaults().withKind(Optimizer.SGD).withWeightDecay(0), 64, 60, 0, 0.1,
        LrScaling.LINEAR, 0, 0);
  }

  public FinetuneRecipe withData(String v) {
    return new FinetuneRecipe(v, source, model, labelFraction, labelsPerClass, fromHeadLayer, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, seed);
  }

  public FinetuneRecipe withSource(String v) {
    return new FinetuneRecipe(data, v, model, labelFraction, labelsPerClass, fromHeadLayer, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, seed);
  }

  public FinetuneRecipe withModel(ModelConfig v) {
    return new FinetuneRecipe(data, source, v, labelFraction, labelsPerClass, fromHeadLayer, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, seed);
  }

  public FinetuneRecipe withLabelFraction(double v) {
    return new FinetuneRecipe(data, source, model, v, labelsPerClass, fromHeadLayer, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, seed);
  }

  public FinetuneRecipe withLabelsPerClass(int v) {
    return new FinetuneRecipe(data, source, model, labelFraction, v, fromHeadLayer, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, seed);
  }

  public FinetuneRecipe withFromHeadLayer(int v) {
    return new FinetuneRecipe(data, source, model, labelFraction, labelsPerClass, v, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, seed);
  }

  public FinetuneRecipe withAugment(AugmentConfig v) {
    return new FinetuneRecipe(data, source, model, labelFraction, labelsPerClass, fromHeadLayer, v, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, seed);
  }

  public FinetuneRecipe withOptimizer(OptimizerConfig v) {
    return new FinetuneRecipe(data, source, model, labelFraction, labelsPerClass, fromHeadLayer, augment, v, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, seed);
  }

  /** This recipe with the six schedule fields of {@code s}. */
  public FinetuneRecipe withScheduleSettings(Schedule s) {
    return new FinetuneRecipe(data, source, model, labelFraction, labelsPerClass, fromHeadLayer, augment, optimizer, s.batchSize(), s.epochs(), s.steps(), s.learningRate(), s.lrScaling(), s.warmupEpochs(), seed);
  }

  public FinetuneRecipe withBatchSize(int v) {
    return new FinetuneRecipe(data, source, model, labelFraction, labelsPerClass, fromHeadLayer, augment, optimizer, v, epochs, steps, learningRate, lrScaling, warmupEpochs, seed);
  }

  public FinetuneRecipe withEpochs(int v) {
    return new FinetuneRecipe(data, source, model, labelFraction, labelsPerClass, fromHeadLayer, augment, optimizer, batchSize, v, steps, learningRate, lrScaling, warmupEpochs, seed);
  }

  public FinetuneRecipe withSteps(long v) {
    return new FinetuneRecipe(data, source, model, labelFraction, labelsPerClass, fromHeadLayer, augment, optimizer, batchSize, epochs, v, learningRate, lrScaling, warmupEpochs, seed);
  }

  public FinetuneRecipe withLearningRate(double v) {
    return new FinetuneRecipe(data, source, model, labelFraction, labelsPerClass, fromHeadLayer, augment, optimizer, batchSize, epochs, steps, v, lrScaling, warmupEpochs, seed);
  }

  public FinetuneRecipe withLrScaling(LrScaling v) {
    return new FinetuneRecipe(data, source, model, labelFraction, labelsPerClass, fromHeadLayer, augment, optimizer, batchSize, epochs, steps, learningRate, v, warmupEpochs, seed);
  }

  public FinetuneRecipe withWarmupEpochs(double v) {
    return new FinetuneRecipe(data, source, model, labelFraction, labelsPerClass, fromHeadLayer, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, v, seed);
  }

  public FinetuneRecipe withSeed(long v) {
    return new FinetuneRecipe(data, source, model, labelFraction, labelsPerClass, fromHeadLayer, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, v);
  }

  /** Where the encoder starts, typed. */
  public EncoderStart start() {
    return EncoderStart.of(source);
  }

  public void validate() {
    check(data != null && !data.isEmpty(), "--data is required");
    check(source != null && !source.isEmpty(), "--from is required (a pretraining run, an encoder SavedModel, or scratch)");
    model.validate();
    augment.validate();
    optimizer.validate();
    if (labelsPerClass == 0) {
      check(labelFraction > 0 && labelFraction <= 1, "--label-fraction must be in (0, 1], got " + labelFraction);
    } else {
      check(labelsPerClass > 0, "--labels-per-class must be > 0, got " + labelsPerClass);
      check(labelFraction == 0, "--label-fraction and --labels-per-class exclude each other");
    }
    check(fromHeadLayer >= 0 && fromHeadLayer <= model.headLayers() - 1,
        "--from-head-layer must be in [0, " + (model.headLayers() - 1) + "] for a " + model.headLayers()
            + "-layer head, got " + fromHeadLayer);
    scheduleSettings().validate(1, "");
  }

  /** Checks against the dataset's manifest; {@code labelled} is the size of the chosen subset. */
  public void checkData(Manifest m, int labelled) {
    check(m.splits().containsKey("train") && m.splits().containsKey("test"), data + ": needs 'train' and 'test' splits");
    check(m.shape().equals(model.image()), data + ": images are " + m.shape() + " but the encoder takes " + model.image());
    check(m.classNames().size() >= 2, data + ": has fewer than 2 classes");
    check(batchSize <= labelled, "--batch-size " + batchSize + " exceeds the " + labelled + " labelled images");
  }
}
