package io.simclr.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * An approximate nearest-neighbour index of L2-normalised embeddings: Apache Lucene's HNSW graph
 * (Malkov and Yashunin 2018), built in memory on all cores, searched by dot product (the cosine of
 * normalised rows). It holds the rows it was given (not a copy) and the graph, about
 * {@code 2 maxConn} neighbour ids per row on the bottom layer.
 */
public final class VectorIndex {
  /**
   * How the graph is built and searched.
   *
   * @param maxConn neighbours per node (Lucene's M)
   * @param beamWidth candidates kept while inserting (efConstruction)
   * @param searchWidth candidates kept while searching (ef): at least the k asked for
   */
  public record Settings(int maxConn, int beamWidth, int searchWidth, long seed) {
    public static Settings defaults() {
      return new Settings(16, 100, 100, 42);
    }
  }

  private static final VectorSimilarityFunction DOT = VectorSimilarityFunction.DOT_PRODUCT;

  private final RandomAccessVectorValues.Floats vectors;
  private final OnHeapHnswGraph graph;
  private final Settings settings;

  private VectorIndex(RandomAccessVectorValues.Floats vectors, OnHeapHnswGraph graph, Settings settings) {
    this.vectors = vectors;
    this.graph = graph;
    this.settings = settings;
  }

  /** Indexes the normalised rows {@code x} with {@code threads} builders. */
  public static VectorIndex build(float[][] x, Settings settings, int threads) {
    int dim = x.length == 0 ? 1 : x[0].length;
    RandomAccessVectorValues.Floats vectors = RandomAccessVectorValues.fromFloats(List.of(x), dim);
    try {
      RandomVectorScorerSupplier scorers = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(DOT, vectors);
      OnHeapHnswGraph graph;
      if (threads <= 1) {
        HnswGraphBuilder.randSeed = settings.seed();
        graph = HnswGraphBuilder.create(scorers, settings.maxConn(), settings.beamWidth(), settings.seed())
            .build(vectors.size());
      } else {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
          Thread t = new Thread(r, "hnsw-build");
          t.setDaemon(true);
          return t;
        });
        try {
          HnswGraphBuilder.randSeed = settings.seed();
          // an empty graph of the right size, from the builder that would fill it alone
          OnHeapHnswGraph empty = HnswGraphBuilder.create(scorers, settings.maxConn(), settings.beamWidth(),
              settings.seed(), vectors.size()).getGraph();
          graph = new HnswConcurrentMergeBuilder(new TaskExecutor(pool), threads, scorers, settings.maxConn(),
              settings.beamWidth(), empty, null).build(vectors.size());
        } finally {
          pool.shutdownNow();
        }
      }
      return new VectorIndex(vectors, graph, settings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int size() {
    return vectors.size();
  }

  /**
   * The (about) {@code k} most similar indexed rows to the normalised {@code query}, most similar
   * first; {@code exclude} (an index, or -1) is left out, e.g. the query itself.
   */
  public Neighbours.Result search(float[] query, int k, int exclude) {
    int want = Math.min(size(), k + (exclude >= 0 ? 1 : 0));
    if (want <= 0) {
      return new Neighbours.Result(new int[0], new float[0]);
    }
    try {
      RandomVectorScorer scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(DOT, vectors, query);
      TopDocs top = HnswGraphSearcher.search(scorer, Math.max(want, settings.searchWidth()), graph, null,
          Integer.MAX_VALUE).topDocs();
      // the candidates' exact similarities (the same floats as exact search), most similar first,
      // ties to the lower index
      int[] cand = Arrays.stream(top.scoreDocs).mapToInt(d -> d.doc).filter(d -> d != exclude).toArray();
      float[] sim = new float[cand.length];
      Integer[] order = new Integer[cand.length];
      for (int i = 0; i < cand.length; i++) {
        sim[i] = Neighbours.dot(query, vectors.vectorValue(cand[i]));
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> sim[a] != sim[b] ? Float.compare(sim[b], sim[a]) : Integer.compare(cand[a], cand[b]));
      int n = Math.min(k, cand.length);
      int[] idx = new int[n];
      float[] s = new float[n];
      for (int i = 0; i < n; i++) {
        idx[i] = cand[order[i]];
        s[i] = sim[order[i]];
      }
      return new Neighbours.Result(idx, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #search} for every indexed row against the others, on all cores. */
  public Neighbours.Result[] searchAll(int k) {
    return IntStream.range(0, size()).parallel().mapToObj(i -> {
      try {
        return search(vectors.vectorValue(i), k, i);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).toArray(Neighbours.Result[]::new);
  }
}
