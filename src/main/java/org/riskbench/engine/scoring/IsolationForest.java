package org.riskbench.engine.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.riskbench.engine.learning.HeapLayout;

/**
 * Isolation forest (Liu, Ting and Zhou, "Isolation Forest", ICDM 2008), hand-written: no maintained JVM
 * library implements it. Each tree isolates a random subsample of {@code psi} rows by random splits
 * (a random feature, a uniform cut between its min and max in the node) up to height
 * {@code ceil(log2 psi)}; a leaf holding {@code size} rows adds {@code c(size)} to the path length. The
 * anomaly score is {@code s = 2^(-E[h(x)] / c(psi))} with {@code c(n) = 2 H(n-1) - 2 (n-1) / n}: near 1 is
 * anomalous, well under 0.5 is ordinary.
 *
 * @param trees      the trees
 * @param sampleSize the subsample size psi actually used
 */
public record IsolationForest(List<Tree> trees, int sampleSize) {

    /** {@code feature[k] < 0} marks an external node holding {@code size[k]} rows. */
    public record Tree(int[] feature, double[] split, int[] left, int[] right, int[] size) {
    }

    public static IsolationForest fit(double[][] x, int trees, int subsample, long seed) {
        int n = x.length;
        int psi = Math.min(subsample, n);
        int limit = (int) Math.ceil(Math.log(Math.max(2, psi)) / Math.log(2));
        SplittableRandom rng = new SplittableRandom(seed);
        List<Tree> out = new ArrayList<>();
        for (int t = 0; t < trees; t++) {
            // sample psi distinct rows (partial Fisher-Yates over an index array)
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            for (int i = 0; i < psi; i++) {
                int j = i + rng.nextInt(n - i);
                int tmp = all[i];
                all[i] = all[j];
                all[j] = tmp;
            }
            int[] idx = java.util.Arrays.copyOf(all, psi);
            TreeBuilder b = new TreeBuilder(x, rng, limit);
            b.grow(idx, 0, psi, 0);
            out.add(b.tree());
        }
        return new IsolationForest(out, psi);
    }

    private static final class TreeBuilder {
        final double[][] x;
        final SplittableRandom rng;
        final int limit;
        final List<int[]> nodes = new ArrayList<>(); // feature, left, right, size
        final List<Double> splits = new ArrayList<>();

        TreeBuilder(double[][] x, SplittableRandom rng, int limit) {
            this.x = x;
            this.rng = rng;
            this.limit = limit;
        }

        int grow(int[] idx, int from, int to, int depth) {
            int node = nodes.size();
            int[] rec = {-1, -1, -1, to - from};
            nodes.add(rec);
            splits.add(0.0);
            if (depth >= limit || to - from <= 1) {
                return node;
            }
            int p = x[0].length;
            // pick a random feature that is not constant in the node (give up after p tries)
            for (int attempt = 0; attempt < p; attempt++) {
                int j = rng.nextInt(p);
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int i = from; i < to; i++) {
                    double v = x[idx[i]][j];
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                if (!(hi > lo)) {
                    continue;
                }
                double s = lo + rng.nextDouble() * (hi - lo);
                int i = from;
                int k = to - 1;
                while (i <= k) {
                    if (x[idx[i]][j] < s) {
                        i++;
                    } else {
                        int tmp = idx[i];
                        idx[i] = idx[k];
                        idx[k] = tmp;
                        k--;
                    }
                }
                rec[0] = j;
                splits.set(node, s);
                rec[1] = grow(idx, from, i, depth + 1);
                rec[2] = grow(idx, i, to, depth + 1);
                return node;
            }
            return node;
        }

        Tree tree() {
            int m = nodes.size();
            int[] f = new int[m];
            double[] s = new double[m];
            int[] l = new int[m];
            int[] r = new int[m];
            int[] size = new int[m];
            for (int k = 0; k < m; k++) {
                int[] rec = nodes.get(k);
                f[k] = rec[0];
                l[k] = rec[1];
                r[k] = rec[2];
                size[k] = rec[3];
                s[k] = splits.get(k);
            }
            return new Tree(f, s, l, r, size);
        }
    }

