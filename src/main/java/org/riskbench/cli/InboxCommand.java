package org.riskbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Locale;
import org.riskbench.app.AppContext;
import org.riskbench.app.InboxService;
import org.riskbench.core.Json;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code riskbench inbox process|watch|list}. */
@Command(name = "inbox", mixinStandardHelpOptions = true, description = "Process and list the inference inbox.",
        subcommands = {InboxCommand.Process.class, InboxCommand.Watch.class, InboxCommand.ListInbox.class})
public final class InboxCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints what a drain job did; exit 1 when the job failed or a file failed. */
    static int report(AppContext app, JobRecord done, CommandSpec spec) {
        if (done.status() != JobStatus.SUCCEEDED) {
            spec.commandLine().getErr().println("riskbench: inbox " + JobWaiter.outcome(done));
            return Cli.EXIT_JOB_FAILED;
        }
        InboxService.DrainResult r = InboxService.DrainResult.fromJson(done.resultJson());
        var out = spec.commandLine().getOut();
        for (String id : r.processed()) {
            out.println("processed " + id + ": " + app.inbox().resultFile(id));
        }
        for (String id : r.failed()) {
            reportFailed(app, id, spec);
        }
        out.println(summaryLine(done));
        return r.failed().isEmpty() ? Cli.EXIT_OK : Cli.EXIT_JOB_FAILED;
    }

    /** The drain job's counts in one line. */
    static String summaryLine(JobRecord done) {
        InboxService.DrainResult r = InboxService.DrainResult.fromJson(done.resultJson());
        return String.format(Locale.ROOT, "inbox job %s: %d processed, %d failed, %d skipped, %d recovered", done.id(),
                r.processed().size(), r.failed().size(), r.skipped().size(), r.recovered().size());
    }

    /** Where a failed analysis' error file is (stdout) and why it failed (stderr). */
    static void reportFailed(AppContext app, String id, CommandSpec spec) {
        Path errorFile = app.inbox().dir("failed").resolve(id + "_error.json");
        spec.commandLine().getOut().println("failed " + id + ": " + errorFile);
        spec.commandLine().getErr().println("riskbench: " + id + " failed" + failureReason(errorFile));
    }

    /** The stage and message of a failed analysis, from its error file, so the terminal says why. */
    private static String failureReason(Path errorFile) {
        try {
            JsonNode error = Json.MAPPER.readTree(errorFile.toFile());
            return " in stage " + error.path("stage").asText("?") + ": " + error.path("message").asText("(no message)");
        } catch (java.io.IOException e) {
            return " (its error file " + errorFile + " cannot be read: " + e.getMessage() + ")";
        }
    }

    @Command(name = "process", mixinStandardHelpOptions = true,
            description = "Process every pending file once, or only the analysis named.")
    static final class Process extends WorkspaceCommand {
        @picocli.CommandLine.Parameters(paramLabel = "ANALYSIS_ID", arity = "0..1",
                description = "Process this pending analysis alone (the CSV runner's 'ml_runner.py <analysis_id>').")
        String analysisId;
        @Option(names = "--job-id", paramLabel = "ID", description = "Job id (default: generated).")
        String jobId;
        @Mixin
        ScoringOptions scoring;

        @Override
        Integer run(AppContext app) {
            scoring.apply(app);
            if (analysisId != null) {
                return report(app, JobWaiter.await(app, app.inbox().process(jobId, analysisId),
                        spec.commandLine().getErr()), spec);
            }
            // nothing to do is not a job: no empty drain in the job and run history
            if (app.inbox().pendingIdsForWatch().isEmpty() && !app.inbox().hasStaleClaims()) {
                spec.commandLine().getOut().println("nothing pending in " + app.inbox().dir("pending"));
                return Cli.EXIT_OK;
            }
            return report(app, JobWaiter.await(app, app.inbox().process(jobId), spec.commandLine().getErr()), spec);
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true, description = "Keep processing pending files until interrupted.")
    static final class Watch extends WorkspaceCommand {
        @Option(names = "--interval", defaultValue = "5", paramLabel = "S", description = "Seconds between drains (default: ${DEFAULT-VALUE}).")
        double interval;
        @Option(names = "--rounds", defaultValue = "0", hidden = true, description = "Stop after this many drains (tests); 0: never.")
        int rounds;
        @Mixin
        ScoringOptions scoring;

        @Override
        void check() {
            if (!(interval > 0)) {
                throw new org.riskbench.core.InputException("--interval must be positive");
            }
        }

        @Override
        Integer run(AppContext app) throws InterruptedException {
            scoring.apply(app);
            for (int i = 0; rounds == 0 || i < rounds; i++) {
                if (!app.inbox().pendingIdsForWatch().isEmpty() || app.inbox().hasStaleClaims()) {
                    report(app, JobWaiter.await(app, app.inbox().process(null), spec.commandLine().getErr()), spec);
                }
                if (rounds == 0 || i + 1 < rounds) {
                    Thread.sleep((long) (interval * 1000));
                }
            }
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List analyses, newest first, with their state.")
    static final class ListInbox extends WorkspaceCommand {
        @Override
        Integer run(AppContext app) {
            var entries = app.inbox().list();
            var out = spec.commandLine().getOut();
            if (entries.isEmpty()) {
                out.println("no analyses in " + app.root());
                return Cli.EXIT_OK;
            }
            out.printf(Locale.ROOT, "%-32s %-10s %8s  %-24s %s%n", "ANALYSIS", "STATE", "ROWS", "CREATED", "INPUT");
            for (InboxService.Entry e : entries) {
                out.printf(Locale.ROOT, "%-32s %-10s %8s  %-24s %s%s%n", e.analysisId(), e.state(),
                        e.rows() == null ? "-" : e.rows(), e.createdAt(), e.inputName(), e.error() == null ? "" : "  (" + e.error() + ")");
            }
            return Cli.EXIT_OK;
        }
    }
}
