package org.riskbench.engine.scoring;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.riskbench.core.Progress;

/**
 * The scores of an {@link EnrichedBatch} in flat primitive arrays (row-major where there are several values
 * per row). Rows are aligned and scored chunk by chunk, in parallel on a pool; every row is a pure function
 * of its own values and the batch medians, written to its own slots, so the result is the same for any
 * number of threads. Row for row it equals {@link ScoringModel#score(Table)} on the same table (both call
 * {@link ScoringModel#scoreBlock}).
 *
 * @param rows          row count
 * @param classes       class count
 * @param probabilities {@code rows x classes}
 * @param finalClass    the policy's class index (before guardrails)
 * @param anomaly       isolation-forest score
 * @param cluster       nearest centroid
 * @param distance      normalised distance to it
 * @param top           {@code rows x TOP_FEATURES} coded top features (see {@link ScoringModel.RowScore#top})
 * @param topCount      top features per row (the same for every row)
 */
public record BatchScores(int rows, int classes, double[] probabilities, int[] finalClass, double[] anomaly, int[] cluster,
                          double[] distance, int[] top, int topCount) {

    /** What to read from the enriched file to score it with {@code model}, plus extra numeric and text columns. */
    public static EnrichedBatch.Spec spec(ScoringModel model, List<String> extraNumeric, List<String> text) {
        LinkedHashSet<String> numeric = new LinkedHashSet<>(model.alignment().numeric());
        numeric.addAll(extraNumeric);
        return new EnrichedBatch.Spec(new ArrayList<>(numeric), model.alignment().categorical(), text);
    }

    /** Scores every row of {@code batch} (read with {@link #spec}); {@code pool} null scores in this thread. */
    public static BatchScores score(ScoringModel model, EnrichedBatch batch, ExecutorService pool, Progress progress) {
        return start(model, batch, pool, progress, (scores, from, to) -> { }).await();
    }

    /** Told, on the thread that scored them, that rows {@code [from, to)} of {@code scores} are there. */
    @FunctionalInterface
    public interface ChunkScored {
        void scored(BatchScores scores, int from, int to);
    }

    /**
     * Scoring under way on a pool: a caller may use the first rows (after {@link #awaitRows}) while later ones
     * are being scored. The arrays of {@link #scores()} are filled chunk by chunk.
     */
    public static final class Running {
        private final BatchScores scores;
        private final List<EnrichedBatch.Chunk> chunks;
        private final List<Future<?>> futures;

        private Running(BatchScores scores, List<EnrichedBatch.Chunk> chunks, List<Future<?>> futures) {
            this.scores = scores;
            this.chunks = chunks;
            this.futures = futures;
        }

        /** The results; a row's values are there once {@link #awaitRows} past it has returned. */
        public BatchScores scores() {
            return scores;
        }

        /** Waits until rows {@code [0, to)} are scored; rethrows a failure of their scoring. */
        public void awaitRows(int to) {
            for (int k = 0; k < futures.size() && chunks.get(k).start < to; k++) {
                EnrichedBatch.join(futures.get(k));
            }
        }

        /** Waits for every row. */
        public BatchScores await() {
            awaitRows(Integer.MAX_VALUE);
            return scores;
        }
    }

    /**
     * Starts scoring every row of {@code batch} on {@code pool} (null: scores them now, in this thread);
     * {@code scored} is told of each chunk as it is done, before {@link Running#awaitRows} lets readers past it.
     */
    public static Running start(ScoringModel model, EnrichedBatch batch, ExecutorService pool, Progress progress,
                                ChunkScored scored) {
        Alignment al = model.alignment();
        int n = batch.rows();
        int c = model.classes().size();
        int p = al.columns().size();
        List<String> specNumeric = batch.spec().numeric();
        int numeric = al.numeric().size();
        int[] slot = new int[numeric];
        double[] fill = new double[numeric];
        for (int j = 0; j < numeric; j++) {
            slot[j] = specNumeric.indexOf(al.numeric().get(j));
            fill[j] = fillValue(batch, slot[j]);
        }
        List<String> cats = new ArrayList<>(al.categorical().keySet());
        List<String> specCats = new ArrayList<>(batch.spec().categorical().keySet());
        int[] catSlot = new int[cats.size()];
        int[] offset = new int[cats.size()];
        int off = numeric;
        for (int k = 0; k < cats.size(); k++) {
            catSlot[k] = specCats.indexOf(cats.get(k));
            offset[k] = off;
            off += al.categorical().get(cats.get(k)).size();
        }
        BatchScores out = new BatchScores(n, c, new double[n * c], new int[n], new double[n], new int[n], new double[n],
                new int[n * ScoringModel.TOP_FEATURES], Math.min(ScoringModel.TOP_FEATURES, p));
        List<Future<?>> futures = new ArrayList<>();
        for (EnrichedBatch.Chunk chunk : batch.chunks()) {
            Runnable task = () -> {
                progress.checkCancelled();
                ScoringModel.Block block = new ScoringModel.Block(model);
                for (int from = 0; from < chunk.size; from += ScoringModel.Block.SIZE) {
                    int count = Math.min(ScoringModel.Block.SIZE, chunk.size - from);
                    for (int q = 0; q < count; q++) {
                        int i = from + q;
                        double[] x = block.x[q];
                        java.util.Arrays.fill(x, numeric, p, 0);
                        for (int j = 0; j < numeric; j++) {
                            double a = chunk.num[slot[j]][i];
                            x[j] = Double.isFinite(a) ? a : fill[j];
                        }
                        for (int k = 0; k < catSlot.length; k++) {
                            int level = chunk.level[catSlot[k]][i];
                            if (level >= 0) {
                                x[offset[k] + level] = 1;
                            }
                        }
                    }
                    model.scoreBlock(block, count);
                    for (int q = 0; q < count; q++) {
                        ScoringModel.RowScore r = block.rows[q];
                        int row = chunk.start + from + q;
                        System.arraycopy(r.probabilities, 0, out.probabilities, row * c, c);
                        out.finalClass[row] = r.finalClass;
                        out.anomaly[row] = r.anomaly;
                        out.cluster[row] = r.cluster;
                        out.distance[row] = r.distance;
                        System.arraycopy(r.top, 0, out.top, row * ScoringModel.TOP_FEATURES, r.topCount);
                    }
                }
                scored.scored(out, chunk.start, chunk.start + chunk.size);
            };
            if (pool == null) {
                task.run();
                futures.add(java.util.concurrent.CompletableFuture.completedFuture(null));
            } else {
                futures.add(pool.submit(task));
            }
        }
        return new Running(out, batch.chunks(), futures);
    }

    /**
     * The value a non-finite cell gets: the batch median of the column's finite values (0 when none),
     * exactly as {@link Alignment#transform}; computed only when the column has a non-finite cell, since
     * otherwise it is never used.
     */
    private static double fillValue(EnrichedBatch batch, int slot) {
        boolean needed = false;
        for (EnrichedBatch.Chunk chunk : batch.chunks()) {
            double[] v = chunk.num[slot];
            for (int i = 0; i < chunk.size && !needed; i++) {
                needed = !Double.isFinite(v[i]);
            }
            if (needed) {
                break;
            }
        }
        return needed ? Alignment.median(batch.numeric(batch.spec().numeric().get(slot))) : 0;
    }

    public double probability(int row, int c) {
        return probabilities[row * classes + c];
    }
}
