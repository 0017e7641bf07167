package org.riskbench.engine.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.riskbench.engine.pipeline.ModelDocument.FeatureEncoding;

/**
 * Binary logistic regression, hand-written: full-batch gradient descent on the mean log loss with an L2
 * penalty (intercept not penalised). Numeric features are standardised with the training mean and standard
 * deviation (missing = mean); text features are one-hot encoded with the training levels.
 */
final class Logistic {
    private Logistic() {
    }

    /** A fitted model, stored in models/model.json as a {@link ModelDocument}. */
    record Model(List<FeatureEncoding> features, double[] weights, double intercept, String positive,
                 String target, double threshold) {
    }

    static Model fit(Table train, List<String> features, String target, String positive, int iterations, double lr,
                     double l2, double threshold, org.riskbench.core.Progress progress) {
        List<FeatureEncoding> spec = new ArrayList<>();
        for (String f : features) {
            int c = train.require(f, "train");
            if (train.numeric(c)) {
                double[] v = Drift.finite(train.numbers(c));
                double mean = 0;
                for (double x : v) {
                    mean += x;
                }
                mean /= Math.max(1, v.length);
                double ss = 0;
                for (double x : v) {
                    ss += (x - mean) * (x - mean);
                }
                double sd = Math.sqrt(ss / Math.max(1, v.length - 1));
                spec.add(FeatureEncoding.numeric(f, mean, sd > 0 ? sd : 1.0));
            } else {
                TreeSet<String> levels = new TreeSet<>();
                for (String x : train.column(c)) {
                    levels.add(x);
                }
                spec.add(FeatureEncoding.categorical(f, new ArrayList<>(levels)));
            }
        }
        double[][] x = design(train, spec);
        int ti = train.require(target, "train");
        double[] y = new double[train.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = train.rows().get(i)[ti].equals(positive) ? 1 : 0;
        }
        double[] wb = org.riskbench.engine.learning.Logistic.fitBinary(x, y, iterations, lr, l2, progress);
        double[] w = java.util.Arrays.copyOf(wb, wb.length - 1);
        double b = wb[wb.length - 1];
        return new Model(spec, w, b, positive, target, threshold);
    }

    static double[] predict(Model m, Table t) {
        double[][] x = design(t, m.features());
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double z = m.intercept();
            for (int j = 0; j < m.weights().length; j++) {
                z += m.weights()[j] * x[i][j];
            }
            out[i] = sigmoid(z);
        }
        return out;
    }

    static double[][] design(Table t, List<FeatureEncoding> spec) {
        int p = 0;
        for (FeatureEncoding s : spec) {
            p += s.isNumeric() ? 1 : s.levels().size();
        }
        double[][] x = new double[t.size()][p];
        int j = 0;
        for (FeatureEncoding s : spec) {
            int c = t.require(s.name(), "features");
            if (s.isNumeric()) {
                double mean = s.mean();
                double sd = s.std();
                for (int i = 0; i < x.length; i++) {
                    double v = Table.number(t.rows().get(i)[c]);
                    x[i][j] = Double.isNaN(v) ? 0 : (v - mean) / sd;
                }
                j++;
            } else {
                List<String> levels = s.levels();
                for (int i = 0; i < x.length; i++) {
                    int l = levels.indexOf(t.rows().get(i)[c]);
                    if (l >= 0) {
                        x[i][j + l] = 1;
                    }
                }
                j += levels.size();
            }
        }
        return x;
    }

    static double sigmoid(double z) {
        return org.riskbench.engine.learning.Logistic.sigmoid(z);
    }
}
