package org.riskbench.engine.pipeline;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Classification and regression metrics of the evaluate and monitor steps. */
public final class Metrics {
    private Metrics() {
    }

    static Map<String, Object> confusion(Table t, String target, String positive, double[] p, double threshold) {
        int ti = t.require(target, "metrics");
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < p.length; i++) {
            boolean actual = t.rows().get(i)[ti].equals(positive);
            boolean pred = p[i] >= threshold;
            if (actual && pred) {
                tp++;
            } else if (pred) {
                fp++;
            } else if (actual) {
                fn++;
            } else {
                tn++;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("positive", positive);
        m.put("tp", tp);
        m.put("fp", fp);
        m.put("tn", tn);
        m.put("fn", fn);
        return m;
    }

    static Map<String, Object> classification(Table t, String target, String positive, double[] p, double threshold, String prefix) {
        Map<String, Object> c = confusion(t, target, positive, p, threshold);
        double tp = ((Number) c.get("tp")).doubleValue();
        double fp = ((Number) c.get("fp")).doubleValue();
        double tn = ((Number) c.get("tn")).doubleValue();
        double fn = ((Number) c.get("fn")).doubleValue();
        double precision = tp + fp == 0 ? 0 : tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : tp / (tp + fn);
        int ti = t.require(target, "metrics");
        boolean[] y = new boolean[p.length];
        double logLoss = 0;
        for (int i = 0; i < p.length; i++) {
            y[i] = t.rows().get(i)[ti].equals(positive);
            double q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
            logLoss -= y[i] ? Math.log(q) : Math.log(1 - q);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(prefix + "accuracy", p.length == 0 ? 0 : (tp + tn) / p.length);
        m.put(prefix + "precision", precision);
        m.put(prefix + "recall", recall);
        m.put(prefix + "f1", precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        m.put(prefix + "auc", auc(y, p));
        m.put(prefix + "log_loss", p.length == 0 ? 0 : logLoss / p.length);
        return m;
    }

    /** Area under the ROC curve as the Mann-Whitney statistic (ties count one half). */
    public static double auc(boolean[] y, double[] p) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        double rankSum = 0;
        long pos = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && p[order[j + 1]] == p[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (y[order[k]]) {
                    rankSum += rank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = p.length - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / (pos * (double) neg);
    }

    static Map<String, Object> regression(double[] actual, double[] pred, double band) {
        double se = 0;
        double ae = 0;
        double mean = 0;
        int hits = 0;
        for (double a : actual) {
            mean += a;
        }
        mean /= Math.max(1, actual.length);
        double tss = 0;
        for (int i = 0; i < actual.length; i++) {
            double e = pred[i] - actual[i];
            se += e * e;
            ae += Math.abs(e);
            tss += (actual[i] - mean) * (actual[i] - mean);
            if (Math.abs(e) <= band) {
                hits++;
            }
        }
        int n = Math.max(1, actual.length);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rmse", Math.sqrt(se / n));
        m.put("mae", ae / n);
        m.put("r2", tss == 0 ? Double.NaN : 1 - se / tss);
        m.put("hit_rate", hits / (double) n);
        return m;
    }
}
