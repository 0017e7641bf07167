package org.riskbench.cli;

import java.nio.file.Path;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.riskbench.app.AppContext;
import org.riskbench.app.ModelVersion;
import org.riskbench.app.ModelService;
import org.riskbench.app.TabularService;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.learning.Evaluation;
import org.riskbench.engine.scoring.TrainingMetrics;
import org.riskbench.engine.tabular.TabularEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code riskbench model train|list|activate|rollback}. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Train and list scoring models.",
        subcommands = {ModelCommand.Train.class, ModelCommand.ListModels.class, ModelCommand.Activate.class, ModelCommand.Rollback.class})
public final class ModelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train on a labelled table. Any CSV: column types from the intake's inference, a chosen learner,"
                    + " stratified cross-validation and a holdout beside two baselines, written as a general bundle with its"
                    + " evaluation. A transactions file without the general options below keeps the transactions scoring model"
                    + " (enrichment, stacking, isolation forest, k-means, Q-learning policy).")
    static final class Train implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled transactions CSV.")
        Path data;
        @Option(names = "--label", required = true, paramLabel = "COLUMN", description = "The label column (label, etiqueta or clase).")
        String label;
        @Option(names = "--out", paramLabel = "BUNDLE", description = "Bundle folder to write (default: <workspace>/models/<version>).")
        Path out;
        @Option(names = "--seed", defaultValue = "42", description = "Seed of the split and the learners (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--activate", description = "Make it the active model (default: registered as a candidate).")
        boolean activate;
        @Option(names = "--cost-matrix", paramLabel = "FILE.yaml", description = "Costs of calling a row of true class ROW the class"
                + " COLUMN (format of resources/scoring/costs.yaml): the transactions policy's reward; for a general model the"
                + " decision threshold (default: the threshold of maximum F1).")
        Path costMatrix;
        @Option(names = "--positive", paramLabel = "VALUE", description = "General model: the positive class of a two-class label"
                + " (default: the rarer class).")
        String positive;
        @Option(names = "--features", split = ",", paramLabel = "a,b", description = "General model: the input columns (default: all but the label).")
        List<String> features;
        @Option(names = "--exclude", split = ",", paramLabel = "x,y", description = "General model: columns not to use.")
        List<String> exclude;
        @Option(names = "--learner", paramLabel = "NAME", description = "General model: auto, logistic, forest, gbdt or stacking"
                + " (default: auto, stacking).")
        String learner;
        @Option(names = "--cv", paramLabel = "K", description = "General model: cross-validation folds (default: 5).")
        Integer cv;
        @Option(names = "--class-weight", paramLabel = "none|balanced", description = "General model: weight classes inversely to"
                + " their frequency in the learners (default: none; the baselines are never weighted).")
        String classWeight;
        @Option(names = "--job-id", paramLabel = "ID", description = "General model: id of the training job (default: generated).")
        String jobId;

        /** A transactions file trained without any general option keeps today's transactions model. */
        private boolean general(java.nio.file.Path file) {
            if (positive != null || features != null || exclude != null || learner != null || cv != null || classWeight != null
                    || jobId != null) {
                return true;
            }
            org.riskbench.core.InputFiles.check(file, file.toString(), org.riskbench.core.InputFiles.Kind.CSV);
            return !org.riskbench.engine.intake.CsvInspector.inspect(file, org.riskbench.engine.intake.IntakeOptions.transactions()).accepted();
        }

        @Override
        public Integer call() {
            if (general(data)) {
                return trainGeneral();
            }
            try (AppContext app = Cli.openApp(common)) {
                ModelService.Trained t = app.models().train(data, label, out, activate, seed, costMatrix, Progress.NONE);
                var o = spec.commandLine().getOut();
                o.println("model " + t.bundle().version() + " written to " + t.bundle().dir() + (activate ? " (active)" : " (candidate)"));
                printMetrics(o, t.metrics());
                return Cli.EXIT_OK;
            }
        }

        /** The general trainer as a job: progress on stderr, Ctrl-C cancels, bad input exits 2 with one line. */
        private Integer trainGeneral() {
            try (AppContext app = Cli.openApp(common)) {
                TabularService.Submitted<TabularService.Trained> job = app.tabular().submitTrain(new TabularService.TrainRequest(
                        data, label, positive, features == null ? List.of() : features, exclude == null ? List.of() : exclude,
                        learner == null ? "auto" : learner, cv == null ? 5 : cv, seed, costMatrix, classWeight, out, jobId));
                PrintWriter err = spec.commandLine().getErr();
                JobRecord done = JobWaiter.await(app, job.handle(), err);
                if (done.status() != JobStatus.SUCCEEDED) {
                    Throwable cause = job.outcome().isCompletedExceptionally() ? failure(job.outcome()) : null;
                    if (cause instanceof org.riskbench.core.InputException) {
                        err.println("riskbench: " + cause.getMessage());
                        return Cli.EXIT_BAD_INPUT;
                    }
                    err.println("riskbench: model-train " + JobWaiter.outcome(done));
                    return Cli.EXIT_JOB_FAILED;
                }
                TabularService.Trained t = job.outcome().join();
                t.warnings().forEach(w -> err.println("riskbench: warning: " + w));
                var o = spec.commandLine().getOut();
                o.println("model " + t.bundle().version() + " written to " + t.bundle().dir() + " (candidate; general model, "
                        + t.bundle().model().learner().label() + ", label " + label + ", classes " + t.bundle().model().classes() + ")");
                printGeneral(o, t.bundle().evaluation());
                return Cli.EXIT_OK;
            }
        }
    }

    private static Throwable failure(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.join();
            return null;
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    /** The cross-validation table (mean +/- standard error) and the holdout, each learner beside the baselines. */
    static void printGeneral(PrintWriter o, TabularEvaluation ev) {
        TabularEvaluation.CrossValidation cv = ev.crossValidation();
        o.println("cross-validation: " + cv.folds() + " stratified folds of " + cv.rows() + " rows (mean +/- standard error)");
        List<String> metrics = List.copyOf(cv.models().values().iterator().next().keySet());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-10s", "model"));
        metrics.forEach(m -> head.append(String.format(Locale.ROOT, " %17s", m)));
        o.println(head);
        cv.models().forEach((who, v) -> {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-10s", who));
            for (String m : metrics) {
                TabularEvaluation.Estimate e = v.get(m);
                b.append(String.format(Locale.ROOT, " %8s +/- %-5s", num(e == null ? null : e.mean()), num(e == null ? null : e.se())));
            }
            o.println(b);
        });
        TabularEvaluation.Holdout h = ev.holdout();
        o.println("holdout: " + h.rows() + " rows; threshold " + ev.threshold() + " (" + ev.thresholdRule() + ")");
        h.models().forEach((who, v) -> {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-10s", who));
            v.forEach((k, x) -> b.append(' ').append(k).append(' ').append(num(x)));
            o.println(b);
        });
        o.println("confusion matrix (rows: true, columns: predicted, order " + h.confusionOrder() + "):");
        for (List<Long> row : h.confusionMatrix()) {
            o.println("  " + Json.compact(row));
        }
        StringBuilder b = new StringBuilder("permutation importance:");
        ev.permutationImportance().stream().limit(8).forEach(m -> b.append(' ').append(m.column()).append(' ')
                .append(num(m.mean())).append("+/-").append(num(m.se())).append(';'));
        o.println(b);
    }

    private static String num(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : "n/a";
    }

    static void printMetrics(java.io.PrintWriter o, TrainingMetrics metrics) {
        Evaluation.ScoringSummary h = metrics.holdout();
        o.printf(Locale.ROOT, "holdout (%s rows): accuracy %s, macro-F1 %s%n", h.rows(), h.accuracy(), h.macroF1());
        o.println("per-class F1: " + Json.compact(h.perClassF1()));
        o.println("confusion matrix (rows: true, columns: predicted, order " + h.confusionOrder() + "):");
        for (long[] row : h.confusionMatrix()) {
            o.println("  " + Json.compact(row));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered models, newest first.")
    static final class ListModels extends WorkspaceCommand {
        @Override
        Integer run(AppContext app) {
            var o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "%-36s %-10s %-24s %s%n", "VERSION", "STATUS", "CREATED", "PATH");
            for (ModelVersion r : app.models().list()) {
                o.printf(Locale.ROOT, "%-36s %-10s %-24s %s%n", r.version(), r.status(), r.createdAt(), r.path());
            }
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Make a registered model version the active one"
            + " (a version retraining rejected only with --force).")
    static final class Activate extends WorkspaceCommand {
        @picocli.CommandLine.Parameters(paramLabel = "VERSION", description = "A version from 'riskbench model list'.")
        String version;
        @Option(names = "--force", description = "Activate it even if retraining rejected it (its record keeps that it was"
                + " rejected and forced).")
        boolean force;

        @Override
        Integer run(AppContext app) {
            String reason = app.retraining().activate(version, force);
            spec.commandLine().getOut().println("model " + version + " is active"
                    + (reason != null && reason.startsWith("forced") ? " (" + reason + ")" : ""));
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Re-activate the model the active one replaced"
            + " (never one retraining rejected).")
    static final class Rollback extends WorkspaceCommand {
        @Override
        Integer run(AppContext app) {
            spec.commandLine().getOut().println("rolled back: model " + app.retraining().rollback() + " is active");
            return Cli.EXIT_OK;
        }
    }
}
