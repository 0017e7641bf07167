package org.riskbench.engine.tabular;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.riskbench.core.Progress;

/**
 * The general trainer's benchmarks (README, "General models"): quality (each learner's cross-validated ROC AUC with its
 * standard error beside plain logistic regression, on given tables and on a synthetic table whose Bayes-optimal AUC is
 * known) and speed (training time per learner and scoring rows per second on a rows x 20 mixed-column table).
 */
public final class TabularBenchmark {
    static final List<Learner> LEARNERS = List.of(Learner.LOGISTIC, Learner.FOREST, Learner.GBDT, Learner.STACKING);

    private TabularBenchmark() {
    }

    /** Two Gaussian classes with identity covariance and means {@code DELTA} apart: Bayes AUC = Phi(DELTA / sqrt 2). */
    static final double DELTA = 1.5;

    public static double syntheticBayesAuc() {
        return new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(DELTA / Math.sqrt(2));
    }

    /**
     * The synthetic quality table: 5 signal columns (the class shifts their mean by DELTA/sqrt 5 each), 5 noise columns,
     * a noise category; balanced classes 30/70.
     */
    public static Frame synthetic(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Object> cols = new LinkedHashMap<>();
        double[][] x = new double[10][n];
        String[] cat = new String[n];
        String[] y = new String[n];
        double shift = DELTA / Math.sqrt(5);
        for (int i = 0; i < n; i++) {
            boolean pos = r.nextDouble() < 0.3;
            y[i] = pos ? "event" : "none";
            for (int j = 0; j < 10; j++) {
                x[j][i] = r.nextGaussian() + (pos && j < 5 ? shift : 0);
            }
            cat[i] = "c" + r.nextInt(6);
        }
        for (int j = 0; j < 10; j++) {
            cols.put((j < 5 ? "signal" : "noise") + (j % 5), x[j]);
        }
        cols.put("noise_category", cat);
        cols.put("y", y);
        return Frame.of(cols);
    }

