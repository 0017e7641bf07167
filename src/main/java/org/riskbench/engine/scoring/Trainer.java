package org.riskbench.engine.scoring;

import org.riskbench.engine.learning.Evaluation;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.intake.Enricher;

/**
 * Trains a {@link ScoringModel} on a labelled table: a seeded 60/20/20 train/validation/holdout split (by
 * group, e.g. customer, when a group column is given, so no customer's history leaks across the split);
 * alignment, stacking ensemble, isolation forest and k-means on train; the Q-learning policy on validation;
 * metrics on the holdout, both for the supervised class and for the policy's final class.
 */
public final class Trainer {
    /** Enriched transaction columns the model reads: every feature plus the categories. */
    public static final List<String> TRANSACTION_CATEGORIES = List.of("operation_type", "sector", "channel", "fraccion");
    public static final String COSTS_RESOURCE = "/scoring/costs.yaml";

    public record Config(long seed, int isolationTrees, int isolationSample, int clusters, Stacking.Config stacking,
                         QPolicy.Config policy) {
        public static Config defaults(long seed) {
            return new Config(seed, 100, 256, 6, Stacking.Config.defaults(seed), QPolicy.Config.defaults(seed));
        }
    }

    public record Result(ScoringModel model, TrainingMetrics metrics) {
    }

    private Trainer() {
    }

    /** Trains on an enriched transactions table (see {@link Enricher}) with labels in {@code label}. */
    public static Result trainTransactions(Table enriched, String label, Config config, Progress progress) {
        return trainTransactions(enriched, label, config, null, progress);
    }

    /** As {@link #trainTransactions(Table, String, Config, Progress)}, the policy rewarded by {@code costs} (null: costs.yaml). */
    public static Result trainTransactions(Table enriched, String label, Config config, CostMatrix costs, Progress progress) {
        List<String> cats = TRANSACTION_CATEGORIES.stream().filter(enriched::has).toList();
        List<String> order = Guardrails.defaults().classOrder();
        return train(enriched, label, Enricher.FEATURES, cats, "customer_id", order, config, costs, progress);
    }

    /**
     * Trains on any table. {@code classOrder}: the class list in severity order (classes not in it are
     * appended sorted); null for sorted labels.
     */
    public static Result train(Table t, String label, List<String> numeric, List<String> categorical, String group,
                               List<String> classOrder, Config config, Progress progress) {
        return train(t, label, numeric, categorical, group, classOrder, config, null, progress);
    }

    /** As above, the Q-learning policy rewarded by {@code costs} (null: the bundled costs.yaml). */
    public static Result train(Table t, String label, List<String> numeric, List<String> categorical, String group,
                               List<String> classOrder, Config config, CostMatrix costs, Progress progress) {
        String[] labels = t.column(label);
        TreeSet<String> seen = new TreeSet<>();
        for (String s : labels) {
            if (Table.isMissing(s)) {
                throw new InputException("the label column '" + label + "' has missing values; label every training row");
            }
            seen.add(s.trim());
        }
        List<String> classes = new ArrayList<>();
        if (classOrder != null) {
            classOrder.stream().filter(seen::contains).forEach(classes::add);
        }
        seen.stream().filter(c -> !classes.contains(c)).forEach(classes::add);
        if (classes.size() < 2) {
            throw new InputException("the label column '" + label + "' has a single class " + classes + "; training needs two or more");
        }
        double[][] policyCosts = costs == null ? costs(classes) : costs.over(classes); // a bad matrix fails before the fitting
        int[] y = new int[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = classes.indexOf(labels[i].trim());
        }
        int[] part = split(t, group, config.seed());
        int[] train = indices(part, 0);
        int[] valid = indices(part, 1);
        int[] hold = indices(part, 2);
        if (train.length < 20 || valid.length < 5 || hold.length < 5) {
            throw new InputException("too few rows to train (" + t.rows() + "); give at least a few hundred labelled rows");
        }
        ScoringModel model = fit(t.select(train), pick(y, train), t.select(valid), pick(y, valid), numeric, categorical, classes,
                config, policyCosts, progress);
        ScoringModel.Scores hs = model.score(t.select(hold));
        int[] yHold = pick(y, hold);
        TrainingMetrics metrics = new TrainingMetrics(
                new TrainingMetrics.Split(train.length, valid.length, hold.length, group == null ? "row" : group, config.seed()),
                Evaluation.scoringSummary(yHold, hs.finalClass(), classes),
                costs == null ? null : new TrainingMetrics.CostMatrix(costs.source(), classes,
                        Arrays.stream(policyCosts).map(double[]::clone).toList()),
                Evaluation.scoringSummary(yHold, hs.supervised(), classes));
        progress.report(1, "trained");
        return new Result(model, metrics);
    }

