package io.simclr.config;

import static io.simclr.util.InvalidConfigException.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.common.hash.Hashing;
import io.simclr.augment.AugmentConfig;
import io.simclr.data.Manifest;
import io.simclr.model.ModelConfig;
import io.simclr.optim.LrScaling;
import io.simclr.optim.OptimizerConfig;
import io.simclr.util.ImageShape;
import io.simclr.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Everything that determines what a pretraining run computes: data, model, augmentation,
 * optimizer, schedule, loss temperature and seed. Stored in {@code run.json} and reused unchanged
 * by {@code --resume}; how a run executes (device, threads, logging) is not part of it. Start
 * from {@link #defaults} and change fields with the {@code with...} methods.
 *
 * @param data absolute path of the prepared dataset (its {@code train} split is used)
 * @param steps total steps; when 0, {@code epochs} passes over the training split
 * @param learningRate reference rate, scaled by {@code lrScaling} for the batch size
 * @param onlineProbe train a linear classifier on the (gradient-stopped) representation alongside,
 *     on the batch's labels, to watch representation quality; it does not change the encoder
 * @param onlineProbeLr the online probe's own Adam learning rate
 * @param globalBn with several replicas, batch norm over the global batch (as the official
 *     SimCLR) instead of each replica's part; one replica is the same either way
 */
public record Recipe(
    String data,
    ModelConfig model,
    AugmentConfig augment,
    OptimizerConfig optimizer,
    int batchSize,
    int epochs,
    long steps,
    double learningRate,
    LrScaling lrScaling,
    double warmupEpochs,
    double temperature,
    long seed,
    boolean onlineProbe,
    double onlineProbeLr,
    boolean globalBn) implements StepBudget {

  /**
   * The default recipe for a dataset of {@code image}-shaped images: resnet-small, batch 256,
   * 100 epochs, LARS at 0.2 x sqrt(B) with 10 warm-up epochs, temperature 0.2, seed 0.
   */
  /** A 32-bit hash of the whole recipe (its JSON form): equal recipes, equal hashes. */
  public int hash() {
    try {
      return Hashing.crc32c().hashString(Json.MAPPER.writeValueAsString(this), StandardCharsets.UTF_8).asInt();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Recipe defaults(Path data, ImageShape image) {
    return new Recipe(data.toAbsolutePath().toString(), ModelConfig.defaults(image),
        AugmentConfig.defaults(Math.min(image.height(), image.width())), OptimizerConfig.defaults(),
        256, 100, 0, 0.2, LrScaling.SQRT, 10, 0.2, 0, false, 1e-3, true);
  }

  /** The defaults for a prepared dataset: the online probe is on when it has two classes or more. */
  public static Recipe defaults(Path data, Manifest m) {
    return defaults(data, m.shape()).withOnlineProbe(m.classNames().size() >= 2);
  }

  public Recipe withData(String v) {
    return new Recipe(v, model, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, temperature, seed, onlineProbe, onlineProbeLr, globalBn);
  }

  public Recipe withModel(ModelConfig v) {
    return new Recipe(data, v, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, temperature, seed, onlineProbe, onlineProbeLr, globalBn);
  }

  public Recipe withAugment(AugmentConfig v) {
    return new Recipe(data, model, v, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, temperature, seed, onlineProbe, onlineProbeLr, globalBn);
  }

  public Recipe withOptimizer(OptimizerConfig v) {
    return new Recipe(data, model, augment, v, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, temperature, seed, onlineProbe, onlineProbeLr, globalBn);
  }

  /** This recipe with the six schedule fields of {@code s}. */
  public Recipe withScheduleSettings(Schedule s) {
    return new Recipe(data, model, augment, optimizer, s.batchSize(), s.epochs(), s.steps(), s.learningRate(), s.lrScaling(), s.warmupEpochs(), temperature, seed, onlineProbe, onlineProbeLr, globalBn);
  }

  public Recipe withBatchSize(int v) {
    return new Recipe(data, model, augment, optimizer, v, epochs, steps, learningRate, lrScaling, warmupEpochs, temperature, seed, onlineProbe, onlineProbeLr, globalBn);
  }

  public Recipe withEpochs(int v) {
    return new Recipe(data, model, augment, optimizer, batchSize, v, steps, learningRate, lrScaling, warmupEpochs, temperature, seed, onlineProbe, onlineProbeLr, globalBn);
  }

  public Recipe withSteps(long v) {
    return new Recipe(data, model, augment, optimizer, batchSize, epochs, v, learningRate, lrScaling, warmupEpochs, temperature, seed, onlineProbe, onlineProbeLr, globalBn);
  }

  public Recipe withLearningRate(double v) {
    return new Recipe(data, model, augment, optimizer, batchSize, epochs, steps, v, lrScaling, warmupEpochs, temperature, seed, onlineProbe, onlineProbeLr, globalBn);
  }

  public Recipe withLrScaling(LrScaling v) {
    return new Recipe(data, model, augment, optimizer, batchSize, epochs, steps, learningRate, v, warmupEpochs, temperature, seed, onlineProbe, onlineProbeLr, globalBn);
  }

  public Recipe withWarmupEpochs(double v) {
    return new Recipe(data, model, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, v, temperature, seed, onlineProbe, onlineProbeLr, globalBn);
  }

  public Recipe withTemperature(double v) {
    return new Recipe(data, model, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, v, seed, onlineProbe, onlineProbeLr, globalBn);
  }

  public Recipe withSeed(long v) {
    return new Recipe(data, model, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, temperature, v, onlineProbe, onlineProbeLr, globalBn);
  }

  public Recipe withOnlineProbe(boolean v) {
    return new Recipe(data, model, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, temperature, seed, v, onlineProbeLr, globalBn);
  }

  public Recipe withOnlineProbeLr(double v) {
    return new Recipe(data, model, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling, warmupEpochs, temperature, seed, onlineProbe, v, globalBn);
  }

  public Recipe withGlobalBn(boolean v) {
    return new Recipe(data, model, augment, optimizer, batchSize, epochs, steps, learningRate, lrScaling,
        warmupEpochs, temperature, seed, onlineProbe, onlineProbeLr, v);
  }

  /** Checks every value on its own; {@link #checkData} checks them against the dataset. */
  public void validate() {
    check(data != null && !data.isEmpty(), "--data is required");
    check(model != null && augment != null && optimizer != null && lrScaling != null, "incomplete recipe");
    model.validate();
    augment.validate();
    optimizer.validate();
    scheduleSettings().validate(2, " (NT-Xent needs negatives)");
    check(temperature > 0 && Double.isFinite(temperature), "--temperature must be > 0, got " + temperature);
    check(!onlineProbe || (onlineProbeLr > 0 && Double.isFinite(onlineProbeLr)),
        "--online-probe-lr must be > 0, got " + onlineProbeLr);
  }

  /** Checks the recipe against the prepared dataset's manifest, before its images are read. */
  public void checkData(Manifest m) {
    check(m.splits().containsKey("train"), data + ": has no 'train' split");
    ImageShape shape = m.shape();
    check(shape.equals(model.image()), data + ": images are " + shape + " but the model expects " + model.image());
    int n = m.splits().get("train").count();
    check(!onlineProbe || m.classNames().size() >= 2,
        data + ": has " + m.classNames().size() + " class; the online probe needs labels (--no-online-probe)");
    check(batchSize <= n, "--batch-size " + batchSize + " exceeds the " + n + " training images of " + data);
  }
}
