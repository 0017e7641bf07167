package org.riskbench.cli;

import org.riskbench.core.model.JobLogLine;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.riskbench.app.AppContext;
import org.riskbench.core.InputException;
import org.riskbench.jobs.JobHandle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code riskbench jobs list|show|cancel|retry}. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List, inspect, cancel and retry jobs.",
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.ShowJob.class, JobsCommand.CancelJob.class,
            JobsCommand.RetryJob.class})
public final class JobsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs, newest first.")
    static final class ListJobs extends WorkspaceCommand {
        @Option(names = "--status", split = ",", paramLabel = "STATUS",
                description = "Only these statuses: pending, running, succeeded, failed, cancelled.")
        List<String> statuses = new ArrayList<>();
        @Option(names = "--kind", description = "Only this kind (scenario, replay, calibration, ...).")
        String kind;
        @Option(names = "--sphere", paramLabel = "NAME",
                description = "Only jobs labelled with this sphere (forge or orunmila; scenario run --sphere).")
        String sphere;
        @Option(names = "--limit", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;
        /** The --status values read. */
        private List<JobStatus> wanted;

        @Override
        void check() {
            wanted = new ArrayList<>();
            for (String s : statuses) {
                try {
                    wanted.add(JobStatus.fromDb(s.trim()));
                } catch (IllegalArgumentException e) {
                    throw new InputException("--status: '" + s + "' is not one of pending, running, succeeded, failed, cancelled");
                }
            }
            if (limit < 1) {
                throw new InputException("--limit must be at least 1, got " + limit);
            }
        }

        @Override
        Integer run(AppContext app) {
            if (kind != null && !app.jobs().kinds().contains(kind)) {
                throw new InputException("--kind: '" + kind + "' is not one of " + String.join(", ", app.jobs().kinds()));
            }
            if (sphere != null && !org.riskbench.app.ScenarioService.SPHERES.contains(sphere)) {
                throw new InputException("--sphere: '" + org.riskbench.core.Texts.abbreviate(sphere) + "' is not one of "
                        + String.join(", ", org.riskbench.app.ScenarioService.SPHERES));
            }
            List<JobRecord> jobs = app.jobs().list(wanted, kind, sphere, limit);
            PrintWriter out = spec.commandLine().getOut();
            if (jobs.isEmpty()) {
                out.println("no jobs in " + app.root());
                return Cli.EXIT_OK;
            }
            out.printf("%-40s %-13s %-10s %8s  %-20s %10s%n", "ID", "KIND", "STATUS", "PROGRESS", "CREATED (UTC)", "DURATION");
            Instant now = Instant.now();
            for (JobRecord job : jobs) {
                out.printf(Locale.ROOT, "%-40s %-13s %-10s %7.0f%%  %-20s %10s%n", job.id(), job.kind(),
                        job.status().dbName(), job.progress() * 100, Formats.timestamp(job.createdAt()),
                        Formats.duration(job.duration(now)));
            }
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one job: parameters, result, error, log tail.")
    static final class ShowJob extends WorkspaceCommand {
        @Parameters(paramLabel = "ID", description = "Job id.")
        String id;
        @Option(names = "--log-lines", defaultValue = "30", description = "Log lines to show (default: ${DEFAULT-VALUE}).")
        int logLines;

        @Override
        Integer run(AppContext app) {
            JobRecord job = app.jobs().find(id).orElseThrow(() -> new InputException("no job '"
                    + org.riskbench.core.Texts.abbreviate(id) + "' in " + app.root()));
            PrintWriter out = spec.commandLine().getOut();
            out.println("id:        " + job.id());
            out.println("kind:      " + job.kind());
            out.println("status:    " + job.status().dbName());
            out.printf(Locale.ROOT, "progress:  %.0f%% %s%n", job.progress() * 100, job.progressMessage() == null ? "" : job.progressMessage());
            out.println("attempt:   " + job.attempt() + (job.retryOf() == null ? "" : " (retry of " + job.retryOf() + ")"));
            out.println("created:   " + Formats.timestamp(job.createdAt()));
            out.println("started:   " + Formats.timestamp(job.startedAt()));
            out.println("finished:  " + Formats.timestamp(job.finishedAt()));
            out.println("duration:  " + Formats.duration(job.duration(Instant.now())));
            out.println("output:    " + (job.outputDir() == null ? "" : job.outputDir()));
            out.println("params:    " + job.paramsJson());
            String spark = org.riskbench.app.SparkJobLine.of(job);
            if (spark != null) {
                out.println("spark:     " + spark);
            }
            if (job.resultJson() != null) {
                out.println("result:    " + job.resultJson());
            }
            if (job.errorMessage() != null) {
                out.println("error:     " + job.errorMessage());
            }
            List<JobLogLine> lines = app.jobs().logTail(id, logLines);
            if (!lines.isEmpty()) {
                out.println("log:");
                for (JobLogLine line : lines) {
                    out.println("  " + Formats.timestamp(line.at()) + " " + line.level() + " " + line.message());
                }
            }
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Ask a pending or running job to stop (also one run by another process).")
    static final class CancelJob extends WorkspaceCommand {
        @Parameters(paramLabel = "ID", description = "Job id.")
        String id;

        @Override
        Integer run(AppContext app) {
            JobStatus status = app.jobs().cancel(id);
            PrintWriter out = spec.commandLine().getOut();
            switch (status) {
                case CANCELLED -> out.println("job " + id + " cancelled");
                case RUNNING -> out.println("job " + id + " asked to stop; it stops at its next unit of work");
                default -> out.println("job " + id + " already " + status.dbName() + "; nothing to cancel");
            }
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Run a failed or cancelled job again, as a new attempt, and wait for it.")
    static final class RetryJob extends WorkspaceCommand {
        @Parameters(paramLabel = "ID", description = "Job id.")
        String id;

        @Override
        Integer run(AppContext app) {
            JobHandle handle = app.jobs().retry(id);
            JobRecord done = JobWaiter.await(app, handle, spec.commandLine().getErr());
            spec.commandLine().getOut().println(JobWaiter.outcome(done));
            return done.status() == JobStatus.SUCCEEDED ? Cli.EXIT_OK : Cli.EXIT_JOB_FAILED;
        }
    }

}
