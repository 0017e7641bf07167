package org.riskbench.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.riskbench.app.AppContext;
import org.riskbench.app.ModelVersion;
import org.riskbench.app.ModelService;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
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
            description = "Validate and enrich a labelled transactions file, train the scoring model on a seeded"
                    + " train/validation/holdout split, write the bundle and print the holdout metrics.")
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
        @Option(names = "--cost-matrix", paramLabel = "FILE.yaml", description = "Costs that reward the Q-learning threshold"
                + " policy (format of resources/scoring/costs.yaml; default: that file).")
        Path costMatrix;

        @Override
        public Integer call() {
            try (AppContext app = Cli.openApp(common)) {
                ModelService.Trained t = app.models().train(data, label, out, activate, seed, costMatrix, Progress.NONE);
                var o = spec.commandLine().getOut();
                o.println("model " + t.bundle().version() + " written to " + t.bundle().dir() + (activate ? " (active)" : " (candidate)"));
                printMetrics(o, t.metrics());
                return Cli.EXIT_OK;
            }
        }
    }

    static void printMetrics(java.io.PrintWriter o, Map<String, Object> metrics) {
        Map<?, ?> h = (Map<?, ?>) metrics.get("holdout");
        o.printf(Locale.ROOT, "holdout (%s rows): accuracy %s, macro-F1 %s%n", h.get("rows"), h.get("accuracy"), h.get("macro_f1"));
        o.println("per-class F1: " + Json.compact(h.get("per_class_f1")));
        o.println("confusion matrix (rows: true, columns: predicted, order " + h.get("confusion_order") + "):");
        for (Object row : (java.util.List<?>) h.get("confusion_matrix")) {
            o.println("  " + Json.compact(row));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered models, newest first.")
    static final class ListModels implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (AppContext app = Cli.openApp(common)) {
                var o = spec.commandLine().getOut();
                o.printf(Locale.ROOT, "%-36s %-10s %-24s %s%n", "VERSION", "STATUS", "CREATED", "PATH");
                for (ModelVersion r : app.models().list()) {
                    o.printf(Locale.ROOT, "%-36s %-10s %-24s %s%n", r.version(), r.status(), r.createdAt(), r.path());
                }
                return Cli.EXIT_OK;
            }
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Make a registered model version the active one"
            + " (a version retraining rejected only with --force).")
    static final class Activate implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Parameters(paramLabel = "VERSION", description = "A version from 'riskbench model list'.")
        String version;
        @Option(names = "--force", description = "Activate it even if retraining rejected it (its record keeps that it was"
                + " rejected and forced).")
        boolean force;

        @Override
        public Integer call() {
            try (AppContext app = Cli.openApp(common)) {
                String reason = app.retraining().activate(version, force);
                spec.commandLine().getOut().println("model " + version + " is active"
                        + (reason != null && reason.startsWith("forced") ? " (" + reason + ")" : ""));
                return Cli.EXIT_OK;
            }
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Re-activate the model the active one replaced"
            + " (never one retraining rejected).")
    static final class Rollback implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (AppContext app = Cli.openApp(common)) {
                spec.commandLine().getOut().println("rolled back: model " + app.retraining().rollback() + " is active");
                return Cli.EXIT_OK;
            }
        }
    }
}
