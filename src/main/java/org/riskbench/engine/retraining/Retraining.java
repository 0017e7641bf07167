package org.riskbench.engine.retraining;

import org.riskbench.engine.learning.Evaluation;
import org.riskbench.engine.learning.HoldoutEvaluation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.riskbench.core.Progress;
import org.riskbench.engine.scoring.ScoringModel;
import org.riskbench.engine.scoring.Table;
import org.riskbench.engine.scoring.Trainer;

/**
 * One retraining run (docs/spec/retraining.md), a pure function of its inputs: filter the evaluation log, stop with
 * "insufficient data" below {@code min_error_samples}, build the fine-tune dataset (the mistakes with their
 * true class plus a seeded replay sample of the original training rows), train, evaluate candidate and
 * current model on the same fixed holdout, and decide promotion. Training errors propagate: the caller
 * marks the run failed and changes nothing else.
 */
public final class Retraining {
    /** The label column of the fine-tune dataset. */
    public static final String LABEL = "label";
    /** Which part of the dataset a row comes from: {@code error} or {@code replay}. */
    public static final String SOURCE = "source";

    private Retraining() {
    }

    /**
     * Trains the candidate from the dataset (see {@link FineTuner}). {@code validation}: the current model's
     * validation rows (original data, neither trained on nor in the holdout; label in {@code label}), for what
     * is tuned rather than fitted, e.g. the threshold policy of a model trained from scratch.
     */
    public interface ModelTrainer {
        ScoringModel train(ScoringModel current, Table dataset, Table validation, String label, RetrainingConfig config,
                           Progress progress);
    }

    /** The enriched input rows of the given predictions, in the same order (the features of the mistakes). */
    public interface ErrorRows {
        Table load(List<EvalRow> errors);
    }

    /**
     * @param log         predictions joined with feedback
     * @param original    the current model's enriched training table, label in {@code label}
     * @param holdoutSeed the seed of the current model's split: its holdout part is the fixed holdout
     */
    public record Inputs(List<EvalRow> log, ErrorRows errorRows, Table original, String label, ScoringModel current,
                         long holdoutSeed, Instant now) {
    }

    /**
     * @param trained   false for "insufficient data"
     * @param dataset   the fine-tune dataset (the artifact CSV), null when not trained
     * @param candidate the new model, null when not trained
     * @param metrics   error count, dataset size, holdout metrics of candidate and current model
     */
    public record Outcome(int errors, boolean trained, String message, Table dataset, ScoringModel candidate,
                          Metrics metrics, Promotion.Decision decision) {
        public int datasetSize() {
            return dataset == null ? 0 : dataset.rows();
        }
    }

    /**
     * What a run measured: the feedback log's rows and the confident mistakes in it; without enough of them only the
     * message; otherwise the dataset's sizes, the candidate's and the current model's metrics on the fixed holdout (of
     * the final class, which promotion compares, and of the supervised class before the policy) and the decision.
     */
    public record Metrics(int logRows, int errors, String message, Integer datasetSize, Integer replayRows,
                          Integer validationRows, HoldoutEvaluation holdout, HoldoutEvaluation currentHoldout,
                          HoldoutEvaluation holdoutSupervised, HoldoutEvaluation currentHoldoutSupervised, Boolean promoted,
                          String reason) {
    }

    public static Outcome run(RetrainingConfig config, Inputs in, ModelTrainer trainer, Progress progress) {
        List<EvalRow> errors = ErrorFilter.select(in.log(), config, in.now());
        int logRows = in.log().size();
        if (errors.size() < config.minErrorSamples()) {
            String msg = "insufficient data (" + errors.size() + " < " + config.minErrorSamples() + "): no action";
            return new Outcome(errors.size(), false, msg, null, null,
                    new Metrics(logRows, errors.size(), msg, null, null, null, null, null, null, null, null, null), null);
        }
        progress.report(0.05, errors.size() + " confident mistakes; building the fine-tune dataset");
        int[] part = Trainer.split(in.original(), "customer_id", in.holdoutSeed());
        Table holdout = in.original().select(indices(part, 2));
        Table valid = in.original().select(indices(part, 1));
        valid = valid.with(LABEL, trimmed(valid.column(in.label())));
        Table dataset = dataset(in.errorRows().load(errors), errors, in.original(), in.label(), indices(part, 0), in.current(), config);
        progress.checkCancelled();
        progress.report(0.1, (config.fineTune() ? "fine-tuning" : "training from scratch") + " on " + dataset.rows() + " rows");
        ScoringModel candidate = trainer.train(in.current(), dataset, valid, LABEL, config, progress.slice(0.1, 0.8));
        progress.checkCancelled();
        progress.report(0.85, "evaluating on the fixed holdout (" + holdout.rows() + " rows)");
        HoldoutMetrics cand = evaluate(candidate, holdout, in.label(), in.current().classes());
        HoldoutMetrics cur = evaluate(in.current(), holdout, in.label(), in.current().classes());
        Promotion.Decision d = Promotion.decide(cand.macroF1(), cur.macroF1(), config.promotionTolerance());
        // the supervised (ensemble) class before the policy: tells a weak ensemble from a bad policy
        Metrics metrics = new Metrics(logRows, errors.size(), null, dataset.rows(), dataset.rows() - errors.size(),
                valid.rows(), cand.finalClass(), cur.finalClass(), cand.supervised(), cur.supervised(), d.promote(),
                d.reason());
        progress.report(1, d.reason());
        return new Outcome(errors.size(), true, d.reason(), dataset, candidate, metrics, d);
    }

