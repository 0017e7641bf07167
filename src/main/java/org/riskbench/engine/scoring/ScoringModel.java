package org.riskbench.engine.scoring;

import org.riskbench.engine.learning.Logistic;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a bundle holds to score a table (docs/spec/inference.md section 4): the alignment (which owns the
 * column list), the class list, the stacking ensemble, the isolation forest, the k-means clusters and the
 * learned Q-table threshold policy (null for a plain classifier, e.g. a benchmark).
 */
public record ScoringModel(Alignment alignment, List<String> classes, Stacking stacking, IsolationForest isolation,
                           Clusters clusters, QPolicy policy) {
    public static final int TOP_FEATURES = 3;

    public ScoringModel {
        classes = List.copyOf(classes);
    }

    /** Per-row scores of one table. {@code finalClass} is the policy's choice, before guardrails. */
    public record Scores(double[][] probabilities, int[] supervised, int[] finalClass, double[] anomaly, int[] cluster,
                         double[] clusterDistance, List<List<String>> topFeatures) {
    }

    public Scores score(Table t) {
        double[][] x = alignment.transform(t);
        int n = x.length;
        double[][] probs = new double[n][];
        int[] sup = new int[n];
        int[] fin = new int[n];
        double[] anomaly = new double[n];
        int[] cluster = new int[n];
        double[] dist = new double[n];
        List<List<String>> top = new ArrayList<>(n);
        Block block = new Block(this);
        for (int from = 0; from < n; from += Block.SIZE) {
            int count = Math.min(Block.SIZE, n - from);
            System.arraycopy(x, from, block.x, 0, count);
            scoreBlock(block, count);
            for (int r = 0; r < count; r++) {
                RowScore s = block.rows[r];
                int i = from + r;
                probs[i] = s.probabilities.clone();
                sup[i] = s.supervised;
                fin[i] = s.finalClass;
                anomaly[i] = s.anomaly;
                cluster[i] = s.cluster;
                dist[i] = s.distance;
                top.add(topFeatureNames(s.top, s.topCount));
            }
        }
        return new Scores(probs, sup, fin, anomaly, cluster, dist, top);
    }

    /** The scores of one row, reused from block to block. */
    public static final class RowScore {
        public final double[] probabilities;
        public int supervised;
        public int finalClass;
        public double anomaly;
        public int cluster;
        public double distance;
        /** Top features as {@code 2 * column + (negative ? 1 : 0)}, strongest first; {@link #topCount} of them. */
        public final int[] top = new int[TOP_FEATURES];
        public int topCount;

        RowScore(int classes) {
            probabilities = new double[classes];
        }
    }

    /** Up to {@link #SIZE} aligned rows ({@link #x}) and their scores ({@link #rows}); one per thread. */
    public static final class Block {
        public static final int SIZE = 64;
        /** The rows to score: a caller fills {@code x[0..count)} (or points them at its own arrays). */
        public final double[][] x;
        public final RowScore[] rows = new RowScore[SIZE];
        final IsolationForest.Compiled isolation;
        final Forest.Compiled forest;
        final double[] anomaly = new double[SIZE];
        /** Scratch of one row: standardised values, base learners' probabilities, the meta-learner's input. */
        final double[] z;
        final double[] metaIn;
        final double[] metaZ;
        /** The forest's probabilities of the block's rows. */
        final double[][] forestOut;

        public Block(ScoringModel model) {
            int p = model.alignment().columns().size();
            int c = model.classes().size();
            x = new double[SIZE][p];
            for (int r = 0; r < SIZE; r++) {
                rows[r] = new RowScore(c);
            }
            isolation = model.isolation().compile();
            forest = model.stacking().forest().compile();
            z = new double[p];
            metaIn = new double[2 * c];
            metaZ = new double[2 * c];
            forestOut = new double[SIZE][c];
        }
    }

    /**
     * Scores rows {@code 0..count)} of a block (the single definition the table and the batch path share).
     * Probabilities are those of {@link Stacking#predict(double[])} to the bit; each row is standardised once,
     * for the logistic learner and for its top features.
     */
    public void scoreBlock(Block b, int count) {
        b.isolation.score(b.x, 0, count, b.anomaly);
        b.forest.predict(b.x, 0, count, b.forestOut);
        Logistic lr = stacking.logistic();
        Logistic meta = stacking.meta();
        int c = classes.size();
        for (int r = 0; r < count; r++) {
            double[] xi = b.x[r];
            RowScore out = b.rows[r];
            Logistic.standardise(xi, lr.mean(), lr.scale(), b.z);
            Logistic.softmax(lr.weights(), b.z, b.metaIn);
            System.arraycopy(b.forestOut[r], 0, b.metaIn, c, c);
            Logistic.standardise(b.metaIn, meta.mean(), meta.scale(), b.metaZ);
            Logistic.softmax(meta.weights(), b.metaZ, out.probabilities);
            out.supervised = QPolicy.argmax(out.probabilities);
            out.anomaly = b.anomaly[r];
            Clusters.Assignment a = clusters.assign(xi);
            out.cluster = a.cluster();
            out.distance = a.distance();
            out.finalClass = policy == null ? out.supervised : policy.act(out.supervised, out.anomaly);
            out.topCount = topFeaturesOfStandardised(b.z, out.finalClass, out.top);
        }
    }

    /** The features with the largest {@code |coefficient x standardised value|} for class {@code c} in the logistic base learner. */
    List<String> topFeatures(double[] x, int c) {
        Logistic lr = stacking.logistic();
        double[] z = Logistic.standardise(x, lr.mean(), lr.scale(), new double[x.length]);
        int[] top = new int[TOP_FEATURES];
        return topFeatureNames(top, topFeaturesOfStandardised(z, c, top));
    }

    /**
     * The first {@link #TOP_FEATURES} columns of a stable sort by {@code -|contribution|} (ties: lower column
     * first), contributions {@code w[c][j] * z[j]} of the standardised row {@code z}, coded
     * {@code 2 * column + (contribution < 0 ? 1 : 0)} into {@code out}; returns how many.
     */
    int topFeaturesOfStandardised(double[] z, int c, int[] out) {
        double[] w = stacking.logistic().weights()[c];
        int k = Math.min(TOP_FEATURES, z.length);
        for (int pick = 0; pick < k; pick++) {
            int best = -1;
            double bestSize = 0;
            for (int j = 0; j < z.length; j++) {
                double size = Math.abs(w[j] * z[j]);
                // strictly larger wins, so the lower column keeps a tie; NaN loses to any number
                boolean larger = best < 0 || size > bestSize || (Double.isNaN(bestSize) && !Double.isNaN(size));
                if (larger && !taken(out, pick, j)) {
                    best = j;
                    bestSize = size;
                }
            }
            out[pick] = 2 * best + (w[best] * z[best] >= 0 ? 0 : 1);
        }
        return k;
    }

    private static boolean taken(int[] out, int picked, int j) {
        for (int q = 0; q < picked; q++) {
            if (out[q] >> 1 == j) {
                return true;
            }
        }
        return false;
    }

    /** {@code column(+)} or {@code column(-)} of a coded top feature. */
    public String topFeatureName(int code) {
        return alignment.columns().get(code >> 1) + ((code & 1) == 0 ? "(+)" : "(-)");
    }

    List<String> topFeatureNames(int[] codes, int count) {
        List<String> out = new ArrayList<>(count);
        for (int q = 0; q < count; q++) {
            out.add(topFeatureName(codes[q]));
        }
        return out;
    }
}
