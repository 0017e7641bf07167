package org.riskbench.engine.scoring;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a bundle holds to score a table (inference.md section 4): the alignment (which owns the
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
        final double[][] isolationAdjust;
        final double[] total = new double[SIZE];
        final double[] anomaly = new double[SIZE];

        public Block(ScoringModel model) {
            x = new double[SIZE][model.alignment().columns().size()];
            for (int r = 0; r < SIZE; r++) {
                rows[r] = new RowScore(model.classes().size());
            }
            isolationAdjust = model.isolation().pathAdjustments();
        }
    }

    /** Scores rows {@code 0..count)} of a block (the single definition the table and the batch path share). */
    public void scoreBlock(Block b, int count) {
        isolation.score(b.x, count, b.isolationAdjust, b.total, b.anomaly);
        for (int r = 0; r < count; r++) {
            double[] xi = b.x[r];
            RowScore out = b.rows[r];
            double[] p = stacking.predict(xi);
            System.arraycopy(p, 0, out.probabilities, 0, p.length);
            out.supervised = QPolicy.argmax(p);
            out.anomaly = b.anomaly[r];
            Clusters.Assignment a = clusters.assign(xi);
            out.cluster = a.cluster();
            out.distance = a.distance();
            out.finalClass = policy == null ? out.supervised : policy.act(out.supervised, out.anomaly);
            out.topCount = topFeatures(xi, out.finalClass, out.top);
        }
    }

    /** The features with the largest {@code |coefficient x standardised value|} for class {@code c} in the logistic base learner. */
    List<String> topFeatures(double[] x, int c) {
        int[] top = new int[TOP_FEATURES];
        return topFeatureNames(top, topFeatures(x, c, top));
    }

    /**
     * The first {@link #TOP_FEATURES} columns of a stable sort by {@code -|contribution|} (ties: lower column
     * first), coded {@code 2 * column + (contribution < 0 ? 1 : 0)} into {@code out}; returns how many.
     */
    int topFeatures(double[] x, int c, int[] out) {
        double[] contrib = stacking.logistic().contributions(x, c);
        int k = Math.min(TOP_FEATURES, contrib.length);
        for (int pick = 0; pick < k; pick++) {
            int best = -1;
            for (int j = 0; j < contrib.length; j++) {
                if (taken(out, pick, j)) {
                    continue;
                }
                if (best < 0 || Double.compare(-Math.abs(contrib[j]), -Math.abs(contrib[best])) < 0) {
                    best = j;
                }
            }
            out[pick] = 2 * best + (contrib[best] >= 0 ? 0 : 1);
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
