package org.riskbench.engine.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Binary logistic regression, hand-written: full-batch gradient descent on the mean log loss with an L2
 * penalty (intercept not penalised). Numeric features are standardised with the training mean and standard
 * deviation (missing = mean); text features are one-hot encoded with the training levels.
 */
final class Logistic {
    private Logistic() {
    }

    /** A fitted model as stored in models/model.json. */
    record Model(List<Map<String, Object>> features, double[] weights, double intercept, String positive,
                 String target, double threshold) {
    }

    static Model fit(Table train, List<String> features, String target, String positive, int iterations, double lr,
                     double l2, double threshold, org.riskbench.core.Progress progress) {
        List<Map<String, Object>> spec = new ArrayList<>();
        for (String f : features) {
            int c = train.require(f, "train");
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", f);
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
                s.put("type", "numeric");
                s.put("mean", mean);
                s.put("std", sd > 0 ? sd : 1.0);
            } else {
                s.put("type", "categorical");
                TreeSet<String> levels = new TreeSet<>();
                for (String x : train.column(c)) {
                    levels.add(x);
                }
                s.put("levels", new ArrayList<>(levels));
            }
            spec.add(s);
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

    @SuppressWarnings("unchecked")
    static double[][] design(Table t, List<Map<String, Object>> spec) {
        int p = 0;
        for (Map<String, Object> s : spec) {
            p += s.get("type").equals("numeric") ? 1 : ((List<String>) s.get("levels")).size();
        }
        double[][] x = new double[t.size()][p];
        int j = 0;
        for (Map<String, Object> s : spec) {
            int c = t.require((String) s.get("name"), "features");
            if (s.get("type").equals("numeric")) {
                double mean = ((Number) s.get("mean")).doubleValue();
                double sd = ((Number) s.get("std")).doubleValue();
                for (int i = 0; i < x.length; i++) {
                    double v = Table.number(t.rows().get(i)[c]);
                    x[i][j] = Double.isNaN(v) ? 0 : (v - mean) / sd;
                }
                j++;
            } else {
                List<String> levels = (List<String>) s.get("levels");
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
