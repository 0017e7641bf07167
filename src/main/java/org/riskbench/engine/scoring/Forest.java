package org.riskbench.engine.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.riskbench.engine.learning.HeapLayout;

/**
 * A random forest of CART classification trees (Breiman 2001): each tree on a bootstrap sample, each split
 * chosen by Gini impurity among {@code sqrt(p)} randomly drawn features; leaves hold class frequencies and
 * the forest averages them. Hand-written on primitive arrays (no maintained JVM library fits our
 * dependency list). To keep training fast, split candidates are up to {@code bins - 1} quantile cut points
 * per feature computed once (the histogram approach of LightGBM and scikit-learn's HistGradientBoosting);
 * a tree stores real-valued thresholds, so prediction reads the raw aligned values ({@code x <= t} goes left).
 *
 * @param trees the fitted trees
 */
public record Forest(List<Tree> trees, int classes) {

    /** One tree as parallel arrays; {@code feature[k] < 0} marks a leaf with class frequencies {@code value[k]}. */
    public record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[][] value) {
    }

    public record Config(int trees, int maxDepth, int minLeaf, int bins, long seed) {
        public static Config defaults(long seed) {
            return new Config(25, 10, 3, 32, seed);
        }
    }

    public static Forest fit(double[][] x, int[] y, int classes, Config config) {
        int n = x.length;
        int p = x[0].length;
        org.riskbench.engine.learning.Bins binned = org.riskbench.engine.learning.Bins.of(x, config.bins());
        double[][] cuts = binned.cuts();
        byte[][] bin = binned.bin();
        SplittableRandom root = new SplittableRandom(config.seed());
        List<Tree> trees = new ArrayList<>();
        int mtry = Math.max(1, (int) Math.round(Math.sqrt(p)));
        for (int t = 0; t < config.trees(); t++) {
            SplittableRandom rng = root.split();
            int[] sample = new int[n];
            for (int i = 0; i < n; i++) {
                sample[i] = rng.nextInt(n);
            }
            trees.add(new Builder(bin, cuts, y, classes, config, mtry, rng).build(sample));
        }
        return new Forest(trees, classes);
    }

    private static final class Builder {
        final byte[][] bin;
        final double[][] cuts;
        final int[] y;
        final int classes;
        final Config config;
        final int mtry;
        final SplittableRandom rng;
        final List<Integer> feature = new ArrayList<>();
        final List<Double> threshold = new ArrayList<>();
        final List<Integer> left = new ArrayList<>();
        final List<Integer> right = new ArrayList<>();
        final List<double[]> value = new ArrayList<>();
        final int[] features;

        Builder(byte[][] bin, double[][] cuts, int[] y, int classes, Config config, int mtry, SplittableRandom rng) {
            this.bin = bin;
            this.cuts = cuts;
            this.y = y;
            this.classes = classes;
            this.config = config;
            this.mtry = mtry;
            this.rng = rng;
            this.features = new int[bin.length];
            for (int j = 0; j < features.length; j++) {
                features[j] = j;
            }
        }

        Tree build(int[] sample) {
            grow(sample, 0, sample.length, 0);
            int k = feature.size();
            int[] f = new int[k];
            double[] th = new double[k];
            int[] l = new int[k];
            int[] r = new int[k];
            for (int i = 0; i < k; i++) {
                f[i] = feature.get(i);
                th[i] = threshold.get(i);
                l[i] = left.get(i);
                r[i] = right.get(i);
            }
            return new Tree(f, th, l, r, value.toArray(new double[0][]));
        }

        /** Grows the node over {@code idx[from, to)}; returns its index. */
        int grow(int[] idx, int from, int to, int depth) {
            int node = feature.size();
            feature.add(-1);
            threshold.add(0.0);
            left.add(-1);
            right.add(-1);
            double[] counts = new double[classes];
            for (int i = from; i < to; i++) {
                counts[y[idx[i]]]++;
            }
            int size = to - from;
            double[] freq = new double[classes];
            for (int c = 0; c < classes; c++) {
                freq[c] = counts[c] / size;
            }
            value.add(freq);
            if (depth >= config.maxDepth() || size < 2 * config.minLeaf() || isPure(counts)) {
                return node;
            }
            double bestGain = 1e-12;
            int bestF = -1;
            int bestB = -1;
            double parent = gini(counts, size);
            double[] hist = new double[(config.bins()) * classes];
            double[] leftCounts = new double[classes];
            // partial Fisher-Yates: the first mtry entries are a random feature subset
            for (int k = 0; k < mtry; k++) {
                int s = k + rng.nextInt(features.length - k);
                int tmp = features[k];
                features[k] = features[s];
                features[s] = tmp;
                int j = features[k];
                int nb = cuts[j].length + 1;
                if (nb < 2) {
                    continue;
                }
                Arrays.fill(hist, 0, nb * classes, 0);
                byte[] bj = bin[j];
                for (int i = from; i < to; i++) {
                    int r = idx[i];
                    hist[(bj[r] & 0xFF) * classes + y[r]]++;
                }
                Arrays.fill(leftCounts, 0);
                int nl = 0;
                for (int b = 0; b < nb - 1; b++) {
                    for (int c = 0; c < classes; c++) {
                        double h = hist[b * classes + c];
                        leftCounts[c] += h;
                        nl += (int) h;
                    }
                    int nr = size - nl;
                    if (nl < config.minLeaf() || nr < config.minLeaf()) {
                        continue;
                    }
                    double gl = 0;
                    double gr = 0;
                    for (int c = 0; c < classes; c++) {
                        double a = leftCounts[c];
                        double bb = counts[c] - a;
                        gl += a * a;
                        gr += bb * bb;
                    }
                    double impurity = (nl - gl / nl) / size + (nr - gr / nr) / size;
                    double gain = parent - impurity;
                    if (gain > bestGain) {
                        bestGain = gain;
                        bestF = j;
                        bestB = b;
                    }
                }
            }
            if (bestF < 0) {
                return node;
            }
            // partition idx[from, to) by bin <= bestB
            byte[] bj = bin[bestF];
            int i = from;
            int k = to - 1;
            while (i <= k) {
                if ((bj[idx[i]] & 0xFF) <= bestB) {
                    i++;
                } else {
                    int tmp = idx[i];
                    idx[i] = idx[k];
                    idx[k] = tmp;
                    k--;
                }
            }
            feature.set(node, bestF);
            threshold.set(node, cuts[bestF][bestB]);
            int l = grow(idx, from, i, depth + 1);
            int r = grow(idx, i, to, depth + 1);
            left.set(node, l);
            right.set(node, r);
            return node;
        }

        static boolean isPure(double[] counts) {
            int nonZero = 0;
            for (double c : counts) {
                if (c > 0) {
                    nonZero++;
                }
            }
            return nonZero <= 1;
        }

        static double gini(double[] counts, int size) {
            double s = 0;
            for (double c : counts) {
                s += c * c;
            }
            return 1 - s / ((double) size * size);
        }
    }

    /** The trees laid out for scoring many rows: see {@link Compiled}. */
    public Compiled compile() {
        return new Compiled(this);
    }

    /**
     * The trees as complete binary trees of the forest's greatest depth in heap order, walked by {@link HeapLayout}:
     * a leaf above that depth covers a run of heap leaves that all hold its class frequencies. Frequencies are summed
     * in tree order as in {@link #predict(double[])}: the same probabilities to the bit. Keeps scratch arrays: one per
     * thread.
     */
    public static final class Compiled {
        /** Deeper forests are walked node by node: a complete tree of that height would not fit in cache. */
        static final int MAX_HEIGHT = 12;
        /** Rows walked tree by tree at a time: their cells and sums stay in the first-level caches. */
        static final int ROWS = 64;
        private final Forest forest;
        /** Trees too deep to lay out: walked node by node. */
        private final boolean deep;
        private final HeapLayout layout;
        private final int trees;
        private final int classes;
        /** Per tree, {@code 2^height} leaves of {@code classes} frequencies each. */
        private final double[] value;
        private final int[] leaf;

        private Compiled(Forest forest) {
            this.forest = forest;
            List<HeapLayout.Nodes> nodes = forest.trees().stream().map(t -> new HeapLayout.Nodes(t.feature(), t.threshold(), t.left(), t.right())).toList();
            layout = HeapLayout.forTrees(nodes, MAX_HEIGHT);
            deep = layout.tooDeep;
            trees = forest.trees().size();
            classes = forest.classes();
            value = new double[trees * layout.width * classes];
            layout.layAll(nodes, (ti, node, depth, first, count) -> {
                for (int leaf = first; leaf < first + count; leaf++) {
                    System.arraycopy(forest.trees().get(ti).value()[node], 0, value, leaf * classes, classes);
                }
            });
            leaf = new int[Math.max(trees, ROWS)];
        }

        /** The averaged class frequencies of one aligned row into {@code out} (length {@code classes}). */
        public void predict(double[] x, double[] out) {
            if (deep) {
                System.arraycopy(forest.predict(x), 0, out, 0, classes);
                return;
            }
            Arrays.fill(out, 0, classes, 0);
            layout.leaves(x, leaf);
            for (int t = 0; t < trees; t++) {
                add(leaf[t] * classes, out);
            }
            for (int c = 0; c < classes; c++) {
                out[c] /= trees;
            }
        }

        /** The averaged class frequencies of rows {@code x[from, to)} into {@code out[from, to)}: trees outer, a few rows inner. */
        public void predict(double[][] x, int from, int to, double[][] out) {
            if (deep) {
                for (int r = from; r < to; r++) {
                    System.arraycopy(forest.predict(x[r]), 0, out[r], 0, classes);
                }
                return;
            }
            for (int a = from; a < to; a += ROWS) {
                int b = Math.min(to, a + ROWS);
                for (int r = a; r < b; r++) {
                    Arrays.fill(out[r], 0, classes, 0);
                }
                for (int t = 0; t < trees; t++) {
                    layout.leaves(t, x, a, b, leaf);
                    for (int r = a; r < b; r++) {
                        add(leaf[r - a] * classes, out[r]);
                    }
                }
                for (int r = a; r < b; r++) {
                    double[] o = out[r];
                    for (int c = 0; c < classes; c++) {
                        o[c] /= trees;
                    }
                }
            }
        }

        private void add(int at, double[] out) {
            for (int c = 0; c < classes; c++) {
                out[c] += value[at + c];
            }
        }
    }

    public double[] predict(double[] x) {
        double[] out = new double[classes];
        for (Tree t : trees) {
            int k = 0;
            while (t.feature()[k] >= 0) {
                k = x[t.feature()[k]] <= t.threshold()[k] ? t.left()[k] : t.right()[k];
            }
            double[] v = t.value()[k];
            for (int c = 0; c < classes; c++) {
                out[c] += v[c];
            }
        }
        for (int c = 0; c < classes; c++) {
            out[c] /= trees.size();
        }
        return out;
    }

    public double[][] predict(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = predict(x[i]);
        }
        return out;
    }
}
