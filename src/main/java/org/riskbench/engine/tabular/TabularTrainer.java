package org.riskbench.engine.tabular;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;
import org.riskbench.engine.learning.Evaluation;
import org.riskbench.engine.learning.Gbdt;
import org.riskbench.engine.learning.Logistic;
import org.riskbench.engine.scoring.CostMatrix;
import org.riskbench.engine.scoring.Forest;
import org.riskbench.engine.scoring.IsolationForest;

/**
 * Trains a {@link TabularModel} on any labelled table and evaluates it honestly:
 * <ol>
 * <li>a stratified, seeded holdout of {@link #HOLDOUT_SHARE} of the rows is set aside; the rest are the development
 *     rows;</li>
 * <li>the feature plan is learnt on the development rows (no label involved);</li>
 * <li>stratified, seeded K-fold cross-validation on the development rows fits the chosen learner and two baselines
 *     on the same folds (the majority class, and a plain unweighted logistic regression), and reports each metric's
 *     mean over the folds with its standard error (standard deviation over folds / sqrt K);</li>
 * <li>the decision threshold (two classes) comes from the cost matrix when given, else maximises F1 on the pooled
 *     out-of-fold predictions;</li>
 * <li>the final model is fitted on all development rows and evaluated on the holdout, beside the baselines fitted
 *     the same way: metrics, ROC and PR curves, calibration curve, confusion matrix at the threshold, and permutation
 *     importance of each input column with its standard error over repeats.</li>
 * </ol>
 */
public final class TabularTrainer {
    public static final double HOLDOUT_SHARE = 0.2;
    /** Rows of the holdout permutation importance is measured on (a seeded sample beyond that). */
    static final int IMPORTANCE_ROWS = 5000;
    static final int IMPORTANCE_REPEATS = 5;

    private TabularTrainer() {
    }

    /** How row weights are set: none, or classes weighted inversely to their frequency. */
    public enum ClassWeight { NONE, BALANCED }

    /**
     * @param label       the target column
     * @param positive    the positive class (two classes; null: the rarer class)
     * @param features    the input columns to use (empty: every column but the label and {@code exclude})
     * @param exclude     columns not to use
     * @param learner     the learner
     * @param folds       cross-validation folds (2 or more)
     * @param seed        seed of the splits and learners
     * @param costs       cost matrix (null: threshold maximises F1)
     * @param classWeight row weights of the learners (the baselines are never weighted)
     * @param sizes       learner settings
     */
    public record Options(String label, String positive, List<String> features, List<String> exclude, Learner learner, int folds,
                          long seed, CostMatrix costs, ClassWeight classWeight, Sizes sizes) {
        public static Options of(String label, Learner learner, long seed) {
            return new Options(label, null, List.of(), List.of(), learner, 5, seed, null, ClassWeight.NONE, Sizes.defaults(seed));
        }

        public Options withFolds(int k) {
            return new Options(label, positive, features, exclude, learner, k, seed, costs, classWeight, sizes);
        }

        public Options withPositive(String p) {
            return new Options(label, p, features, exclude, learner, folds, seed, costs, classWeight, sizes);
        }

        public Options withSizes(Sizes s) {
            return new Options(label, positive, features, exclude, learner, folds, seed, costs, classWeight, s);
        }
    }

    /**
     * Learner settings: the defaults, or smaller ones for tests.
     *
     * @param stackingForest the forest inside a stacking (half the trees of {@code forest} by default)
     * @param stackingGbdt   the boosted trees inside a stacking (half the rounds, twice the learning rate by default)
     */
    public record Sizes(Logistic.Config logistic, Forest.Config forest, Gbdt.Config gbdt, int stackingFolds, int isolationTrees,
                        Forest.Config stackingForest, Gbdt.Config stackingGbdt) {
        /** The same forest and boosted trees alone and inside a stacking. */
        public Sizes(Logistic.Config logistic, Forest.Config forest, Gbdt.Config gbdt, int stackingFolds, int isolationTrees) {
            this(logistic, forest, gbdt, stackingFolds, isolationTrees, forest, gbdt);
        }

        /**
         * Inside a stacking each base learner is one of three inputs to the meta-learner, and the stacking scores every
         * row through all three: its forest and boosted trees are half the size of the learners alone (30 trees; 75
         * rounds at twice the rate), which keeps its scoring as fast as the forest's alone and halves its training.
         */
        public static Sizes defaults(long seed) {
            Gbdt.Config gbdt = Gbdt.Config.defaults(seed);
            return new Sizes(new Logistic.Config(1e-3, 200, 0.1), new Forest.Config(60, 12, 3, 32, seed), gbdt, 3, 100,
                    new Forest.Config(30, 12, 3, 32, seed),
                    new Gbdt.Config(gbdt.rounds() / 2, gbdt.maxDepth(), gbdt.minLeaf(), 2 * gbdt.learningRate(), gbdt.lambda(), gbdt.bins(),
                            gbdt.subsample(), seed));
        }
    }

