package org.riskbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.riskbench.app.AppContext;
import org.riskbench.app.ProjectService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code riskbench step --project DIR --step NAME [--start-run] [--end-run]}: one tracked pipeline step.
 * Exit code 1 when monitor's trigger fires (the step itself succeeded and is recorded).
 */
@Command(name = "step", mixinStandardHelpOptions = true, description = "Run one pipeline step of a project, tracked in its runs/ folder.")
public final class StepCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Option(names = "--project", required = true, paramLabel = "DIR", description = "The project folder.")
    Path project;
    @Option(names = "--step", paramLabel = "NAME", description = "etl, inspect, clean, prepare, train, evaluate, deploy, monitor or update.")
    String step;
    @Option(names = "--start-run", description = "Open a run first; later steps join it until --end-run.")
    boolean startRun;
    @Option(names = "--end-run", description = "Close the open run after the step.")
    boolean endRun;
    @Option(names = "--batch", paramLabel = "FILE", description = "monitor: the live batch; update: the new data (default: from project.yaml).")
    Path batch;

    @Override
    public Integer call() {
        try (AppContext app = Cli.openApp(common)) {
            ProjectService.StepOutcome o = app.projects().step(project, step, startRun, endRun, batch, null);
            PrintWriter out = spec.commandLine().getOut();
            if (o.result() != null) {
                o.result().log.forEach(out::println);
            }
            out.println("run " + o.runId() + (o.runOpen() ? " (open)" : " (closed)"));
            if (o.result() != null && o.result().triggered()) {
                spec.commandLine().getErr().println("riskbench: monitor trigger fired: " + String.join("; ", o.result().triggers));
                return Cli.EXIT_JOB_FAILED;
            }
            return Cli.EXIT_OK;
        }
    }
}
