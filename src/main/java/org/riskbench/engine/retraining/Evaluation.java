package org.riskbench.engine.retraining;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Step 6: holdout metrics by class name: accuracy, precision, recall and F1 (macro and per class), confusion matrix. */
public final class Evaluation {
    private Evaluation() {
    }

    /** {@code classes}: the order of the confusion matrix; classes met in the data but not listed are appended. */
    public static Map<String, Object> of(String[] truth, String[] pred, List<String> classes) {
        List<String> order = new ArrayList<>(classes);
        for (int i = 0; i < truth.length; i++) {
            if (!order.contains(truth[i])) {
                order.add(truth[i]);
            }
            if (!order.contains(pred[i])) {
                order.add(pred[i]);
            }
        }
        int k = order.size();
        long[][] confusion = new long[k][k];
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            int t = order.indexOf(truth[i]);
            int p = order.indexOf(pred[i]);
            confusion[t][p]++;
            correct += t == p ? 1 : 0;
        }
        Map<String, Object> perClass = new LinkedHashMap<>();
        double mp = 0;
        double mr = 0;
        double mf = 0;
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long predicted = 0;
            long actual = 0;
            for (int o = 0; o < k; o++) {
                predicted += confusion[o][c];
                actual += confusion[c][o];
            }
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = actual == 0 ? 0 : (double) tp / actual;
            double f1 = tp == 0 ? 0 : 2.0 * tp / (predicted + actual);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("precision", round(precision));
            m.put("recall", round(recall));
            m.put("f1", round(f1));
            m.put("support", actual);
            perClass.put(order.get(c), m);
            mp += precision / k;
            mr += recall / k;
            mf += f1 / k;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", truth.length);
        out.put("accuracy", round(truth.length == 0 ? 0 : (double) correct / truth.length));
        out.put("macro_precision", round(mp));
        out.put("macro_recall", round(mr));
        out.put("macro_f1", round(mf));
        out.put("per_class", perClass);
        List<List<Long>> rows = new ArrayList<>();
        for (long[] r : confusion) {
            List<Long> row = new ArrayList<>();
            for (long v : r) {
                row.add(v);
            }
            rows.add(row);
        }
        out.put("confusion_matrix", rows);
        out.put("confusion_order", order);
        return out;
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
