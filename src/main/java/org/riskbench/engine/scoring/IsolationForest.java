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
        private final HeapLayout oldLayout; // TEMP
        private final int trees;
        /** Per tree, {@code 2^height} leaves: the path length of a row ending there. */
        private final double[] pathLength;
        private final double normaliser;
        private final int[] leaf;
        private final double[] total = new double[ROWS];

        private Compiled(IsolationForest forest) {
            this.forest = forest;
            int h = 0;
            for (Tree t : forest.trees()) {
                h = Math.max(h, HeapLayout.depth(t.feature(), t.left(), t.right(), 0));
            }
            deep = h > MAX_HEIGHT;
            trees = forest.trees().size();
            normaliser = c(forest.sampleSize());
            layout = new HeapLayout(trees, deep ? 0 : h);
            oldLayout = new HeapLayout(trees, deep ? 0 : h);
            pathLength = new double[trees * layout.width];
            for (int ti = 0; ti < trees && !deep; ti++) {
                Tree t = forest.trees().get(ti);
                double[] cut = new double[t.split().length];
                for (int k = 0; k < cut.length; k++) {
                    cut[k] = Math.nextDown(t.split()[k]);
                }
                layout.lay(ti, t.feature(), cut, t.left(), t.right(),
                        (node, depth, first, count) -> java.util.Arrays.fill(pathLength, first, first + count, depth + c(t.size()[node])));
                oldLayout.lay(ti, t.feature(), t.split(), t.left(), t.right(), (node, depth, first, count) -> { });
            }
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

        // TEMP: the walks this replaces, until a test has compared them
        public double scoreRowOld(double[] x) {
            int[] feature = oldLayout.feature;
            double[] split = oldLayout.cut;
            int height = oldLayout.height;
            if (deep) {
                return forest.score(x);
            }
            int width = 1 << height;
            double total = 0;
            int t = 0;
            for (; t + 8 <= trees; t += 8) {
                int b0 = t * width;
                int b1 = b0 + width;
                int b2 = b1 + width;
                int b3 = b2 + width;
                int b4 = b3 + width;
                int b5 = b4 + width;
                int b6 = b5 + width;
                int b7 = b6 + width;
                int h0 = 1;
                int h1 = 1;
                int h2 = 1;
                int h3 = 1;
                int h4 = 1;
                int h5 = 1;
                int h6 = 1;
                int h7 = 1;
                for (int level = 0; level < height; level++) {
                    h0 = 2 * h0 + (x[feature[b0 + h0]] < split[b0 + h0] ? 0 : 1);
                    h1 = 2 * h1 + (x[feature[b1 + h1]] < split[b1 + h1] ? 0 : 1);
                    h2 = 2 * h2 + (x[feature[b2 + h2]] < split[b2 + h2] ? 0 : 1);
                    h3 = 2 * h3 + (x[feature[b3 + h3]] < split[b3 + h3] ? 0 : 1);
                    h4 = 2 * h4 + (x[feature[b4 + h4]] < split[b4 + h4] ? 0 : 1);
                    h5 = 2 * h5 + (x[feature[b5 + h5]] < split[b5 + h5] ? 0 : 1);
                    h6 = 2 * h6 + (x[feature[b6 + h6]] < split[b6 + h6] ? 0 : 1);
                    h7 = 2 * h7 + (x[feature[b7 + h7]] < split[b7 + h7] ? 0 : 1);
                }
                total += pathLength[b0 + h0 - width];
                total += pathLength[b1 + h1 - width];
                total += pathLength[b2 + h2 - width];
                total += pathLength[b3 + h3 - width];
                total += pathLength[b4 + h4 - width];
                total += pathLength[b5 + h5 - width];
                total += pathLength[b6 + h6 - width];
                total += pathLength[b7 + h7 - width];
            }
            for (; t < trees; t++) {
                int b = t * width;
                int h = 1;
                for (int level = 0; level < height; level++) {
                    h = 2 * h + (x[feature[b + h]] < split[b + h] ? 0 : 1);
                }
                total += pathLength[b + h - width];
            }
            return Math.pow(2, -(total / trees) / normaliser);
        }

        /** Scores of rows {@code x[0..count)} into {@code out}; {@code total} is scratch of at least {@code count}. */
        public void scoreOld(double[][] x, int count, double[] total, double[] out) {
            int[] feature = oldLayout.feature;
            double[] split = oldLayout.cut;
            int height = oldLayout.height;
            if (deep) {
                for (int r = 0; r < count; r++) {
                    out[r] = forest.score(x[r]);
                }
                return;
            }
            java.util.Arrays.fill(total, 0, count, 0);
            int width = 1 << height;
            for (int ti = 0; ti < trees; ti++) {
                int base = ti * width;
                int r = 0;
                // eight walks at a time: independent chains of loads the processor runs side by side
                for (; r + 8 <= count; r += 8) {
                    double[] x0 = x[r];
                    double[] x1 = x[r + 1];
                    double[] x2 = x[r + 2];
                    double[] x3 = x[r + 3];
                    double[] x4 = x[r + 4];
                    double[] x5 = x[r + 5];
                    double[] x6 = x[r + 6];
                    double[] x7 = x[r + 7];
                    int h0 = 1;
                    int h1 = 1;
                    int h2 = 1;
                    int h3 = 1;
                    int h4 = 1;
                    int h5 = 1;
                    int h6 = 1;
                    int h7 = 1;
                    for (int level = 0; level < height; level++) {
                        h0 = 2 * h0 + (x0[feature[base + h0]] < split[base + h0] ? 0 : 1);
                        h1 = 2 * h1 + (x1[feature[base + h1]] < split[base + h1] ? 0 : 1);
                        h2 = 2 * h2 + (x2[feature[base + h2]] < split[base + h2] ? 0 : 1);
                        h3 = 2 * h3 + (x3[feature[base + h3]] < split[base + h3] ? 0 : 1);
                        h4 = 2 * h4 + (x4[feature[base + h4]] < split[base + h4] ? 0 : 1);
                        h5 = 2 * h5 + (x5[feature[base + h5]] < split[base + h5] ? 0 : 1);
                        h6 = 2 * h6 + (x6[feature[base + h6]] < split[base + h6] ? 0 : 1);
                        h7 = 2 * h7 + (x7[feature[base + h7]] < split[base + h7] ? 0 : 1);
                    }
                    total[r] += pathLength[base + h0 - width];
                    total[r + 1] += pathLength[base + h1 - width];
                    total[r + 2] += pathLength[base + h2 - width];
                    total[r + 3] += pathLength[base + h3 - width];
                    total[r + 4] += pathLength[base + h4 - width];
                    total[r + 5] += pathLength[base + h5 - width];
                    total[r + 6] += pathLength[base + h6 - width];
                    total[r + 7] += pathLength[base + h7 - width];
                }
                for (; r < count; r++) {
                    double[] xr = x[r];
                    int hr = 1;
                    for (int level = 0; level < height; level++) {
                        hr = 2 * hr + (xr[feature[base + hr]] < split[base + hr] ? 0 : 1);
                    }
                    total[r] += pathLength[base + hr - width];
                }
            }
            for (int r = 0; r < count; r++) {
                double mean = total[r] / trees;
                out[r] = Math.pow(2, -mean / normaliser);
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
