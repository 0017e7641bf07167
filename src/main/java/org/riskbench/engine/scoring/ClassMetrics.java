package org.riskbench.engine.scoring;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Classification metrics: accuracy, per-class and macro F1, confusion matrix, ROC AUC. */
public final class ClassMetrics {
    private ClassMetrics() {
    }

    /** {@code confusion[t][p]}: rows of true class t predicted p. */
    public static Map<String, Object> of(int[] truth, int[] pred, List<String> classes) {
        int k = classes.size();
        long[][] confusion = new long[k][k];
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][pred[i]]++;
            correct += truth[i] == pred[i] ? 1 : 0;
        }
        Map<String, Object> perClass = new LinkedHashMap<>();
        double macro = 0;
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long fp = 0;
            long fn = 0;
            for (int o = 0; o < k; o++) {
                if (o != c) {
                    fp += confusion[o][c];
                    fn += confusion[c][o];
                }
            }
            double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            perClass.put(classes.get(c), round(f1));
            macro += f1 / k;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", truth.length);
        m.put("accuracy", round(truth.length == 0 ? 0 : (double) correct / truth.length));
        m.put("macro_f1", round(macro));
        m.put("per_class_f1", perClass);
        m.put("confusion_matrix", Arrays.stream(confusion).map(long[]::clone).toList());
        m.put("confusion_order", classes);
        return m;
    }

    /** F1 of the positive class for binary predictions. */
    public static double f1(boolean[] truth, boolean[] pred) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < truth.length; i++) {
            if (pred[i] && truth[i]) {
                tp++;
            } else if (pred[i]) {
                fp++;
            } else if (truth[i]) {
                fn++;
            }
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /** ROC AUC by the rank-sum (Mann-Whitney) formula, ties averaged. */
    public static double auc(double[] score, boolean[] positive) {
        int n = score.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(score[a], score[b]));
        double rankSum = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[idx[j + 1]] == score[idx[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[idx[k]]) {
                    rankSum += rank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
