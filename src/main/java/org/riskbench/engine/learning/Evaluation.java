package org.riskbench.engine.learning;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's one set of classification metrics: confusion matrix, accuracy, precision, recall, F1 (per class
 * and macro), ROC AUC (the Mann-Whitney statistic), PR AUC (average precision), log loss, Brier score, ROC and PR
 * curves and the calibration curve. The scoring holdout, the retraining holdout, the projects' evaluate step and the
 * general trainer all compute them here; their summaries keep each their own JSON shape.
 */
public final class Evaluation {
    /** Probabilities are clipped to this distance from 0 and 1 in the log loss. */
    public static final double LOG_LOSS_EPS = 1e-15;

    private Evaluation() {
    }

    /** A k x k confusion matrix: {@code counts[t][p]} rows of true class t predicted p. */
    public record Confusion(long[][] counts) {
        public static Confusion of(int[] truth, int[] pred, int classes) {
            long[][] m = new long[classes][classes];
            for (int i = 0; i < truth.length; i++) {
                m[truth[i]][pred[i]]++;
            }
            return new Confusion(m);
        }

        public int classes() {
            return counts.length;
        }

        public long total() {
            long s = 0;
            for (long[] r : counts) {
                for (long v : r) {
                    s += v;
                }
            }
            return s;
        }

        public double accuracy() {
            long correct = 0;
            for (int c = 0; c < counts.length; c++) {
                correct += counts[c][c];
            }
            long n = total();
            return n == 0 ? 0 : (double) correct / n;
        }

        /** Rows of class c (true). */
        public long support(int c) {
            long s = 0;
            for (long v : counts[c]) {
                s += v;
            }
            return s;
        }

        /** Rows predicted c. */
        public long predicted(int c) {
            long s = 0;
            for (long[] r : counts) {
                s += r[c];
            }
            return s;
        }

        public double precision(int c) {
            long p = predicted(c);
            return p == 0 ? 0 : (double) counts[c][c] / p;
        }

        public double recall(int c) {
            long a = support(c);
            return a == 0 ? 0 : (double) counts[c][c] / a;
        }

        /** {@code 2 tp / (2 tp + fp + fn)}; 0 when there is no true positive. */
        public double f1(int c) {
            long tp = counts[c][c];
            return tp == 0 ? 0 : 2.0 * tp / (predicted(c) + support(c));
        }

        public double macroF1() {
            double m = 0;
            for (int c = 0; c < counts.length; c++) {
                m += f1(c) / counts.length;
            }
            return m;
        }

        public List<List<Long>> rows() {
            List<List<Long>> out = new ArrayList<>();
            for (long[] r : counts) {
                List<Long> row = new ArrayList<>();
                for (long v : r) {
                    row.add(v);
                }
                out.add(row);
            }
            return out;
        }
    }

    /** The binary confusion of {@code score >= threshold} against {@code positive}. */
    public static Confusion binary(boolean[] positive, double[] score, double threshold) {
        long[][] m = new long[2][2];
        for (int i = 0; i < score.length; i++) {
            m[positive[i] ? 1 : 0][score[i] >= threshold ? 1 : 0]++;
        }
        return new Confusion(m);
    }

    /**
     * The holdout summary of the scoring models: rows, accuracy, macro-F1, F1 per class (by class name, in the matrix
     * order: the names are the model's, an open set), the confusion matrix (rows: true class) and its class order.
     */
    @JsonPropertyOrder({"rows", "accuracy", "macro_f1", "per_class_f1", "confusion_matrix", "confusion_order"})
    public record ScoringSummary(@JsonProperty("rows") int rows, @JsonProperty("accuracy") double accuracy,
                                 @JsonProperty("macro_f1") double macroF1,
                                 @JsonProperty("per_class_f1") Map<String, Double> perClassF1,
                                 @JsonProperty("confusion_matrix") List<long[]> confusionMatrix,
                                 @JsonProperty("confusion_order") List<String> confusionOrder) {
    }

    /** The holdout summary of the scoring models (see {@link ScoringSummary}), figures rounded to 4 decimals. */
    public static ScoringSummary scoringSummary(int[] truth, int[] pred, List<String> classes) {
        Confusion cm = Confusion.of(truth, pred, classes.size());
        Map<String, Double> perClass = new LinkedHashMap<>();
        double macro = 0;
        for (int c = 0; c < classes.size(); c++) {
            perClass.put(classes.get(c), round(cm.f1(c)));
            macro += cm.f1(c) / classes.size();
        }
        return new ScoringSummary(truth.length, round(cm.accuracy()), round(macro), perClass,
                Arrays.stream(cm.counts()).map(long[]::clone).toList(), List.copyOf(classes));
    }

