package org.riskbench.cli;

import java.util.List;
import org.riskbench.app.AppContext;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code riskbench samples}: the first-run samples (what the GUI's "Run the samples" button does). */
@Command(name = "samples", mixinStandardHelpOptions = true,
        description = "Copy the sample data into the workspace (samples/) and run a scenario, two replays, a calibration and an inference on it.")
public final class SamplesCommand extends WorkspaceCommand {
    @Option(names = "--extract-only", description = "Only copy the sample files; run nothing.")
    boolean extractOnly;

    @Override
    Integer run(AppContext app) {
        if (extractOnly) {
            spec.commandLine().getOut().println("sample data in " + app.samples().extract());
            return Cli.EXIT_OK;
        }
        List<String> ids = app.samples().runAll();
        boolean allOk = true;
        for (String id : ids) {
            JobRecord done = app.jobs().find(id).orElseThrow();
            while (!done.status().isTerminal()) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                done = app.jobs().find(id).orElseThrow();
            }
            allOk &= done.status() == JobStatus.SUCCEEDED;
            spec.commandLine().getOut().println(done.kind() + " job " + id + " " + done.status().dbName()
                    + " -> " + done.outputDir());
        }
        spec.commandLine().getOut().println("sample data in " + app.samples().samplesDir());
        return allOk ? Cli.EXIT_OK : Cli.EXIT_JOB_FAILED;
    }
}