    /**
     * Trains on given parts: alignment, stacking ensemble, isolation forest and k-means on {@code train}, the
     * Q-learning policy on {@code validation} (its anomaly buckets cut at the 50th, 90th and 99th percentiles
     * of the training anomaly scores). Labels are class indices into {@code classes}.
     */
    public static ScoringModel fit(Table trainRows, int[] yTrain, Table validRows, int[] yValid, List<String> numeric,
                                   List<String> categorical, List<String> classes, Config config, Progress progress) {
        return fit(trainRows, yTrain, validRows, yValid, numeric, categorical, classes, config, costs(classes), progress);
    }

    /** As above, the policy rewarded by {@code policyCosts} (true class x action, in {@code classes} order). */
    public static ScoringModel fit(Table trainRows, int[] yTrain, Table validRows, int[] yValid, List<String> numeric,
                                   List<String> categorical, List<String> classes, Config config, double[][] policyCosts,
                                   Progress progress) {
        Alignment alignment = Alignment.fit(trainRows, numeric, categorical);
        double[][] xTrain = alignment.transform(trainRows);
        progress.report(0.05, "training the stacking ensemble on " + xTrain.length + " rows");
        Stacking stacking = Stacking.fit(xTrain, yTrain, classes.size(), config.stacking(), progress.slice(0.05, 0.75));
        progress.checkCancelled();
        progress.report(0.8, "isolation forest and k-means");
        IsolationForest iforest = IsolationForest.fit(xTrain, config.isolationTrees(), config.isolationSample(), config.seed());
        Clusters clusters = Clusters.fit(xTrain, config.clusters(), 5000, config.seed());
        double[] trainAnomaly = new double[xTrain.length];
        for (int i = 0; i < xTrain.length; i++) {
            trainAnomaly[i] = iforest.score(xTrain[i]);
        }
        double[] sorted = trainAnomaly.clone();
        Arrays.sort(sorted);
        double[] edges = {quantile(sorted, 0.5), quantile(sorted, 0.9), quantile(sorted, 0.99)};
        progress.report(0.9, "Q-learning threshold policy on " + validRows.rows() + " validation rows");
        ScoringModel partial = new ScoringModel(alignment, classes, stacking, iforest, clusters, null);
        ScoringModel.Scores vs = partial.score(validRows);
        QPolicy policy = QPolicy.learn(vs.supervised(), vs.anomaly(), yValid, classes.size(), edges, policyCosts, config.policy());
        return new ScoringModel(alignment, classes, stacking, iforest, clusters, policy);
    }

    /** 0 train, 1 validation, 2 holdout: 60/20/20, by group when given (seeded hash of the group key). */
    public static int[] split(Table t, String group, long seed) {
        int n = t.rows();
        int[] part = new int[n];
        String[] g = group != null && t.has(group) ? t.column(group) : null;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            double u = g == null ? rng.nextDouble()
                    : new SplittableRandom(seed ^ (g[i].hashCode() * 0x9E3779B97F4A7C15L)).nextDouble();
            part[i] = u < 0.6 ? 0 : u < 0.8 ? 1 : 2;
        }
        return part;
    }

    static int[] indices(int[] part, int which) {
        return java.util.stream.IntStream.range(0, part.length).filter(i -> part[i] == which).toArray();
    }

    static int[] pick(int[] v, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }

    static double quantile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
    }

    /** The cost matrix of {@code costs.yaml} when it names these classes; else 0 on the diagonal, 1 elsewhere. */
    public static double[][] costs(List<String> classes) {
        int k = classes.size();
        double[][] c = new double[k][k];
        for (int t = 0; t < k; t++) {
            for (int a = 0; a < k; a++) {
                c[t][a] = t == a ? 0 : 1;
            }
        }
        try (InputStream in = Trainer.class.getResourceAsStream(COSTS_RESOURCE)) {
            JsonNode n = Json.YAML.readTree(in);
            List<String> names = new ArrayList<>();
            n.path("classes").forEach(x -> names.add(x.asText()));
            if (!names.containsAll(classes)) {
                return c;
            }
            for (int t = 0; t < k; t++) {
                for (int a = 0; a < k; a++) {
                    c[t][a] = n.path("costs").path(names.indexOf(classes.get(t))).path(names.indexOf(classes.get(a))).asDouble();
                }
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