    public record Result(TabularModel model, TabularEvaluation evaluation, List<String> warnings) {
    }

    /** The labelled rows as class indices, with the class list (sorted) and the positive class. */
    record Labels(int[] y, List<String> classes, String positive) {
    }

    public static Result train(Frame frame, Map<String, FeaturePlan.ColumnInfo> info, Options o, Progress progress) {
        if (o.folds() < 2) {
            throw new InputException("--cv must be 2 or more, got " + o.folds());
        }
        List<String> warnings = new ArrayList<>();
        Labels labels = labels(frame, o, warnings);
        int k = labels.classes().size();
        List<String> candidates = candidates(frame, o);
        int[] y = labels.y();
        int n = y.length;
        int[] keep = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (y[i] >= 0) {
                keep[m++] = i;
            }
        }
        Frame rows = m == n ? frame : frame.select(Arrays.copyOf(keep, m));
        int[] yy = m == n ? y : pick(y, Arrays.copyOf(keep, m));
        if (m < 10 * k || m < 40) {
            throw new InputException("the label column '" + o.label() + "' has " + m + " labelled rows; training needs at least "
                    + Math.max(40, 10 * k));
        }
        double[][] costs = o.costs() == null ? null : o.costs().over(labels.classes());
        int[] part = Folds.holdout(yy, k, HOLDOUT_SHARE, o.seed());
        int[] dev = indices(part, 0);
        int[] hold = indices(part, 1);
        progress.report(0.01, "learning the feature plan on " + dev.length + " development rows");
        Frame devFrame = rows.select(dev);
        FeaturePlan plan = FeaturePlan.fit(devFrame, candidates, info, warnings);
        if (plan.columns().isEmpty()) {
            throw new InputException("no usable feature column is left (" + String.join("; ", warnings) + ")");
        }
        double[][] xDev = plan.transform(devFrame).x();
        devFrame = null;
        double[][] xHold = plan.transform(rows.select(hold)).x();
        int[] yDev = pick(yy, dev);
        int[] yHold = pick(yy, hold);
        int pos = labels.positive() == null ? -1 : labels.classes().indexOf(labels.positive());

        // cross-validation: the learner and the baselines on the same folds
        int[] fold = Folds.stratified(yDev, k, o.folds(), o.seed());
        double[][] oofModel = new double[yDev.length][];
        double[][] oofMajority = new double[yDev.length][];
        double[][] oofLogistic = new double[yDev.length][];
        for (int f = 0; f < o.folds(); f++) {
            progress.checkCancelled();
            Progress sub = progress.slice(0.02 + 0.6 * f / o.folds(), 0.02 + 0.6 * (f + 1) / o.folds(),
                    "cross-validation fold " + (f + 1) + " of " + o.folds() + ": ");
            int[] tr = where(fold, f, false);
            int[] te = where(fold, f, true);
            double[][] xt = pickRows(xDev, tr);
            int[] yt = pick(yDev, tr);
            TabularModel fm = fit(xt, yt, k, o, sub);
            TabularModel.Scorer s = fm.scorer();
            Logistic plain = Logistic.fit(xt, yt, k, o.sizes().logistic());
            double[] prior = prior(yt, k);
            for (int i : te) {
                oofModel[i] = s.probabilities(xDev[i]);
                oofLogistic[i] = plain.predict(xDev[i]);
                oofMajority[i] = prior;
            }
        }
        double threshold = 0.5;
        String thresholdRule = "most probable class";
        if (k == 2) {
            if (costs != null) {
                double[][] c = {{costs[1 - pos][1 - pos], costs[1 - pos][pos]}, {costs[pos][1 - pos], costs[pos][pos]}};
                threshold = Evaluation.costThreshold(c);
                thresholdRule = "minimum expected cost (" + o.costs().source() + ")";
            } else {
                threshold = Evaluation.maxF1Threshold(column(oofModel, pos), positives(yDev, pos));
                thresholdRule = "maximum F1 on the out-of-fold predictions";
            }
        }
        double[] thresholds = {threshold,
                k == 2 && costs == null ? Evaluation.maxF1Threshold(column(oofMajority, pos), positives(yDev, pos)) : threshold,
                k == 2 && costs == null ? Evaluation.maxF1Threshold(column(oofLogistic, pos), positives(yDev, pos)) : threshold};
        String[] who = {o.learner().label(), "majority", "logistic"};
        double[][][] oof = {oofModel, oofMajority, oofLogistic};
        Map<String, Map<String, TabularEvaluation.Estimate>> perModel = new LinkedHashMap<>();
        for (int w = 0; w < 3; w++) {
            List<Map<String, Double>> perFold = new ArrayList<>();
            for (int f = 0; f < o.folds(); f++) {
                int[] te = where(fold, f, true);
                perFold.add(metrics(pickRows(oof[w], te), pick(yDev, te), k, pos, thresholds[w], costs));
            }
            perModel.put(who[w], meanAndError(perFold));
        }
        var cv = new TabularEvaluation.CrossValidation(o.folds(), perModel, yDev.length, o.seed(), true);

