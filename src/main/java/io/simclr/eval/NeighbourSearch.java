package io.simclr.eval;

import java.util.stream.IntStream;

/**
 * Every row's nearest other rows, among L2-normalised embeddings: by brute force (the reference,
 * N^2 D work) or through the approximate {@link VectorIndex} (built once, then about log N work per
 * row), whichever the command was asked for.
 */
public sealed interface NeighbourSearch {
  /** The {@code k} most similar other rows of each row, most similar first. */
  Neighbours.Result[] all(int k);

  /** The row count searched. */
  int size();

  static NeighbourSearch exact(float[][] x) {
    return new Exact(x);
  }

  static NeighbourSearch approximate(float[][] x, VectorIndex.Settings settings, int threads) {
    return new Approximate(VectorIndex.build(x, settings, threads));
  }

  /** All pairs, exactly. */
  record Exact(float[][] x) implements NeighbourSearch {
    @Override
    public Neighbours.Result[] all(int k) {
      return IntStream.range(0, x.length).parallel()
          .mapToObj(i -> Neighbours.search(new float[][] {x[i]}, x, k, new int[] {i})[0])
          .toArray(Neighbours.Result[]::new);
    }

    @Override
    public int size() {
      return x.length;
    }
  }

  /** An HNSW graph over the rows. */
  record Approximate(VectorIndex index) implements NeighbourSearch {
    @Override
    public Neighbours.Result[] all(int k) {
      return index.searchAll(k);
    }

    @Override
    public int size() {
      return index.size();
    }
  }
}