    /**
     * The retraining holdout summary by class name: accuracy, precision, recall and F1 (macro and per class with
     * support), confusion matrix. {@code classes}: the matrix order; classes met in the data but not listed are appended.
     */
    public static HoldoutEvaluation byName(String[] truth, String[] pred, List<String> classes) {
        List<String> order = new ArrayList<>(classes);
        for (int i = 0; i < truth.length; i++) {
            if (!order.contains(truth[i])) {
                order.add(truth[i]);
            }
            if (!order.contains(pred[i])) {
                order.add(pred[i]);
            }
        }
        int[] t = new int[truth.length];
        int[] p = new int[pred.length];
        for (int i = 0; i < truth.length; i++) {
            t[i] = order.indexOf(truth[i]);
            p[i] = order.indexOf(pred[i]);
        }
        int k = order.size();
        Confusion cm = Confusion.of(t, p, k);
        Map<String, HoldoutEvaluation.ClassScores> perClass = new LinkedHashMap<>();
        double mp = 0;
        double mr = 0;
        double mf = 0;
        for (int c = 0; c < k; c++) {
            perClass.put(order.get(c), new HoldoutEvaluation.ClassScores(round(cm.precision(c)), round(cm.recall(c)),
                    round(cm.f1(c)), cm.support(c)));
            mp += cm.precision(c) / k;
            mr += cm.recall(c) / k;
            mf += cm.f1(c) / k;
        }
        return new HoldoutEvaluation(truth.length, round(cm.accuracy()), round(mp), round(mr), round(mf), perClass, cm.rows(),
                List.copyOf(order));
    }

    /** ROC AUC by the rank-sum (Mann-Whitney) formula, ties averaged; NaN without both classes. */
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

