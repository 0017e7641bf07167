package org.riskbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.riskbench.app.AppContext;
import org.riskbench.core.InputException;
import org.riskbench.app.RunComparison;
import org.riskbench.app.RunsService;
import org.riskbench.app.TrackedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code riskbench runs list|show|compare|export-mlflow}: the history of tracked runs. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List, inspect, compare and export tracked runs.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.ShowRun.class, RunsCommand.CompareRuns.class,
            RunsCommand.ExportMlflow.class})
public final class RunsCommand implements Runnable {
    /** Metrics shown in the list, at most. */
    private static final int LIST_METRICS = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List runs, newest first, optionally filtered by a query.")
    static final class ListRuns extends WorkspaceCommand {
        @Option(names = "--query", paramLabel = "Q", description = "Filter, e.g. \"metrics.mean_p_hit > 0.5 and params.seed = 42\"."
                + " Fields: metrics.<key>, params.<key>, tags.<key>, kind, status, project, name, id; and/or/not, ( ).")
        String query;
        @Option(names = "--project", paramLabel = "P", description = "Only runs of this project.")
        String project;
        @Option(names = "--kind", paramLabel = "K", description = "Only this kind (scenario, replay, ...).")
        String kind;
        @Option(names = "--limit", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        void check() {
            if (limit < 1) {
                throw new InputException("--limit must be at least 1, got " + limit);
            }
        }

        @Override
        Integer run(AppContext app) {
            List<TrackedRun> runs = app.tracking().list(query, project, kind, limit);
            PrintWriter out = spec.commandLine().getOut();
            if (runs.isEmpty()) {
                out.println(query == null && kind == null && project == null ? "no runs in " + app.root()
                        : "no runs match in " + app.root());
                return Cli.EXIT_OK;
            }
            out.printf("%-36s %-14s %-10s %-28s %-20s %9s  %s%n", "ID", "KIND", "STATUS", "NAME", "STARTED (UTC)", "DURATION", "METRICS");
            Instant now = Instant.now();
            for (TrackedRun run : runs) {
                String metrics = run.metrics().entrySet().stream().limit(LIST_METRICS)
                        .map(e -> e.getKey() + "=" + RunsService.text(e.getValue())).collect(Collectors.joining(" "));
                if (run.metrics().size() > LIST_METRICS) {
                    metrics += " …";
                }
                out.printf(Locale.ROOT, "%-36s %-14s %-10s %-28s %-20s %9s  %s%n", run.id(), run.kind(), run.status(),
                        clip(run.name(), 28), Formats.timestamp(run.startedAt()), Formats.duration(run.duration(now)), metrics);
            }
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one run: parameters, metrics, artifacts, output folder.")
    static final class ShowRun extends WorkspaceCommand {
        @Parameters(paramLabel = "ID", description = "Run id (the job id of an engine run).")
        String id;

        @Override
        Integer run(AppContext app) {
            TrackedRun run = app.tracking().show(id);
            PrintWriter out = spec.commandLine().getOut();
            out.println("id:        " + run.id());
            out.println("kind:      " + run.kind());
            out.println("name:      " + nz(run.name()));
            out.println("status:    " + run.status());
            if (run.project() != null) {
                out.println("project:   " + run.project());
            }
            out.println("job:       " + nz(run.jobId()));
            out.println("started:   " + Formats.timestamp(run.startedAt()));
            out.println("finished:  " + Formats.timestamp(run.finishedAt()));
            out.println("duration:  " + Formats.duration(run.duration(Instant.now())));
            out.println("output:    " + (run.outputDir() == null ? "" : run.outputDir()));
            if (run.errorMessage() != null) {
                out.println("error:     " + run.errorMessage());
            }
            section(out, "params", run.params());
            section(out, "metrics", run.metrics());
            section(out, "tags", run.tags());
            out.println("artifacts:" + (run.artifacts().isEmpty() ? " (none)" : ""));
            for (TrackedRun.Artifact a : run.artifacts()) {
                out.printf(Locale.ROOT, "  %-40s %10s  %s%n", a.path(), size(a.size()), a.sha256().length() > 12 ? a.sha256().substring(0, 12) : a.sha256());
            }
            return Cli.EXIT_OK;
        }

        private static void section(PrintWriter out, String title, Map<String, Object> values) {
            if (values.isEmpty()) {
                return;
            }
            out.println(title + ":");
            int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
            values.forEach((k, v) -> out.printf("  %-" + width + "s  %s%n", k, RunsService.text(v)));
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Compare runs side by side: the parameters that differ, then the metrics.")
    static final class CompareRuns extends WorkspaceCommand {
        @Parameters(paramLabel = "ID", arity = "2..*", description = "Two or more run ids.")
        List<String> ids = new ArrayList<>();
        @Option(names = "--all-params", description = "Also list the parameters that are equal in every run.")
        boolean allParams;

        @Override
        Integer run(AppContext app) {
            RunComparison c = app.tracking().compare(ids);
            PrintWriter out = spec.commandLine().getOut();
            List<String> header = c.runs().stream().map(TrackedRun::id).toList();
            out.println("parameters that differ (" + c.differentParams().size() + "; " + c.equalParams().size() + " equal"
                    + (allParams ? "" : ", shown with --all-params") + "):");
            table(out, header, c.differentParams());
            if (allParams && !c.equalParams().isEmpty()) {
                out.println();
                out.println("parameters equal in every run:");
                table(out, header, c.equalParams());
            }
            out.println();
            out.println("metrics:");
            table(out, header, c.metrics());
            return Cli.EXIT_OK;
        }

        private static void table(PrintWriter out, List<String> header, List<RunComparison.Row> rows) {
            if (rows.isEmpty()) {
                out.println("  (none)");
                return;
            }
            int keyWidth = Math.max(3, rows.stream().mapToInt(r -> r.key().length()).max().orElse(0));
            int[] widths = new int[header.size()];
            for (int i = 0; i < header.size(); i++) {
                widths[i] = Math.min(40, header.get(i).length());
                for (RunComparison.Row r : rows) {
                    widths[i] = Math.max(widths[i], Math.min(40, RunsService.text(r.values().get(i)).length()));
                }
            }
            StringBuilder line = new StringBuilder(String.format("  %-" + keyWidth + "s", "KEY"));
            for (int i = 0; i < header.size(); i++) {
                line.append("  ").append(String.format("%-" + widths[i] + "s", clip(header.get(i), widths[i])));
            }
            out.println(line.toString().stripTrailing());
            for (RunComparison.Row r : rows) {
                line = new StringBuilder(String.format("  %-" + keyWidth + "s", r.key()));
                for (int i = 0; i < header.size(); i++) {
                    String v = r.values().get(i) == null ? "-" : RunsService.text(r.values().get(i));
                    line.append("  ").append(String.format("%-" + widths[i] + "s", clip(v, widths[i])));
                }
                out.println(line.toString().stripTrailing());
            }
        }
    }

    @Command(name = "export-mlflow", mixinStandardHelpOptions = true,
            description = "Write runs into an MLflow file store (mlruns/) that 'mlflow ui --backend-store-uri DIR' can read.")
    static final class ExportMlflow extends WorkspaceCommand {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "Run ids.")
        List<String> ids = new ArrayList<>();
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The mlruns folder (created if missing).")
        Path out;
        @Option(names = "--experiment", paramLabel = "NAME", defaultValue = "riskbench",
                description = "Experiment name, found or created (default: ${DEFAULT-VALUE}).")
        String experiment;

        @Override
        Integer run(AppContext app) {
            for (String id : ids) {
                app.tracking().show(id); // every id is checked before anything is written
            }
            PrintWriter printer = spec.commandLine().getOut();
            for (String id : ids) {
                Path dir = app.tracking().exportMlflow(id, out, experiment);
                printer.println("run " + id + " exported to " + dir);
            }
            return Cli.EXIT_OK;
        }
    }

    private static String clip(String s, int width) {
        if (s == null) {
            return "";
        }
        return s.length() <= width ? s : s.substring(0, Math.max(0, width - 1)) + "…";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String size(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
