package org.riskbench.engine.scoring;

/**
 * Multinomial logistic regression with an L2 penalty, on standardised inputs. Hand-written on primitive
 * arrays (Commons Math has no softmax regression): full-batch gradient descent with Adam step sizes
 * (Kingma and Ba 2015) on the mean cross-entropy plus {@code lambda/2 |W|^2} (intercepts not penalised).
 * With two classes this is ordinary logistic regression (softmax over two logits).
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
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = standardise(x[i], mean, scale, new double[p]);
        }
        double[][] w = new double[classes][p + 1];
        double[][] g = new double[classes][p + 1];
        double[][] m1 = new double[classes][p + 1];
        double[][] m2 = new double[classes][p + 1];
        double[] prob = new double[classes];
        double b1 = 0.9;
        double b2 = 0.999;
        for (int it = 1; it <= config.iterations(); it++) {
            for (double[] gr : g) {
                java.util.Arrays.fill(gr, 0);
            }
            for (int i = 0; i < n; i++) {
                double[] zi = z[i];
                softmax(w, zi, prob);
                prob[y[i]] -= 1;
                for (int c = 0; c < classes; c++) {
                    double d = prob[c];
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
                    double grad = g[c][j] / n + (j < p ? config.lambda() * w[c][j] : 0);
                    m1[c][j] = b1 * m1[c][j] + (1 - b1) * grad;
                    m2[c][j] = b2 * m2[c][j] + (1 - b2) * grad * grad;
                    w[c][j] -= config.learningRate() * (m1[c][j] / c1) / (Math.sqrt(m2[c][j] / c2) + 1e-8);
                }
            }
        }
        return new Logistic(mean, scale, w);
    }

    static double[] standardise(double[] x, double[] mean, double[] scale, double[] out) {
        for (int j = 0; j < x.length; j++) {
            out[j] = (x[j] - mean[j]) / scale[j];
        }
        return out;
    }

    /** Softmax of the logits of standardised {@code z} into {@code out}. */
    static void softmax(double[][] w, double[] z, double[] out) {
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

    public double[][] predict(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = predict(x[i]);
        }
        return out;
    }
}