    /** Mean binary log loss, probabilities clipped to [eps, 1 - eps]; 0 for no rows. */
    public static double logLoss(double[] p, boolean[] positive) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, p[i]));
            s -= positive[i] ? Math.log(q) : Math.log(1 - q);
        }
        return p.length == 0 ? 0 : s / p.length;
    }

    /** Mean multiclass log loss of the true class's probability. */
    public static double logLoss(double[][] p, int[] truth) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s -= Math.log(Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, p[i][truth[i]])));
        }
        return p.length == 0 ? 0 : s / p.length;
    }

    /** Mean squared error of the probability of the positive class. */
    public static double brier(double[] p, boolean[] positive) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - (positive[i] ? 1 : 0);
            s += d * d;
        }
        return p.length == 0 ? 0 : s / p.length;
    }

    /**
     * The walk every threshold measure takes: rows by descending score, tied scores as one threshold; at the k-th distinct
     * score, the rows scored at or above it ({@code seen}) and the positives among them ({@code tp}).
     */
    private record Sweep(double[] threshold, long[] tp, long[] seen, long positives) {
        static Sweep of(double[] score, boolean[] positive) {
            Integer[] idx = new Integer[score.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> Double.compare(score[b], score[a]));
            double[] threshold = new double[idx.length];
            long[] tp = new long[idx.length];
            long[] seen = new long[idx.length];
            int k = 0;
            long positives = 0;
            long rows = 0;
            int i = 0;
            while (i < idx.length) {
                int j = i;
                while (j < idx.length && score[idx[j]] == score[idx[i]]) {
                    positives += positive[idx[j]] ? 1 : 0;
                    rows++;
                    j++;
                }
                threshold[k] = score[idx[i]];
                tp[k] = positives;
                seen[k] = rows;
                k++;
                i = j;
            }
            return new Sweep(Arrays.copyOf(threshold, k), Arrays.copyOf(tp, k), Arrays.copyOf(seen, k), positives);
        }

        int size() {
            return threshold.length;
        }
    }

    /**
     * Average precision (the area under the step-wise PR curve, as scikit-learn's average_precision_score):
     * {@code sum over thresholds of (R_k - R_{k-1}) P_k}, tied scores taken as one threshold.
     */
    public static double prAuc(double[] score, boolean[] positive) {
        Sweep sweep = Sweep.of(score, positive);
        if (sweep.positives == 0) {
            return Double.NaN;
        }
        double ap = 0;
        double lastRecall = 0;
        for (int k = 0; k < sweep.size(); k++) {
            double recall = (double) sweep.tp[k] / sweep.positives;
            ap += (recall - lastRecall) * ((double) sweep.tp[k] / sweep.seen[k]);
            lastRecall = recall;
        }
        return ap;
    }

    /** A curve as parallel arrays, with the threshold at each point. */
    public record Curve(double[] x, double[] y, double[] threshold) {
    }

    /** ROC curve: (false positive rate, true positive rate) at each distinct score, from (0,0) to (1,1). */
    public static Curve roc(double[] score, boolean[] positive) {
        return curve(score, positive, true);
    }

    /** PR curve: (recall, precision) at each distinct score, from the highest score down. */
    public static Curve pr(double[] score, boolean[] positive) {
        return curve(score, positive, false);
    }

    private static Curve curve(double[] score, boolean[] positive, boolean roc) {
        Sweep sweep = Sweep.of(score, positive);
        long pos = sweep.positives;
        long neg = positive.length - pos;
        List<double[]> pts = new ArrayList<>();
        if (roc) {
            pts.add(new double[] {0, 0, Double.POSITIVE_INFINITY});
        }
        for (int k = 0; k < sweep.size(); k++) {
            long tp = sweep.tp[k];
            long fp = sweep.seen[k] - tp;
            double t = sweep.threshold[k];
            if (roc) {
                pts.add(new double[] {neg == 0 ? 0 : (double) fp / neg, pos == 0 ? 0 : (double) tp / pos, t});
            } else {
                pts.add(new double[] {pos == 0 ? 0 : (double) tp / pos, (double) tp / (tp + fp), t});
            }
        }
        return thin(pts, 200);
    }

    /** At most about {@code max} points, evenly spaced in rank, the first and last kept (a curve for a report). */
    private static Curve thin(List<double[]> pts, int max) {
        int step = Math.max(1, (pts.size() + max - 1) / max);
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < pts.size(); i += step) {
            kept.add(pts.get(i));
        }
        if (kept.get(kept.size() - 1) != pts.get(pts.size() - 1)) {
            kept.add(pts.get(pts.size() - 1));
        }
        double[] x = new double[kept.size()];
        double[] y = new double[kept.size()];
        double[] t = new double[kept.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = kept.get(i)[0];
            y[i] = kept.get(i)[1];
            t[i] = kept.get(i)[2];
        }
        return new Curve(x, y, t);
    }

    /**
     * Reliability diagram over {@code bins} equal-width bins of the predicted probability: per non-empty bin the mean
     * prediction, the observed share of positives and the row count.
     */
    public record Calibration(double[] predicted, double[] observed, long[] count) {
    }

    public static Calibration calibration(double[] p, boolean[] positive, int bins) {
        double[] sumP = new double[bins];
        double[] sumY = new double[bins];
        long[] n = new long[bins];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) (p[i] * bins)));
            sumP[b] += p[i];
            sumY[b] += positive[i] ? 1 : 0;
            n[b]++;
        }
        int m = 0;
        for (long c : n) {
            m += c > 0 ? 1 : 0;
        }
        double[] pred = new double[m];
        double[] obs = new double[m];
        long[] cnt = new long[m];
        for (int b = 0, k = 0; b < bins; b++) {
            if (n[b] > 0) {
                pred[k] = sumP[b] / n[b];
                obs[k] = sumY[b] / n[b];
                cnt[k++] = n[b];
            }
        }
        return new Calibration(pred, obs, cnt);
    }

    /** The threshold on {@code score} that maximises the F1 of the positive class (the lowest such score). */
    public static double maxF1Threshold(double[] score, boolean[] positive) {
        Sweep sweep = Sweep.of(score, positive);
        double best = -1;
        double threshold = 0.5;
        for (int k = 0; k < sweep.size(); k++) {
            long tp = sweep.tp[k];
            double f1 = tp == 0 ? 0 : 2.0 * tp / (sweep.seen[k] + sweep.positives);
            if (f1 > best) {
                best = f1;
                threshold = sweep.threshold[k];
            }
        }
        return threshold;
    }

    /**
     * The threshold on the positive-class probability that minimises the expected cost of a binary decision with
     * {@code cost[t][p]} (t, p: 0 negative, 1 positive): predict positive when
     * {@code p (c10 - c11) >= (1 - p) (c01 - c00)}.
     */
    public static double costThreshold(double[][] cost) {
        double a = cost[1][0] - cost[1][1];
        double b = cost[0][1] - cost[0][0];
        if (a + b <= 0) {
            return 0.5;
        }
        return b / (a + b);
    }

    public static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