        // the final model on all development rows, the baselines too, and the holdout
        progress.report(0.63, "fitting the final " + o.learner().label() + " on " + yDev.length + " rows");
        TabularModel finalModel = fit(xDev, yDev, k, o, progress.slice(0.63, 0.88, "final model: "));
        progress.checkCancelled();
        progress.report(0.88, "isolation forest of the anomaly score");
        IsolationForest iso = IsolationForest.fit(xDev, o.sizes().isolationTrees(), 256, o.seed());
        TabularModel model = new TabularModel(plan, o.label(), labels.classes(), labels.positive(), threshold, o.learner(),
                finalModel.logistic(), finalModel.forest(), finalModel.gbdt(), finalModel.meta(), iso, costs);
        Logistic plain = Logistic.fit(xDev, yDev, k, o.sizes().logistic());
        double[] prior = prior(yDev, k);
        TabularModel.Scorer s = model.scorer();
        double[][] pModel = new double[yHold.length][];
        double[][] pLogistic = new double[yHold.length][];
        double[][] pMajority = new double[yHold.length][];
        int[] predicted = new int[yHold.length];
        for (int i = 0; i < yHold.length; i++) {
            pModel[i] = s.probabilities(xHold[i]);
            pLogistic[i] = plain.predict(xHold[i]);
            pMajority[i] = prior;
            predicted[i] = s.decide(pModel[i]);
        }
        progress.report(0.92, "holdout metrics, curves and permutation importance");
        Map<String, Map<String, Double>> hm = new LinkedHashMap<>();
        double[][][] ph = {pModel, pMajority, pLogistic};
        for (int w = 0; w < 3; w++) {
            hm.put(who[w], roundAll(metrics(ph[w], yHold, k, pos, thresholds[w], costs)));
        }
        Evaluation.Confusion cm = Evaluation.Confusion.of(yHold, predicted, k);
        int curveClass = pos >= 0 ? pos : minority(yDev, k);
        boolean[] yc = positives(yHold, curveClass);
        Map<String, TabularEvaluation.Curve> roc = new LinkedHashMap<>();
        Map<String, TabularEvaluation.Curve> pr = new LinkedHashMap<>();
        for (int w = 0; w < 3; w++) {
            double[] sc = column(ph[w], curveClass);
            roc.put(who[w], curve(Evaluation.roc(sc, yc)));
            pr.put(who[w], curve(Evaluation.pr(sc, yc)));
        }
        Evaluation.Calibration cal = Evaluation.calibration(column(pModel, curveClass), yc, 10);
        // the scores and truths of the holdout, so a viewer can recompute the confusion at any threshold
        var holdout = new TabularEvaluation.Holdout(new TabularEvaluation.Calibration(cal.count(), round(cal.observed()),
                round(cal.predicted())), cm.rows(), labels.classes(), labels.classes().get(curveClass), hm, pr, roc,
                yHold.length, round(column(pModel, curveClass)), yc);
        var ev = new TabularEvaluation(classCounts(yy, labels.classes()), o.classWeight().name().toLowerCase(java.util.Locale.ROOT),
                labels.classes(), cv, plan.features().stream().map(FeaturePlan.Feature::name).toList(), holdout, o.label(),
                o.learner().label(), plan.columns().size(), Importance.permutation(model, xHold, yHold, pos, o.seed()),
                labels.positive(), new TabularEvaluation.Rows(dev.length, hold.length, m), Evaluation.round(threshold),
                thresholdRule, warnings);
        progress.report(1, "trained");
        return new Result(model, ev, warnings);
    }

    /** Fits the chosen learner (no isolation forest, no plan) on a matrix. */
    static TabularModel fit(double[][] x, int[] y, int k, Options o, Progress progress) {
        double[] w = o.classWeight() == ClassWeight.BALANCED ? balanced(y, k) : null;
        Sizes z = o.sizes();
        return switch (o.learner()) {
            case LOGISTIC -> model(k, o.learner(), Logistic.fit(x, y, k, w, z.logistic()), null, null, null);
            case FOREST -> model(k, o.learner(), null, Forest.fit(x, y, k, z.forest()), null, null);
            case GBDT -> model(k, o.learner(), null, null, Gbdt.fit(x, y, k, w, z.gbdt(), progress), null);
            case STACKING -> stacking(x, y, k, w, z, progress);
        };
    }

    /** Fits one learner on a matrix: what the benchmark times. */
    public static TabularModel fitLearner(double[][] x, int[] y, int k, Learner learner, Sizes sizes, Progress progress) {
        return fit(x, y, k, new Options(null, null, List.of(), List.of(), learner, 2, 0, null, ClassWeight.NONE, sizes), progress);
    }

    /** A fitted learner without plan or decision: classes are named by their index. */
    private static TabularModel model(int k, Learner l, Logistic lr, Forest rf, Gbdt gb, Logistic meta) {
        List<String> classes = java.util.stream.IntStream.range(0, k).mapToObj(Integer::toString).toList();
        return new TabularModel(null, null, classes, null, 0.5, l, lr, rf, gb, meta, null, null);
    }

    /** Stacked generalisation: the meta-learner (unweighted, so its probabilities stay calibrated) on out-of-fold predictions. */
    private static TabularModel stacking(double[][] x, int[] y, int k, double[] w, Sizes z, Progress progress) {
        int n = x.length;
        int folds = z.stackingFolds();
        int[] fold = Folds.stratified(y, k, folds, z.stackingForest().seed() + 7);
        double[][] meta = new double[n][3 * k];
        for (int f = 0; f < folds; f++) {
            progress.checkCancelled();
            progress.report((double) f / (folds + 1), "stacking: inner fold " + (f + 1) + " of " + folds);
            int[] tr = where(fold, f, false);
            double[][] xt = pickRows(x, tr);
            int[] yt = pick(y, tr);
            double[] wt = w == null ? null : pickD(w, tr);
            Logistic lr = Logistic.fit(xt, yt, k, wt, z.logistic());
            Forest.Compiled rf = Forest.fit(xt, yt, k, withSeed(z.stackingForest(), z.stackingForest().seed() + 1000 + f)).compile();
            Gbdt gb = Gbdt.fit(xt, yt, k, wt, z.stackingGbdt().withSeed(z.stackingGbdt().seed() + 1000 + f), Progress.NONE);
            double[] buf = new double[k];
            for (int i = 0; i < n; i++) {
                if (fold[i] == f) {
                    System.arraycopy(lr.predict(x[i]), 0, meta[i], 0, k);
                    rf.predict(x[i], buf);
                    System.arraycopy(buf, 0, meta[i], k, k);
                    System.arraycopy(gb.predict(x[i]), 0, meta[i], 2 * k, k);
                }
            }
        }
        progress.report((double) folds / (folds + 1), "stacking: the base learners on all rows");
        Logistic lr = Logistic.fit(x, y, k, w, z.logistic());
        Forest rf = Forest.fit(x, y, k, z.stackingForest());
        Gbdt gb = Gbdt.fit(x, y, k, w, z.stackingGbdt(), Progress.NONE);
        Logistic m = Logistic.fit(meta, y, k, z.logistic());
        return model(k, Learner.STACKING, lr, rf, gb, m);
    }

    private static Forest.Config withSeed(Forest.Config c, long seed) {
        return new Forest.Config(c.trees(), c.maxDepth(), c.minLeaf(), c.bins(), seed);
    }

    /** Binary: roc_auc, pr_auc, log_loss, brier, accuracy, precision, recall, f1 at the threshold; more: macro versions. */
    static Map<String, Double> metrics(double[][] p, int[] y, int k, int pos, double threshold, double[][] costs) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (k == 2) {
            double[] s = column(p, pos);
            boolean[] t = positives(y, pos);
            Evaluation.Confusion c = Evaluation.binary(t, s, threshold);
            m.put("roc_auc", Evaluation.auc(s, t));
            m.put("pr_auc", Evaluation.prAuc(s, t));
            m.put("log_loss", Evaluation.logLoss(s, t));
            m.put("brier", Evaluation.brier(s, t));
            m.put("accuracy", c.accuracy());
            m.put("precision", c.precision(1));
            m.put("recall", c.recall(1));
            m.put("f1", c.f1(1));
            if (costs != null) {
                long[][] cc = c.counts();
                double cost = cc[0][0] * costs[1 - pos][1 - pos] + cc[0][1] * costs[1 - pos][pos] + cc[1][0] * costs[pos][1 - pos]
                        + cc[1][1] * costs[pos][pos];
                m.put("mean_cost", cost / y.length);
            }
            return m;
        }
        double auc = 0;
        double ap = 0;
        double brier = 0;
        int[] pred = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            pred[i] = argmin(p[i], costs);
            for (int c = 0; c < k; c++) {
                double d = p[i][c] - (y[i] == c ? 1 : 0);
                brier += d * d;
            }
        }
        int present = 0;
        for (int c = 0; c < k; c++) {
            double a = Evaluation.auc(column(p, c), positives(y, c));
            if (!Double.isNaN(a)) {
                auc += a;
                ap += Evaluation.prAuc(column(p, c), positives(y, c));
                present++;
            }
        }
        Evaluation.Confusion c = Evaluation.Confusion.of(y, pred, k);
        m.put("roc_auc", present == 0 ? Double.NaN : auc / present);
        m.put("pr_auc", present == 0 ? Double.NaN : ap / present);
        m.put("log_loss", Evaluation.logLoss(p, y));
        m.put("brier", y.length == 0 ? 0 : brier / y.length);
        m.put("accuracy", c.accuracy());
        m.put("macro_f1", c.macroF1());
        return m;
    }

    /** The class of least expected cost (costs null: the most probable). */
    static int argmin(double[] p, double[][] costs) {
        int best = 0;
        if (costs == null) {
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            return best;
        }
        double bestCost = Double.POSITIVE_INFINITY;
        for (int a = 0; a < p.length; a++) {
            double e = 0;
            for (int t = 0; t < p.length; t++) {
                e += p[t] * costs[t][a];
            }
            if (e < bestCost) {
                bestCost = e;
                best = a;
            }
        }
        return best;
    }

    /** Per metric: mean over folds, standard error (sd / sqrt K), and the per-fold values. */
    static Map<String, TabularEvaluation.Estimate> meanAndError(List<Map<String, Double>> perFold) {
        Map<String, TabularEvaluation.Estimate> out = new LinkedHashMap<>();
        for (String key : perFold.get(0).keySet()) {
            double[] v = perFold.stream().mapToDouble(f -> f.get(key)).toArray();
            double mean = Arrays.stream(v).average().orElse(Double.NaN);
            double ss = 0;
            for (double a : v) {
                ss += (a - mean) * (a - mean);
            }
            double se = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) / Math.sqrt(v.length) : Double.NaN;
            out.put(key, new TabularEvaluation.Estimate(Arrays.stream(v).mapToObj(TabularTrainer::r).toList(), r(mean), r(se)));
        }
        return out;
    }

    private static Labels labels(Frame frame, Options o, List<String> warnings) {
        if (!frame.has(o.label())) {
            throw new InputException("the table has no column '" + o.label() + "' (columns: " + String.join(", ", frame.names()) + ")");
        }
        int n = frame.rows();
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            String t = frame.text(o.label(), i).trim();
            v[i] = t.isEmpty() ? null : t;
        }
        TreeMap<String, Integer> counts = new TreeMap<>();
        long missing = 0;
        for (String s : v) {
            if (s == null) {
                missing++;
            } else {
                counts.merge(s, 1, Integer::sum);
            }
        }
        if (missing > 0) {
            warnings.add(missing + " rows without a label left out");
        }
        List<String> classes = new ArrayList<>(counts.keySet());
        if (classes.size() < 2) {
            throw new InputException("the label column '" + o.label() + "' has " + (classes.isEmpty() ? "no value" : "a single class "
                    + classes) + "; training needs two or more");
        }
        if (classes.size() > 50) {
            throw new InputException("the label column '" + o.label() + "' has " + classes.size()
                    + " distinct values; a classifier needs a categorical target (at most 50 classes)");
        }
        String positive = null;
        if (o.positive() != null) {
            if (!classes.contains(o.positive().trim())) {
                throw new InputException("--positive: '" + o.positive() + "' is not a value of '" + o.label() + "' (values: "
                        + String.join(", ", classes) + ")");
            }
            if (classes.size() != 2) {
                throw new InputException("--positive needs a two-class label; '" + o.label() + "' has " + classes.size() + " classes");
            }
            positive = o.positive().trim();
        } else if (classes.size() == 2) {
            positive = counts.get(classes.get(1)) <= counts.get(classes.get(0)) ? classes.get(1) : classes.get(0);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = v[i] == null ? -1 : classes.indexOf(v[i]);
        }
        return new Labels(y, List.copyOf(classes), positive);
    }

    private static List<String> candidates(Frame frame, Options o) {
        for (String f : o.features()) {
            if (!frame.has(f)) {
                throw new InputException("--features: the table has no column '" + f + "' (columns: " + String.join(", ", frame.names()) + ")");
            }
            if (f.equals(o.label())) {
                throw new InputException("--features: '" + f + "' is the label column");
            }
        }
        for (String f : o.exclude()) {
            if (!frame.has(f)) {
                throw new InputException("--exclude: the table has no column '" + f + "' (columns: " + String.join(", ", frame.names()) + ")");
            }
        }
        List<String> c = new ArrayList<>(o.features().isEmpty() ? frame.names() : o.features());
        c.remove(o.label());
        c.removeAll(o.exclude());
        if (c.isEmpty()) {
            throw new InputException("no feature column left: the table has only the label" + (o.exclude().isEmpty() ? "" : " and excluded columns"));
        }
        return c;
    }

    static double[] balanced(int[] y, int k) {
        double[] count = new double[k];
        for (int v : y) {
            count[v]++;
        }
        double[] w = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            w[i] = y.length / (k * count[y[i]]);
        }
        return w;
    }

    static double[] prior(int[] y, int k) {
        double[] p = new double[k];
        for (int v : y) {
            p[v] += 1.0 / y.length;
        }
        return p;
    }

    private static int minority(int[] y, int k) {
        double[] p = prior(y, k);
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (p[c] < p[best]) {
                best = c;
            }
        }
        return best;
    }

    private static Map<String, Long> classCounts(int[] y, List<String> classes) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String c : classes) {
            out.put(c, 0L);
        }
        for (int v : y) {
            out.merge(classes.get(v), 1L, Long::sum);
        }
        return out;
    }

    private static TabularEvaluation.Curve curve(Evaluation.Curve c) {
        return new TabularEvaluation.Curve(round(c.x()), round(c.y()));
    }

    static double[] column(double[][] p, int c) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i][c];
        }
        return out;
    }

    static boolean[] positives(int[] y, int c) {
        boolean[] out = new boolean[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] == c;
        }
        return out;
    }

    static int[] indices(int[] part, int which) {
        return java.util.stream.IntStream.range(0, part.length).filter(i -> part[i] == which).toArray();
    }

    static int[] where(int[] fold, int f, boolean in) {
        return java.util.stream.IntStream.range(0, fold.length).filter(i -> (fold[i] == f) == in).toArray();
    }

    static int[] pick(int[] v, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }

    static double[] pickD(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }

    static double[][] pickRows(double[][] v, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }

    static Map<String, Double> roundAll(Map<String, Double> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((key, v) -> out.put(key, r(v)));
        return out;
    }

    /** Rounded for the evaluation, null when not finite. */
    static Double r(double v) {
        return Double.isFinite(v) ? Evaluation.round(v) : null;
    }

    static double[] round(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.isFinite(v[i]) ? Evaluation.round(v[i]) : Double.NaN;
        }
        return out;
    }
}