    /** Average path length of an unsuccessful BST search among n points, c(n) of the paper. */
    static double c(double n) {
        if (n <= 1) {
            return 0;
        }
        if (n == 2) {
            return 1;
        }
        double h = Math.log(n - 1) + 0.5772156649015329;
        return 2 * h - 2 * (n - 1) / n;
    }

    /** The trees laid out for scoring many rows: see {@link Compiled}. */
    public Compiled compile() {
        return new Compiled(this);
    }

    /**
     * The trees as complete binary trees of the forest's greatest depth in heap order, walked by {@link HeapLayout}: an
     * external node above that depth covers a run of heap leaves that all hold its path length {@code depth + c(size)}.
     * A tree sends {@code x < split} left, the layout {@code x <= cut}: the cut is the double just below the split,
     * which sends every value (NaN and infinities included) the same way. Path lengths are summed in tree order as in
     * {@link #score(double[])}: the same scores to the bit. Keeps scratch arrays: one per thread.
     */
    public static final class Compiled {
        /** Deeper forests are walked node by node: a complete tree of that height would not fit in cache. */
        static final int MAX_HEIGHT = 14;
        /** Rows walked tree by tree at a time: their cells and sums stay in the first-level caches. */
        static final int ROWS = 64;
        private final IsolationForest forest;
        /** Trees too deep to lay out: walked node by node. */
        private final boolean deep;
        private final HeapLayout layout;
        private final int trees;
        /** Per tree, {@code 2^height} leaves: the path length of a row ending there. */
        private final double[] pathLength;
        private final double normaliser;
        private final int[] leaf;
        private final double[] total = new double[ROWS];

        private Compiled(IsolationForest forest) {
            this.forest = forest;
            // a tree sends x < split left, the layout x <= cut: the cut is the double just below the split
            List<HeapLayout.Nodes> nodes = forest.trees().stream().map(t -> {
                double[] cut = new double[t.split().length];
                for (int k = 0; k < cut.length; k++) {
                    cut[k] = Math.nextDown(t.split()[k]);
                }
                return new HeapLayout.Nodes(t.feature(), cut, t.left(), t.right());
            }).toList();
            layout = HeapLayout.forTrees(nodes, MAX_HEIGHT);
            deep = layout.tooDeep;
            trees = forest.trees().size();
            normaliser = c(forest.sampleSize());
            pathLength = new double[trees * layout.width];
            layout.layAll(nodes, (ti, node, depth, first, count) ->
                    java.util.Arrays.fill(pathLength, first, first + count, depth + c(forest.trees().get(ti).size()[node])));
            leaf = new int[Math.max(trees, ROWS)];
        }

        /** The score of one row. */
        public double score(double[] x) {
            if (deep) {
                return forest.score(x);
            }
            layout.leaves(x, leaf);
            double sum = 0;
            for (int t = 0; t < trees; t++) {
                sum += pathLength[leaf[t]];
            }
            return Math.pow(2, -(sum / trees) / normaliser);
        }

        /** Scores of rows {@code x[from, to)} into {@code out[from, to)}: trees outer, a few rows inner. */
        public void score(double[][] x, int from, int to, double[] out) {
            if (deep) {
                for (int r = from; r < to; r++) {
                    out[r] = forest.score(x[r]);
                }
                return;
            }
            for (int a = from; a < to; a += ROWS) {
                int b = Math.min(to, a + ROWS);
                int m = b - a;
                java.util.Arrays.fill(total, 0, m, 0);
                for (int t = 0; t < trees; t++) {
                    layout.leaves(t, x, a, b, leaf);
                    for (int r = 0; r < m; r++) {
                        total[r] += pathLength[leaf[r]];
                    }
                }
                for (int r = 0; r < m; r++) {
                    out[a + r] = Math.pow(2, -(total[r] / trees) / normaliser);
                }
            }
        }
    }

    public double score(double[] x) {
        double total = 0;
        for (Tree t : trees) {
            int k = 0;
            int depth = 0;
            while (t.feature()[k] >= 0) {
                k = x[t.feature()[k]] < t.split()[k] ? t.left()[k] : t.right()[k];
                depth++;
            }
            total += depth + c(t.size()[k]);
        }
        double mean = total / trees.size();
        return Math.pow(2, -mean / c(sampleSize));
    }
}
