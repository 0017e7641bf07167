package org.riskbench.ui.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The evaluation map as the trainer writes it. */
    @SuppressWarnings("unchecked")
    static ModelEvaluation of(Map<String, Object> e) {
        String learner = (String) e.get("learner");
        Map<String, Object> holdout = (Map<String, Object>) e.get("holdout");
        Map<String, Object> cv = (Map<String, Object>) e.get("cross_validation");
        // a logistic learner is the plain logistic baseline too (the evaluation holds it once)
        List<String> models = List.copyOf(new java.util.LinkedHashSet<>(List.of(learner, "majority", "logistic")));
        Map<String, double[][]> roc = curves((Map<String, Object>) holdout.get("roc_curve"), models);
        Map<String, double[][]> pr = curves((Map<String, Object>) holdout.get("pr_curve"), models);
        Map<String, Object> cal = (Map<String, Object>) holdout.get("calibration");
        List<Importance> imp = new ArrayList<>();
        for (Object o : (List<Object>) e.getOrDefault("permutation_importance", List.of())) {
            Map<String, Object> m = (Map<String, Object>) o;
            imp.add(new Importance((String) m.get("column"), num(m.get("mean")), num(m.get("se"))));
        }
        Map<String, Object> perModel = (Map<String, Object>) cv.get("models");
        List<CvRow> rows = new ArrayList<>();
        Map<String, Object> own = (Map<String, Object>) perModel.get(learner);
        for (String metric : own.keySet()) {
            double[] mean = new double[models.size()];
            double[] se = new double[models.size()];
            for (int w = 0; w < models.size(); w++) {
                Map<String, Object> mm = (Map<String, Object>) ((Map<String, Object>) perModel.get(models.get(w))).get(metric);
                mean[w] = mm == null ? Double.NaN : num(mm.get("mean"));
                se[w] = mm == null ? Double.NaN : num(mm.get("se"));
            }
            rows.add(new CvRow(metric, mean, se));
        }
        List<Object> truthList = (List<Object>) holdout.getOrDefault("truth", List.of());
        boolean[] truth = new boolean[truthList.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = Boolean.TRUE.equals(truthList.get(i));
        }
        return new ModelEvaluation(learner, (String) holdout.get("curve_class"), (List<String>) e.get("classes"), num(e.get("threshold")),
                (String) e.get("threshold_rule"), models, roc, pr, doubles(cal.get("predicted")), doubles(cal.get("observed")),
                longs(cal.get("count")), imp, rows, doubles(holdout.get("scores")), truth, ((Number) cv.get("folds")).intValue());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, double[][]> curves(Map<String, Object> m, List<String> models) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (String who : models) {
            Map<String, Object> c = (Map<String, Object>) m.get(who);
            if (c != null) {
                out.put(who, new double[][] {doubles(c.get("x")), doubles(c.get("y"))});
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static double[] doubles(Object o) {
        List<Object> l = o == null ? List.of() : (List<Object>) o;
        double[] d = new double[l.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = num(l.get(i));
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private static long[] longs(Object o) {
        List<Object> l = o == null ? List.of() : (List<Object>) o;
        long[] d = new long[l.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = l.get(i) instanceof Number n ? n.longValue() : 0;
        }
        return d;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