    /** Each learner's 5-fold CV ROC AUC +/- SE beside the plain-logistic baseline on the same folds. */
    @SuppressWarnings("unchecked")
    public static void quality(String name, Frame frame, Map<String, FeaturePlan.ColumnInfo> info, String label, long seed, PrintWriter out) {
        for (Learner l : LEARNERS) {
            long t0 = System.nanoTime();
            TabularTrainer.Result r = TabularTrainer.train(frame, info, TabularTrainer.Options.of(label, l, seed), Progress.NONE);
            double secs = (System.nanoTime() - t0) / 1e9;
            var models = r.evaluation().crossValidation().models();
            TabularEvaluation.Estimate own = models.get(l.label()).get("roc_auc");
            TabularEvaluation.Estimate base = models.get("logistic").get("roc_auc");
            out.printf(Locale.ROOT, "quality %-14s %-9s CV ROC AUC %.4f +/- %.4f   plain logistic %.4f +/- %.4f   (%.1f s with evaluation)%n",
                    name, l.label(), num(own.mean()), num(own.se()), num(base.mean()), num(base.se()), secs);
            out.flush();
        }
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** A rows x 20 table: 8 numbers (some missing), 2 integers, 6 categories (4 to 200 levels), 2 dates, 2 flags. */
    public static Frame mixed(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Object> cols = new LinkedHashMap<>();
        double[][] num = new double[10][n];
        String[][] cat = new String[6][n];
        String[][] dates = new String[2][n];
        String[][] flags = new String[2][n];
        String[] y = new String[n];
        int[] levels = {4, 8, 12, 20, 50, 200};
        String[] names = new String[200];
        for (int k = 0; k < names.length; k++) {
            names[k] = "level_" + k;
        }
        String[] days = new String[3650];
        java.time.LocalDate start = java.time.LocalDate.of(2015, 1, 1);
        for (int d = 0; d < days.length; d++) {
            days[d] = start.plusDays(d).toString();
        }
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int j = 0; j < 10; j++) {
                double v = j < 8 ? r.nextGaussian() : r.nextInt(100);
                num[j][i] = j < 3 && r.nextDouble() < 0.05 ? Double.NaN : v;
                z += j < 4 ? 0.4 * (Double.isNaN(num[j][i]) ? 0 : v) : 0;
            }
            for (int c = 0; c < 6; c++) {
                int l = (int) Math.min(levels[c] - 1, Math.abs(r.nextGaussian()) * levels[c] / 3);
                cat[c][i] = names[l];
                z += c == 0 ? 0.3 * l : 0;
            }
            for (int d = 0; d < 2; d++) {
                dates[d][i] = days[r.nextInt(days.length)];
            }
            for (int f = 0; f < 2; f++) {
                flags[f][i] = r.nextBoolean() ? "yes" : "no";
            }
            z += num[4][i] * num[5][i];
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-(z - 0.5))) ? "bad" : "good";
        }
        for (int j = 0; j < 10; j++) {
            cols.put("num" + j, num[j]);
        }
        for (int c = 0; c < 6; c++) {
            cols.put("cat" + c, cat[c]);
        }
        for (int d = 0; d < 2; d++) {
            cols.put("date" + d, dates[d]);
        }
        for (int f = 0; f < 2; f++) {
            cols.put("flag" + f, flags[f]);
        }
        cols.put("y", y);
        return Frame.of(cols);
    }

    /**
     * Training time of each learner on the matrix of the table's first {@code trainRows} rows, then scoring (align, predict,
     * write) all {@code rows} rows per second.
     */
    public static void speed(int rows, int trainRows, long seed, List<Learner> learners, Path tmp, PrintWriter out) throws java.io.IOException {
        Frame f = mixed(rows, seed);
        Map<String, FeaturePlan.ColumnInfo> info = new LinkedHashMap<>();
        info.put("date0", new FeaturePlan.ColumnInfo(org.riskbench.engine.intake.ColumnType.DATE, "yyyy-MM-dd"));
        info.put("date1", new FeaturePlan.ColumnInfo(org.riskbench.engine.intake.ColumnType.DATE, "yyyy-MM-dd"));
        long t0 = System.nanoTime();
        Frame train = trainRows < rows ? f.select(java.util.stream.IntStream.range(0, trainRows).toArray()) : f;
        FeaturePlan plan = FeaturePlan.fit(train, f.names().stream().filter(c -> !c.equals("y")).toList(), info, new java.util.ArrayList<>());
        double[][] x = plan.transform(train).x();
        int[] y = new int[trainRows];
        for (int i = 0; i < trainRows; i++) {
            y[i] = train.text("y", i).equals("bad") ? 0 : 1;
        }
        out.printf(Locale.ROOT, "speed %,d rows x 20 columns (trained on %,d) -> %d matrix columns: plan and matrix %.1f s; heap max %d MB; %d cores%n",
                rows, trainRows, plan.columns().size(), (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        out.flush();
        for (Learner l : learners) {
            long fitCpu0 = processCpuNanos();
            long s = System.nanoTime();
            TabularModel fitted = TabularTrainer.fitLearner(x, y, 2, l, TabularTrainer.Sizes.defaults(seed), Progress.NONE);
            double fitSecs = (System.nanoTime() - s) / 1e9;
            double fitCpu = (processCpuNanos() - fitCpu0) / 1e9;
            TabularModel model = new TabularModel(plan, "y", List.of("bad", "good"), "bad", 0.5, l, fitted.logistic(), fitted.forest(),
                    fitted.gbdt(), fitted.meta(), org.riskbench.engine.scoring.IsolationForest.fit(x, 100, 256, seed), null);
            Path file = Files.createTempFile(tmp, "scored-", ".csv");
            try {
                // a first pass over a slice compiles the scoring code, so the timed pass measures the steady state
                TabularScoring.score(f.select(java.util.stream.IntStream.range(0, Math.min(rows, 100_000)).toArray()), model, file, Progress.NONE);
                long cpu0 = processCpuNanos();
                long c = System.nanoTime();
                TabularScoring.score(f, model, file, Progress.NONE);
                double scoreSecs = (System.nanoTime() - c) / 1e9;
                double cpuSecs = (processCpuNanos() - cpu0) / 1e9;
                out.printf(Locale.ROOT, "speed %-9s train %7.1f s (%.0f s CPU)   score %,9.0f rows/s (align + predict + anomaly + write CSV; %.1f s wall,"
                                + " %.1f s CPU: %,.0f rows per CPU second)%n",
                        l.label(), fitSecs, fitCpu, rows / scoreSecs, scoreSecs, cpuSecs, cpuSecs > 0 ? rows / cpuSecs : Double.NaN);
                out.flush();
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    /** CPU time of the whole process (every thread, the collector's included), or -1 when the JVM does not say. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
