package io.simclr.export;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.simclr.run.RunInfo;
import org.tensorflow.Signature;

/**
 * The preprocessing contract stored with an exported encoder
 * ({@code assets.extra/preprocessing.json}): what the {@code images} input expects.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExportContract(
    int height, int width, int channels, float minValue, float maxValue, String layout,
    int embeddingDim, int projectionDim, String encoder) {
  public static final String FILE = "assets.extra/preprocessing.json";
  public static final String RUN_FILE = RunInfo.IN_SAVED_MODEL;
  public static final String SERVING = "serving_default";
  public static final String PROJECTION = "projection";
  public static final String ENCODED = "embed_encoded";
  public static final String INPUT = "images";
  public static final String ENCODED_INPUT = "image_bytes";
  public static final String EMBEDDING = "embedding";
  public static final String PROJECTION_OUTPUT = "projection";
  /** TensorFlow Serving's Predict API accepts only signatures that declare this method. */
  public static final String PREDICT_METHOD = "tensorflow/serving/predict";

  /** A signature builder under {@code key} that TensorFlow Serving's Predict API accepts. */
  public static Signature.Builder predict(String key) {
    return Signature.builder().key(key).methodName(PREDICT_METHOD);
  }
}
