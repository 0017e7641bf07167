package org.riskbench.engine.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

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

    /** {@code c(size)} of every node of every tree, so scoring many rows computes each once. */
    public double[][] pathAdjustments() {
        double[][] out = new double[trees.size()][];
        for (int t = 0; t < out.length; t++) {
            int[] size = trees.get(t).size();
            out[t] = new double[size.length];
            for (int k = 0; k < size.length; k++) {
                out[t][k] = c(size[k]);
            }
        }
        return out;
    }

    /** As {@link #score(double[])}, with {@link #pathAdjustments()} precomputed: the same value. */
    public double score(double[] x, double[][] adjust) {
        double total = 0;
        for (int ti = 0; ti < adjust.length; ti++) {
            Tree t = trees.get(ti);
            int[] feature = t.feature();
            double[] split = t.split();
            int k = 0;
            int depth = 0;
            while (feature[k] >= 0) {
                k = x[feature[k]] < split[k] ? t.left()[k] : t.right()[k];
                depth++;
            }
            total += depth + adjust[ti][k];
        }
        double mean = total / trees.size();
        return Math.pow(2, -mean / c(sampleSize));
    }

    /**
     * {@link #score(double[])} of rows {@code x[0..count)} into {@code out}, tree by tree so each tree stays in
     * cache while the block walks it; each row's path lengths are summed in tree order, as one row at a time.
     */
    public void score(double[][] x, int count, double[][] adjust, double[] total, double[] out) {
        java.util.Arrays.fill(total, 0, count, 0);
        for (int ti = 0; ti < adjust.length; ti++) {
            Tree t = trees.get(ti);
            int[] feature = t.feature();
            double[] split = t.split();
            int[] left = t.left();
            int[] right = t.right();
            double[] adj = adjust[ti];
            for (int r = 0; r < count; r++) {
                double[] xr = x[r];
                int k = 0;
                int depth = 0;
                while (feature[k] >= 0) {
                    k = xr[feature[k]] < split[k] ? left[k] : right[k];
                    depth++;
                }
                total[r] += depth + adj[k];
            }
        }
        double cn = c(sampleSize);
        for (int r = 0; r < count; r++) {
            double mean = total[r] / trees.size();
            out[r] = Math.pow(2, -mean / cn);
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
