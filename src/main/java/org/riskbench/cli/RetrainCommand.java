package org.riskbench.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.riskbench.app.AppContext;
import org.riskbench.app.RetrainingService;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.engine.retraining.RetrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code riskbench retrain [options]} and {@code riskbench retrain requests}. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Retrain the active model on its recent confident mistakes (analyst feedback) plus a replay of its"
                + " training data; promote the result only if its holdout macro-F1 holds up.",
        subcommands = {RetrainCommand.Requests.class, RetrainCommand.FileRequest.class})
public final class RetrainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Option(names = "--source", paramLabel = "SOURCE", description = "manual, auto_daily or decay_triggered (default:"
            + " manual; with --request-id, the request's own). auto_daily, the daily run for cron, then does what app start"
            + " does: the decay check, then the pending requests (with these options), one line for each.")
    String source;
    @Option(names = "--request-id", paramLabel = "ID",
            description = "Run this pending request now (its run is linked to it), instead of a run of its own.")
    Long requestId;
    @Option(names = "--job-id", paramLabel = "ID", description = "Job id, also the retraining run's id (default: generated).")
    String jobId;
    @Option(names = "--lookback-days", paramLabel = "N", description = "Mistakes predicted within this many days (default 7).")
    Integer lookbackDays;
    @Option(names = "--fine-tune", paramLabel = "true|false", arity = "1", description = "Warm start from the current model (default true) or train from scratch.")
    Boolean fineTune;
    @Option(names = "--learning-rate", paramLabel = "X", description = "Adam step of the warm start (default 0.01).")
    Double learningRate;
    @Option(names = "--epochs", paramLabel = "N", description = "Adam iterations of the warm start (default 60).")
    Integer epochs;
    @Option(names = "--random-seed", paramLabel = "N", description = "Seed of the replay sample and the learners (default 42).")
    Long randomSeed;
    @Option(names = "--confidence-threshold", paramLabel = "X", description = "Minimum predicted-class probability of a mistake (default 0.7).")
    Double confidenceThreshold;

    @Override
    public Integer call() {
        if (source != null && !RetrainingService.SOURCES.contains(source)) {
            spec.commandLine().getErr().println("riskbench: --source must be manual, auto_daily or decay_triggered, got '"
                    + source + "'");
            return Cli.EXIT_BAD_INPUT;
        }
        if (requestId != null && "auto_daily".equals(source)) {
            spec.commandLine().getErr().println("riskbench: --request-id runs a request, which is manual or decay_triggered,"
                    + " not auto_daily; leave --source out to use the request's own.");
            return Cli.EXIT_BAD_INPUT;
        }
        RetrainingConfig c = RetrainingConfig.defaults();
        if (lookbackDays != null) {
            c = c.withLookbackDays(lookbackDays);
        }
        if (fineTune != null) {
            c = c.withFineTune(fineTune);
        }
        if (learningRate != null) {
            c = c.withLearningRate(learningRate);
        }
        if (epochs != null) {
            c = c.withEpochs(epochs);
        }
        if (randomSeed != null) {
            c = c.withRandomSeed(randomSeed);
        }
        if (confidenceThreshold != null) {
            c = c.withConfidenceThreshold(confidenceThreshold);
        }
        try (AppContext app = Cli.openApp(common)) {
            RetrainingService.Started s = requestId != null ? app.retraining().startRequest(requestId, source, c, jobId)
                    : app.retraining().retrain(source == null ? "manual" : source, c, "cli", jobId);
            JobRecord done = JobWaiter.await(app, s.job(), spec.commandLine().getErr());
            if (requestId != null) {
                app.retraining().finishRequest(requestId, s.runId());
            }
            RetrainingService.RunView run = app.retraining().run(s.runId()).orElseThrow();
            var o = spec.commandLine().getOut();
            boolean ok = done.status() == JobStatus.SUCCEEDED;
            if (!ok) {
                spec.commandLine().getErr().println("riskbench: retraining run " + s.runId() + " " + run.status()
                        + (run.errorMessage() == null ? "" : ": " + run.errorMessage()));
            } else {
                o.println("retraining run " + run.id() + " " + run.status() + ": " + run.reason());
                if (run.modelVersion() != null) {
                    o.printf(Locale.ROOT, "dataset %d rows; model %s (%s); holdout accuracy %s, macro-F1 %s%n", run.datasetSize(),
                            run.modelVersion(), Boolean.TRUE.equals(run.promoted()) ? "active" : "rejected", run.accuracy(), run.macroF1());
                }
                o.println("log: " + run.logPath());
            }
            if ("auto_daily".equals(source)) { // the cron entry point does what app start does after the daily run
                ok &= app.retraining().checkDecayThenRequests(c, line -> {
                    o.println(line);
                    o.flush();
                });
            }
            return ok ? Cli.EXIT_OK : Cli.EXIT_JOB_FAILED;
        }
    }

    @Command(name = "request", mixinStandardHelpOptions = true,
            description = "File a retraining request; the next run that takes requests (app start, retrain --source auto_daily,"
                    + " retrain --request-id) runs it.")
    static final class FileRequest extends WorkspaceCommand {
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why the model should be retrained.")
        String reason;
        @Option(names = "--requested-by", paramLabel = "NAME", description = "Who asks (default: the user name of this account).")
        String requestedBy;
        @Option(names = "--priority", defaultValue = "normal", paramLabel = "P", description = "low, normal or high (default: ${DEFAULT-VALUE}).")
        String priority;

        @Override
        void check() {
            if (reason.isBlank()) {
                throw new org.riskbench.core.InputException("--reason is empty; say why the model should be retrained.");
            }
        }

        @Override
        Integer run(AppContext app) {
            String who = requestedBy != null ? requestedBy : System.getProperty("user.name", "cli");
            long id = app.retraining().request(who, reason.trim(), priority);
            spec.commandLine().getOut().println("request #" + id + " filed (" + priority + ", by " + who
                    + "); pending until the next run takes it: 'riskbench retrain --request-id " + id + "' runs it now");
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "requests", mixinStandardHelpOptions = true, description = "List retraining requests, pending ones in the order they will be taken.")
    static final class Requests extends WorkspaceCommand {
        @Override
        Integer run(AppContext app) {
            var o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "%-5s %-10s %-8s %-14s %-26s %s%n", "ID", "STATUS", "PRIORITY", "REQUESTED_BY", "RUN", "REASON");
            for (RetrainingService.RequestView r : app.retraining().requests()) {
                o.printf(Locale.ROOT, "%-5d %-10s %-8s %-14s %-26s %s%n", r.id(), r.status(), r.priority(), r.requestedBy(),
                        r.runId() == null ? "-" : r.runId(), r.reason() == null ? "" : r.reason());
            }
            return Cli.EXIT_OK;
        }
    }
}
