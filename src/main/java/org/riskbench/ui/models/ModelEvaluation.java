package org.riskbench.ui.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.engine.tabular.TabularEvaluation;

/**
 * A general model's evaluation ({@code evaluation.json}) read for the evaluation view: the learner and its two
 * baselines (majority class, plain logistic regression), their curves on the holdout, the calibration, the permutation
 * importance, the cross-validation table, and the holdout's scores and truths so the confusion matrix can be
 * recomputed at any threshold.
 */
record ModelEvaluation(String learner, String curveClass, List<String> classes, double threshold, String thresholdRule,
                  List<String> models, Map<String, double[][]> roc, Map<String, double[][]> pr, double[] calibrationPredicted,
                  double[] calibrationObserved, long[] calibrationCount, List<Importance> importance, List<CvRow> cv,
                  double[] scores, boolean[] truth, int folds) {

    /** One input column's permutation importance: mean drop of the metric and its standard error. */
    record Importance(String column, double mean, double se) {
    }

    /** One metric of the cross-validation: per model (learner, majority, logistic unless the learner is it) the mean and standard error. */
    record CvRow(String metric, double[] mean, double[] se) {
    }

    /** Counts and metrics of the holdout at one threshold (the curve class is the positive one). */
    record AtThreshold(double threshold, long truePositives, long falsePositives, long falseNegatives, long trueNegatives) {
        long total() {
            return truePositives + falsePositives + falseNegatives + trueNegatives;
        }

        double accuracy() {
            return total() == 0 ? Double.NaN : (double) (truePositives + trueNegatives) / total();
        }

        double precision() {
            return truePositives + falsePositives == 0 ? Double.NaN : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? Double.NaN : (double) truePositives / (truePositives + falseNegatives);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return Double.isNaN(p) || Double.isNaN(r) || p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /** The confusion of the holdout when rows scoring at least {@code t} are called the curve class. */
    AtThreshold at(double t) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean called = scores[i] >= t;
            if (called && truth[i]) {
                tp++;
            } else if (called) {
                fp++;
            } else if (truth[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        return new AtThreshold(t, tp, fp, fn, tn);
    }

    /** The evaluation as the trainer writes it. */
    static ModelEvaluation of(TabularEvaluation e) {
        String learner = e.learner();
        TabularEvaluation.Holdout holdout = e.holdout();
        TabularEvaluation.CrossValidation cv = e.crossValidation();
        // a logistic learner is the plain logistic baseline too (the evaluation holds it once)
        List<String> models = List.copyOf(new java.util.LinkedHashSet<>(List.of(learner, "majority", "logistic")));
        Map<String, double[][]> roc = curves(holdout.rocCurve(), models);
        Map<String, double[][]> pr = curves(holdout.prCurve(), models);
        TabularEvaluation.Calibration cal = holdout.calibration();
        List<Importance> imp = new ArrayList<>();
        for (TabularEvaluation.ColumnImportance m : e.permutationImportance() == null ? List.<TabularEvaluation.ColumnImportance>of()
                : e.permutationImportance()) {
            imp.add(new Importance(m.column(), m.mean(), m.se()));
        }
        Map<String, Map<String, TabularEvaluation.Estimate>> perModel = cv.models();
        List<CvRow> rows = new ArrayList<>();
        for (String metric : perModel.get(learner).keySet()) {
            double[] mean = new double[models.size()];
            double[] se = new double[models.size()];
            for (int w = 0; w < models.size(); w++) {
                TabularEvaluation.Estimate mm = perModel.get(models.get(w)).get(metric);
                mean[w] = mm == null ? Double.NaN : num(mm.mean());
                se[w] = mm == null ? Double.NaN : num(mm.se());
            }
            rows.add(new CvRow(metric, mean, se));
        }
        return new ModelEvaluation(learner, holdout.curveClass(), e.classes(), num(e.threshold()), e.thresholdRule(), models, roc, pr,
                orEmpty(cal.predicted()), orEmpty(cal.observed()), cal.count() == null ? new long[0] : cal.count(), imp, rows,
                orEmpty(holdout.scores()), holdout.truth() == null ? new boolean[0] : holdout.truth(), cv.folds());
    }

    private static Map<String, double[][]> curves(Map<String, TabularEvaluation.Curve> m, List<String> models) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (String who : models) {
            TabularEvaluation.Curve c = m == null ? null : m.get(who);
            if (c != null) {
                out.put(who, new double[][] {orEmpty(c.x()), orEmpty(c.y())});
            }
        }
        return out;
    }

    private static double[] orEmpty(double[] d) {
        return d == null ? new double[0] : d;
    }

    private static double num(Double v) {
        return v == null ? Double.NaN : v;
    }
}