    /** Holdout metrics of one model: of its final (policy) class, which promotion compares, and of its supervised class. */
    public record HoldoutMetrics(HoldoutEvaluation finalClass, HoldoutEvaluation supervised) {
        public double macroF1() {
            return finalClass.macroF1();
        }
    }

    /**
     * A model's metrics on the fixed holdout of a run: the holdout part of {@code original} under {@code holdoutSeed},
     * the rows {@link #run} evaluates candidate and current model on (class order {@code classes}). For the model
     * that became active while a run trained, so the promotion compares like with like.
     */
    public static HoldoutMetrics onFixedHoldout(ScoringModel model, Table original, String label, long holdoutSeed, List<String> classes) {
        int[] part = Trainer.split(original, "customer_id", holdoutSeed);
        return evaluate(model, original.select(indices(part, 2)), label, classes);
    }

    private static HoldoutMetrics evaluate(ScoringModel model, Table holdout, String label, List<String> classes) {
        String[] truth = trimmed(holdout.column(label));
        ScoringModel.Scores s = model.score(holdout);
        return new HoldoutMetrics(Evaluation.byName(truth, names(model, s.finalClass()), classes),
                Evaluation.byName(truth, names(model, s.supervised()), classes));
    }

    /**
     * The mistakes (label: the analyst's class) then a seeded sample of {@code replay_size} training rows
     * (label: their own), with the model's input columns, {@code customer_id}, {@code label} and {@code source}.
     */
    static Table dataset(Table errorRows, List<EvalRow> errors, Table original, String label, int[] trainRows,
                         ScoringModel current, RetrainingConfig config) {
        if (errorRows.rows() != errors.size()) {
            throw new IllegalStateException("the error rows table has " + errorRows.rows() + " rows for " + errors.size() + " mistakes");
        }
        int[] replay = stratifiedSample(trimmed(original.select(trainRows).column(label)), trainRows, config.replaySize(),
                config.randomSeed());
        int take = replay.length;
        Table sample = original.select(replay);
        List<String> names = new ArrayList<>(current.alignment().numeric());
        names.addAll(current.alignment().categorical().keySet());
        names.add("customer_id");
        int n = errors.size() + take;
        Map<String, String[]> cols = new LinkedHashMap<>();
        for (String name : names) {
            String[] v = new String[n];
            copy(errorRows, name, v, 0);
            copy(sample, name, v, errors.size());
            cols.put(name, v);
        }
        String[] y = new String[n];
        String[] src = new String[n];
        for (int i = 0; i < errors.size(); i++) {
            y[i] = errors.get(i).trueClass();
            src[i] = "error";
        }
        String[] sy = sample.column(label);
        for (int i = 0; i < take; i++) {
            y[errors.size() + i] = sy[i].trim();
            src[errors.size() + i] = "replay";
        }
        names.add(LABEL);
        cols.put(LABEL, y);
        names.add(SOURCE);
        cols.put(SOURCE, src);
        return new Table(names, cols);
    }

    /**
     * A seeded sample of {@code size} of {@code rows} (sorted), stratified by class with proportional
     * allocation (largest remainder), so each class keeps its share of the training data. A plain random
     * sample of 2,000 from 12,000 rows can halve a 1% class (8 {@code relevante} rows instead of ~15), and the
     * learners refitted on it then lose that class.
     */
    static int[] stratifiedSample(String[] labels, int[] rows, int size, long seed) {
        int take = Math.min(size, rows.length);
        Map<String, List<Integer>> byClass = new java.util.TreeMap<>();
        for (int i = 0; i < rows.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(rows[i]);
        }
        List<String> names = new ArrayList<>(byClass.keySet());
        int[] quota = new int[names.size()];
        double[] rest = new double[names.size()];
        int given = 0;
        for (int c = 0; c < quota.length; c++) {
            double exact = (double) take * byClass.get(names.get(c)).size() / rows.length;
            quota[c] = (int) Math.floor(exact);
            rest[c] = exact - quota[c];
            given += quota[c];
        }
        Integer[] byRest = new Integer[quota.length];
        for (int c = 0; c < quota.length; c++) {
            byRest[c] = c;
        }
        Arrays.sort(byRest, (a, b) -> rest[a] != rest[b] ? Double.compare(rest[b], rest[a]) : Integer.compare(a, b));
        for (int r = 0; given < take; r++, given++) {
            quota[byRest[r % quota.length]]++;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] out = new int[take];
        int m = 0;
        for (int c = 0; c < quota.length; c++) {
            int[] pool = byClass.get(names.get(c)).stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < quota[c]; i++) { // partial Fisher-Yates: the first quota entries are the sample
                int j = i + rng.nextInt(pool.length - i);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
                out[m++] = pool[i];
            }
        }
        Arrays.sort(out);
        return out;
    }

    private static void copy(Table t, String name, String[] into, int offset) {
        if (t.has(name)) {
            System.arraycopy(t.column(name), 0, into, offset, t.rows());
        } else {
            Arrays.fill(into, offset, offset + t.rows(), "");
        }
    }

    static String[] names(ScoringModel model, int[] fin) {
        String[] out = new String[fin.length];
        for (int i = 0; i < fin.length; i++) {
            out[i] = model.classes().get(fin[i]);
        }
        return out;
    }

    private static String[] trimmed(String[] v) {
        String[] out = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] == null ? "" : v[i].trim();
        }
        return out;
    }

    static int[] indices(int[] part, int which) {
        return java.util.stream.IntStream.range(0, part.length).filter(i -> part[i] == which).toArray();
    }
}
