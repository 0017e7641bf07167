package org.riskbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.riskbench.app.AppContext;
import org.riskbench.app.ProjectService;
import org.riskbench.app.ProjectStepJobResult;
import org.riskbench.core.InputException;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code riskbench step --project DIR --step NAME [--start-run] [--end-run] [--job-id ID]}: one tracked pipeline
 * step, run as a {@code pipeline-step} job and waited for. Exit code 1 when the job fails or monitor's trigger
 * fires (the step itself succeeded and is recorded); 2 for bad input, including a step refused by its input
 * inside the job (its run is failed and keeps its log, e.g. "run the prepare step first").
 */
@Command(name = "step", mixinStandardHelpOptions = true, description = "Run one pipeline step of a project as a job, tracked in its runs/ folder.")
public final class StepCommand extends WorkspaceCommand {
    @Option(names = "--project", defaultValue = ".", paramLabel = "DIR",
            description = "The project folder (default: the current folder, as blase's main.py ran from the project root).")
    Path project;
    @Option(names = "--step", paramLabel = "NAME", description = "etl, inspect, clean, prepare, train, evaluate, deploy, monitor or update.")
    String step;
    @Option(names = {"--start-run", "--start_run"}, description = "Open a run first; later steps join it until --end-run (--start_run: the blase spelling).")
    boolean startRun;
    @Option(names = {"--end-run", "--end_run"}, description = "Close the open run after the step (--end_run: the blase spelling).")
    boolean endRun;
    @Option(names = "--batch", paramLabel = "FILE", description = "monitor: the live batch; update: the new data (default: from project.yaml).")
    Path batch;
    @Option(names = "--job-id", paramLabel = "ID", description = "Job id (default: generated).")
    String jobId;

    @Override
    Integer run(AppContext app) throws Exception {
        ProjectService.StepJob job = app.projects().submitStep(new ProjectService.StepRequest(project.toAbsolutePath().normalize(), step, startRun,
                endRun, batch, jobId));
        JobRecord done = JobWaiter.await(app, job.handle(), spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (done.status() != JobStatus.SUCCEEDED) {
            Throwable cause = failure(job);
            if (cause instanceof InputException) {
                err.println("riskbench: " + cause.getMessage());
                return Cli.EXIT_BAD_INPUT;
            }
            err.println("riskbench: step " + JobWaiter.outcome(done));
            return Cli.EXIT_JOB_FAILED;
        }
        ProjectStepJobResult result = ProjectStepJobResult.fromJson(done.resultJson());
        result.warningLines().forEach(w -> err.println("riskbench: warning: " + w));
        result.logLines().forEach(out::println);
        out.println("run " + result.runId() + (result.runOpen() ? " (open)" : " (closed)"));
        if (result.fired()) {
            err.println("riskbench: monitor trigger fired: " + String.join("; ", result.triggerLines()));
            return Cli.EXIT_JOB_FAILED;
        }
        return Cli.EXIT_OK;
    }

    /** The exception that failed the step in this process (null when it was cancelled or ended otherwise). */
    private static Throwable failure(ProjectService.StepJob job) {
        try {
            job.outcome().getNow(null);
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        } catch (java.util.concurrent.CancellationException e) {
            return null;
        }
    }
}
