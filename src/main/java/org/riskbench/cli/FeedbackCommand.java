package org.riskbench.cli;

import java.nio.file.Path;
import org.riskbench.app.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code riskbench feedback --file CSV}: the analyst's true classes, the evaluation log retraining reads. */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = "Import true classes for scored rows from a CSV with header analysis_id,row,true_class.")
public final class FeedbackCommand extends WorkspaceCommand {
    @Option(names = "--file", required = true, paramLabel = "CSV", description = "analysis_id,row,true_class")
    Path file;

    @Override
    Integer run(AppContext app) {
        int n = app.models().importFeedback(file);
        spec.commandLine().getOut().println("recorded feedback for " + n + " row(s)");
        return Cli.EXIT_OK;
    }
}
