package org.riskbench.engine.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.riskbench.core.Progress;

/**
 * Gradient-boosted decision trees on histograms (Friedman 2001; the second-order split gain and leaf weights of
 * XGBoost, Chen and Guestrin 2016; the binned features and histogram subtraction of LightGBM, Ke et al. 2017).
 * Hand-written on the binning the forest uses (docs/adr/0025-gbdt.md says why, with the figures).
 *
 * <p>Loss: log loss; two classes boost one logit (the second class's), more classes one tree per class per round
 * on the softmax. Each tree grows depth-wise to {@code maxDepth}; a split must leave {@code minLeaf} rows and
 * {@code minHessian} hessian on each side and gain more than 0. Leaf weight {@code -G / (H + lambda)} times the
 * learning rate. Rows may carry weights (class weights); each tree sees a seeded subsample of the rows.
 *
 * @param classes      the number of classes
 * @param base         the starting raw score per boosted output (log prior odds, or log priors)
 * @param trees        round by round, {@code outputs()} trees per round
 * @param features     the number of input features
 */
public record Gbdt(int classes, double[] base, List<Tree> trees, int features) {

    /** One tree as parallel arrays; {@code feature[k] < 0} marks a leaf worth {@code value[k]} (learning rate applied). */
    public record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value) {
        double raw(double[] x) {
            int k = 0;
            while (feature[k] >= 0) {
                k = x[feature[k]] <= threshold[k] ? left[k] : right[k];
            }
            return value[k];
        }
    }

    /**
     * @param rounds       boosting rounds
     * @param maxDepth     depth of each tree
     * @param minLeaf      rows a leaf needs at least
     * @param learningRate shrinkage of each tree
     * @param lambda       L2 penalty on leaf weights
     * @param bins         histogram bins per feature (at most 256)
     * @param subsample    share of rows each tree is fitted on
     * @param seed         seed of the subsampling
     */
    public record Config(int rounds, int maxDepth, int minLeaf, double learningRate, double lambda, int bins, double subsample,
                         long seed) {
        public static Config defaults(long seed) {
            return new Config(150, 5, 20, 0.1, 1.0, 64, 0.8, seed);
        }

        public Config withSeed(long s) {
            return new Config(rounds, maxDepth, minLeaf, learningRate, lambda, bins, subsample, s);
        }
    }

    private static final double MIN_HESSIAN = 1e-3;

    /** Outputs boosted per round: 1 for two classes, else one per class. */
    public int outputs() {
        return outputs(classes);
    }

    private static int outputs(int classes) {
        return classes == 2 ? 1 : classes;
    }

    public static Gbdt fit(double[][] x, int[] y, int classes, double[] weight, Config config, Progress progress) {
        int n = x.length;
        int k = outputs(classes);
        double[] w = weight != null ? weight : filled(n, 1);
        double[] prior = new double[classes];
        double total = 0;
        for (int i = 0; i < n; i++) {
            prior[y[i]] += w[i];
            total += w[i];
        }
        double[] base = new double[k];
        for (int c = 0; c < k; c++) {
            if (k == 1) {
                double p1 = clamp(prior[1] / total);
                base[0] = Math.log(p1 / (1 - p1));
            } else {
                base[c] = Math.log(clamp(prior[c] / total));
            }
        }
        Bins bins = Bins.of(x, config.bins());
        double[][] score = new double[k][n];
        for (int c = 0; c < k; c++) {
            Arrays.fill(score[c], base[c]);
        }
        double[] g = new double[n];
        double[] h = new double[n];
        double[] prob = new double[classes];
        SplittableRandom rng = new SplittableRandom(config.seed());
        List<Tree> trees = new ArrayList<>();
        int[] all = IntStream.range(0, n).toArray();
        for (int round = 0; round < config.rounds(); round++) {
            if (round % 10 == 0) {
                progress.checkCancelled();
                progress.report((double) round / config.rounds(), "gradient boosting: round " + (round + 1) + " of " + config.rounds());
            }
            int[] rows = sample(all, config.subsample(), rng);
            // the gradients of every output from the scores before this round (softmax couples them)
            double[][] gs = new double[k][];
            double[][] hs = new double[k][];
            for (int c = 0; c < k; c++) {
                gs[c] = c == 0 ? g : new double[n];
                hs[c] = c == 0 ? h : new double[n];
            }
            for (int i = 0; i < n; i++) {
                if (k == 1) {
                    double p = sigmoid(score[0][i]);
                    gs[0][i] = w[i] * (p - (y[i] == 1 ? 1 : 0));
                    hs[0][i] = w[i] * Math.max(p * (1 - p), 1e-12);
                } else {
                    softmax(score, i, prob);
                    for (int c = 0; c < k; c++) {
                        gs[c][i] = w[i] * (prob[c] - (y[i] == c ? 1 : 0));
                        hs[c][i] = w[i] * Math.max(prob[c] * (1 - prob[c]), 1e-12);
                    }
                }
            }
            for (int c = 0; c < k; c++) {
                Tree t = new Grower(bins, gs[c], hs[c], config).grow(rows.clone(), score[c]);
                trees.add(t);
            }
        }
        progress.report(1, "gradient boosting: " + config.rounds() + " rounds");
        return new Gbdt(classes, base, trees, x[0].length);
    }

    private static int[] sample(int[] all, double share, SplittableRandom rng) {
        if (share >= 1) {
            return all;
        }
        int[] out = new int[all.length];
        int m = 0;
        for (int i : all) {
            if (rng.nextDouble() < share) {
                out[m++] = i;
            }
        }
        return Arrays.copyOf(out, Math.max(m, 1));
    }

    /** Grows one tree and adds its leaf values to the scores of every row (sampled or not). */
    private static final class Grower {
        final Bins bins;
        final double[] g;
        final double[] h;
        final Config config;
        final int p;
        final List<Integer> feature = new ArrayList<>();
        final List<Double> threshold = new ArrayList<>();
        final List<Integer> left = new ArrayList<>();
        final List<Integer> right = new ArrayList<>();
        final List<Double> value = new ArrayList<>();
        /** Per node, the bin its threshold cuts at (the update of the scores walks bins, not values). */
        final List<Integer> cutBin = new ArrayList<>();

        Grower(Bins bins, double[] g, double[] h, Config config) {
            this.bins = bins;
            this.g = g;
            this.h = h;
            this.config = config;
            this.p = bins.cuts().length;
        }

        Tree grow(int[] idx, double[] score) {
            grow(idx, 0, idx.length, 0, histogram(idx, 0, idx.length));
            Tree t = new Tree(feature.stream().mapToInt(Integer::intValue).toArray(),
                    threshold.stream().mapToDouble(Double::doubleValue).toArray(),
                    left.stream().mapToInt(Integer::intValue).toArray(),
                    right.stream().mapToInt(Integer::intValue).toArray(),
                    value.stream().mapToDouble(Double::doubleValue).toArray());
            // every row, also those left out of this tree's sample, moves by its leaf
            byte[][] bin = bins.bin();
            int[] at = cutBin.stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < score.length; i++) {
                int k = 0;
                while (t.feature[k] >= 0) {
                    k = (bin[t.feature[k]][i] & 0xFF) <= at[k] ? t.left[k] : t.right[k];
                }
                score[i] += t.value[k];
            }
            return t;
        }

        /** Per feature and bin: gradient sum, hessian sum, rows. Features in parallel when the node is large. */
        double[][] histogram(int[] idx, int from, int to) {
            double[][] hist = new double[p][];
            IntStream features = IntStream.range(0, p);
            if ((long) (to - from) * p > 2_000_000) {
                features = features.parallel();
            }
            features.forEach(j -> {
                int nb = bins.count(j);
                double[] hj = new double[3 * nb];
                byte[] bj = bins.bin()[j];
                for (int i = from; i < to; i++) {
                    int r = idx[i];
                    int b = 3 * (bj[r] & 0xFF);
                    hj[b] += g[r];
                    hj[b + 1] += h[r];
                    hj[b + 2]++;
                }
                hist[j] = hj;
            });
            return hist;
        }

        int grow(int[] idx, int from, int to, int depth, double[][] hist) {
            int node = feature.size();
            feature.add(-1);
            threshold.add(0.0);
            left.add(-1);
            right.add(-1);
            cutBin.add(-1);
            double gSum = 0;
            double hSum = 0;
            double[] h0 = hist[0];
            for (int b = 0; b < h0.length; b += 3) {
                gSum += h0[b];
                hSum += h0[b + 1];
            }
            value.add(-gSum / (hSum + config.lambda()) * config.learningRate());
            int size = to - from;
            if (depth >= config.maxDepth() || size < 2 * config.minLeaf()) {
                return node;
            }
            double parent = gSum * gSum / (hSum + config.lambda());
            double bestGain = 1e-9;
            int bestF = -1;
            int bestB = -1;
            for (int j = 0; j < p; j++) {
                double[] hj = hist[j];
                double gl = 0;
                double hl = 0;
                int nl = 0;
                for (int b = 0; b + 3 < hj.length; b += 3) {
                    gl += hj[b];
                    hl += hj[b + 1];
                    nl += (int) hj[b + 2];
                    int nr = size - nl;
                    if (nl < config.minLeaf()) {
                        continue;
                    }
                    if (nr < config.minLeaf()) {
                        break;
                    }
                    double hr = hSum - hl;
                    if (hl < MIN_HESSIAN || hr < MIN_HESSIAN) {
                        continue;
                    }
                    double gr = gSum - gl;
                    double gain = gl * gl / (hl + config.lambda()) + gr * gr / (hr + config.lambda()) - parent;
                    if (gain > bestGain) {
                        bestGain = gain;
                        bestF = j;
                        bestB = b / 3;
                    }
                }
            }
            if (bestF < 0) {
                return node;
            }
            byte[] bj = bins.bin()[bestF];
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
            threshold.set(node, bins.cuts()[bestF][bestB]);
            cutBin.set(node, bestB);
            // histogram subtraction: build the smaller child's, the larger one is the parent's minus it
            boolean leftSmaller = i - from <= to - i;
            double[][] small = leftSmaller ? histogram(idx, from, i) : histogram(idx, i, to);
            double[][] large = new double[p][];
            for (int j = 0; j < p; j++) {
                double[] d = hist[j].clone();
                double[] s = small[j];
                for (int b = 0; b < d.length; b++) {
                    d[b] -= s[b];
                }
                large[j] = d;
            }
            int l = grow(idx, from, i, depth + 1, leftSmaller ? small : large);
            int r = grow(idx, i, to, depth + 1, leftSmaller ? large : small);
            left.set(node, l);
            right.set(node, r);
            return node;
        }
    }

    /** The trees laid out for scoring many rows: see {@link Compiled}. */
    public Compiled compile() {
        return new Compiled(this);
    }

    /**
     * The trees as complete binary trees of one height in heap order, walked by {@link HeapLayout}. Leaves are added
     * per output in tree order, as {@link #predict(double[])} adds them: the same probabilities to the bit. Keeps
     * scratch arrays: one per thread.
     */
    public static final class Compiled {
        /** Deeper trees are walked node by node: a complete tree of that height would not fit in cache. */
        static final int MAX_HEIGHT = 12;
        /** Rows walked tree by tree at a time: their cells and raw scores stay in the first-level caches. */
        static final int ROWS = 64;
        private final Gbdt gbdt;
        /** Trees too deep to lay out: walked node by node. */
        private final boolean deep;
        private final HeapLayout layout;
        private final int outputs;
        private final double[] value;
        private final int[] leaf;
        private final double[] raws;

        private Compiled(Gbdt gbdt) {
            this.gbdt = gbdt;
            List<HeapLayout.Nodes> nodes = gbdt.trees().stream().map(t -> new HeapLayout.Nodes(t.feature(), t.threshold(), t.left(), t.right())).toList();
            layout = HeapLayout.forTrees(nodes, MAX_HEIGHT);
            deep = layout.tooDeep;
            outputs = gbdt.outputs();
            int trees = gbdt.trees().size();
            value = new double[trees * layout.width];
            layout.layAll(nodes, (ti, node, depth, first, count) -> Arrays.fill(value, first, first + count, gbdt.trees().get(ti).value()[node]));
            leaf = new int[Math.max(trees, ROWS)];
            raws = new double[ROWS * outputs];
        }

        /** Class probabilities of one row into {@code out} (length {@code classes}). */
        public void predict(double[] x, double[] out) {
            if (deep) {
                System.arraycopy(gbdt.predict(x), 0, out, 0, gbdt.classes());
                return;
            }
            double[] raw = raws;
            System.arraycopy(gbdt.base(), 0, raw, 0, outputs);
            layout.leaves(x, leaf);
            int trees = layout.trees;
            if (outputs == 1) {
                double sum = raw[0];
                for (int t = 0; t < trees; t++) {
                    sum += value[leaf[t]];
                }
                raw[0] = sum;
            } else {
                for (int t = 0; t < trees; t++) {
                    raw[t % outputs] += value[leaf[t]];
                }
            }
            probabilities(raw, 0, gbdt.classes(), out);
        }

        /** Class probabilities of rows {@code x[from, to)} into {@code out[from, to)}: trees outer, a few rows inner. */
        public void predict(double[][] x, int from, int to, double[][] out) {
            if (deep) {
                for (int r = from; r < to; r++) {
                    System.arraycopy(gbdt.predict(x[r]), 0, out[r], 0, gbdt.classes());
                }
                return;
            }
            double[] base = gbdt.base();
            for (int a = from; a < to; a += ROWS) {
                int b = Math.min(to, a + ROWS);
                int m = b - a;
                for (int r = 0; r < m; r++) {
                    System.arraycopy(base, 0, raws, r * outputs, outputs);
                }
                for (int t = 0; t < layout.trees; t++) {
                    layout.leaves(t, x, a, b, leaf);
                    int c = t % outputs;
                    for (int r = 0; r < m; r++) {
                        raws[r * outputs + c] += value[leaf[r]];
                    }
                }
                for (int r = 0; r < m; r++) {
                    probabilities(raws, r * outputs, gbdt.classes(), out[a + r]);
                }
            }
        }
    }

    /** Class probabilities of one row. */
    public double[] predict(double[] x) {
        int k = outputs();
        double[] raw = base.clone();
        for (int t = 0; t < trees.size(); t++) {
            raw[t % k] += trees.get(t).raw(x);
        }
        double[] out = new double[classes];
        probabilities(raw, 0, classes, out);
        return out;
    }

    /** The sigmoid (one output) or softmax of raw scores {@code raw[at, at + outputs)} into {@code out}. */
    private static void probabilities(double[] raw, int at, int classes, double[] out) {
        int k = outputs(classes);
        if (k == 1) {
            out[1] = sigmoid(raw[at]);
            out[0] = 1 - out[1];
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, raw[at + c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            out[c] = Math.exp(raw[at + c] - max);
            sum += out[c];
        }
        for (int c = 0; c < k; c++) {
            out[c] /= sum;
        }
    }

    private static void softmax(double[][] score, int i, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (double[] s : score) {
            max = Math.max(max, s[i]);
        }
        double sum = 0;
        for (int c = 0; c < score.length; c++) {
            out[c] = Math.exp(score[c][i] - max);
            sum += out[c];
        }
        for (int c = 0; c < score.length; c++) {
            out[c] /= sum;
        }
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double clamp(double p) {
        return Math.min(1 - 1e-6, Math.max(1e-6, p));
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
