package org.riskbench.engine.learning;

import java.util.Arrays;
import org.riskbench.core.Progress;

/**
 * The project's one logistic regression: multinomial (softmax) with an L2 penalty on standardised inputs, used by
 * the scoring ensemble, its fine-tuning (warm start) and the general trainer; and the binary form of the projects'
 * {@code logistic} model ({@link #fitBinary}). Hand-written on primitive arrays (Commons Math has no softmax
 * regression): full-batch gradient descent with Adam step sizes (Kingma and Ba 2015) on the (optionally
 * row-weighted) mean cross-entropy plus {@code lambda/2 |W|^2}, intercepts not penalised. With two classes this
 * is ordinary logistic regression (softmax over two logits).
 *
 * @param mean    per-feature mean used to standardise
 * @param scale   per-feature standard deviation (1 when a feature is constant)
 * @param weights classes x (features + 1); the last entry of a row is the intercept
 */
public record Logistic(double[] mean, double[] scale, double[][] weights) {

    /** Training settings. */
    public record Config(double lambda, int iterations, double learningRate) {
        public static Config defaults() {
            return new Config(1e-3, 100, 0.1);
        }
    }

    public int classes() {
        return weights.length;
    }

    public static Logistic fit(double[][] x, int[] y, int classes, Config config) {
        return fit(x, y, classes, null, config);
    }

    /** As {@link #fit(double[][], int[], int, Config)} with a weight per row (null: all 1), e.g. class weights. */
    public static Logistic fit(double[][] x, int[] y, int classes, double[] rowWeight, Config config) {
        int n = x.length;
        int p = x[0].length;
        double[] mean = new double[p];
        double[] scale = new double[p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < p; j++) {
            mean[j] /= n;
        }
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                double d = row[j] - mean[j];
                scale[j] += d * d;
            }
        }
        for (int j = 0; j < p; j++) {
            scale[j] = Math.sqrt(scale[j] / n);
            if (!(scale[j] > 1e-12)) {
                scale[j] = 1;
            }
        }
        double[][] w = new double[classes][p + 1];
        adam(x, mean, scale, y, rowWeight, w, config.lambda(), config.learningRate(), config.iterations());
        return new Logistic(mean, scale, w);
    }

    /**
     * Warm start: continues from {@code start}'s weights with its standardisation, {@code epochs} Adam steps (fresh
     * moments) of the same loss with the default penalty.
     */
    public static Logistic continueFit(Logistic start, double[][] x, int[] y, double learningRate, int epochs) {
        double[][] w = new double[start.weights().length][];
        for (int c = 0; c < w.length; c++) {
            w[c] = start.weights()[c].clone();
        }
        adam(x, start.mean(), start.scale(), y, null, w, Config.defaults().lambda(), learningRate, epochs);
        return new Logistic(start.mean().clone(), start.scale().clone(), w);
    }

    /**
     * Full-batch Adam on the rows standardised by {@code mean} and {@code scale}, updating {@code w} in place. Rows are
     * standardised as they are read (not copied): a million-row matrix is not held twice.
     */
    private static void adam(double[][] x, double[] mean, double[] scale, int[] y, double[] rowWeight, double[][] w, double lambda,
                             double learningRate, int iterations) {
        int n = x.length;
        int classes = w.length;
        int p = w[0].length - 1;
        double total = n;
        if (rowWeight != null) {
            total = 0;
            for (double v : rowWeight) {
                total += v;
            }
        }
        double[][] g = new double[classes][p + 1];
        double[][] m1 = new double[classes][p + 1];
        double[][] m2 = new double[classes][p + 1];
        double[] prob = new double[classes];
        double[] zi = new double[p];
        double b1 = 0.9;
        double b2 = 0.999;
        for (int it = 1; it <= iterations; it++) {
            for (double[] gr : g) {
                Arrays.fill(gr, 0);
            }
            for (int i = 0; i < n; i++) {
                standardise(x[i], mean, scale, zi);
                softmax(w, zi, prob);
                prob[y[i]] -= 1;
                double wi = rowWeight == null ? 1 : rowWeight[i];
                for (int c = 0; c < classes; c++) {
                    double d = rowWeight == null ? prob[c] : prob[c] * wi;
                    if (d == 0) {
                        continue;
                    }
                    double[] gc = g[c];
                    for (int j = 0; j < p; j++) {
                        gc[j] += d * zi[j];
                    }
                    gc[p] += d;
                }
            }
            double c1 = 1 - Math.pow(b1, it);
            double c2 = 1 - Math.pow(b2, it);
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j <= p; j++) {
                    double grad = g[c][j] / total + (j < p ? lambda * w[c][j] : 0);
                    m1[c][j] = b1 * m1[c][j] + (1 - b1) * grad;
                    m2[c][j] = b2 * m2[c][j] + (1 - b2) * grad * grad;
                    w[c][j] -= learningRate * (m1[c][j] / c1) / (Math.sqrt(m2[c][j] / c2) + 1e-8);
                }
            }
        }
    }

    /**
     * Binary logistic regression by plain full-batch gradient descent on the mean log loss plus {@code l2/2 |w|^2}
     * (intercept not penalised), from zero, on a design matrix the caller standardised: the projects'
     * {@code logistic} model. Returns the feature weights followed by the intercept.
     */
    public static double[] fitBinary(double[][] x, double[] y, int iterations, double learningRate, double l2, Progress progress) {
        int n = x.length;
        int p = n == 0 ? 0 : x[0].length;
        double[] w = new double[p];
        double b = 0;
        double[] grad = new double[p];
        for (int it = 0; it < iterations; it++) {
            if (it % 50 == 0) {
                progress.checkCancelled();
                progress.report((double) it / iterations, "train: gradient descent, iteration " + it + " of " + iterations);
            }
            Arrays.fill(grad, 0);
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double[] xi = x[i];
                double z = b;
                for (int j = 0; j < p; j++) {
                    z += w[j] * xi[j];
                }
                double err = sigmoid(z) - y[i];
                gb += err;
                for (int j = 0; j < p; j++) {
                    grad[j] += err * xi[j];
                }
            }
            for (int j = 0; j < p; j++) {
                w[j] -= learningRate * (grad[j] / n + l2 * w[j]);
            }
            b -= learningRate * gb / n;
        }
        double[] out = Arrays.copyOf(w, p + 1);
        out[p] = b;
        return out;
    }

    public static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    public static double[] standardise(double[] x, double[] mean, double[] scale, double[] out) {
        for (int j = 0; j < x.length; j++) {
            out[j] = (x[j] - mean[j]) / scale[j];
        }
        return out;
    }

    /** Softmax of the logits of standardised {@code z} into {@code out}. */
    public static void softmax(double[][] w, double[] z, double[] out) {
        int p = z.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double[] wc = w[c];
            double s = wc[p];
            for (int j = 0; j < p; j++) {
                s += wc[j] * z[j];
            }
            out[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < w.length; c++) {
            out[c] /= sum;
        }
    }

    /** Class probabilities of one raw (aligned, not standardised) row. */
    public double[] predict(double[] x) {
        double[] z = standardise(x, mean, scale, new double[x.length]);
        double[] out = new double[weights.length];
        softmax(weights, z, out);
        return out;
    }

    /** Class probabilities of one raw row into {@code out}, {@code z} scratch of the row's length: no allocation per row. */
    public void predict(double[] x, double[] z, double[] out) {
        softmax(weights, standardise(x, mean, scale, z), out);
    }

    public double[][] predict(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = predict(x[i]);
        }
        return out;
    }
}
