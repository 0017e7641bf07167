package org.riskbench.engine.pipeline;

import org.riskbench.engine.learning.Evaluation;
import java.util.LinkedHashMap;
import java.util.Map;

/** Classification and regression metrics of the evaluate and monitor steps. */
public final class Metrics {
    private Metrics() {
    }

    static Map<String, Object> confusion(Table t, String target, String positive, double[] p, double threshold) {
        int ti = t.require(target, "metrics");
        boolean[] actual = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            actual[i] = t.rows().get(i)[ti].equals(positive);
        }
        long[][] cm = Evaluation.binary(actual, p, threshold).counts();
        long tp = cm[1][1];
        long fp = cm[0][1];
        long tn = cm[0][0];
        long fn = cm[1][0];
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
        for (int i = 0; i < p.length; i++) {
            y[i] = t.rows().get(i)[ti].equals(positive);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(prefix + "accuracy", p.length == 0 ? 0 : (tp + tn) / p.length);
        m.put(prefix + "precision", precision);
        m.put(prefix + "recall", recall);
        m.put(prefix + "f1", precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        m.put(prefix + "auc", Evaluation.auc(p, y));
        m.put(prefix + "log_loss", Evaluation.logLoss(p, y));
        return m;
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
