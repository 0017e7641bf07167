package org.riskbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.riskbench.app.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code riskbench feedback --file CSV}: the analyst's true classes, the evaluation log retraining reads. */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = "Import true classes for scored rows from a CSV with header analysis_id,row,true_class.")
public final class FeedbackCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Option(names = "--file", required = true, paramLabel = "CSV", description = "analysis_id,row,true_class")
    Path file;

    @Override
    public Integer call() {
        try (AppContext app = Cli.openApp(common)) {
            int n = app.models().importFeedback(file);
            spec.commandLine().getOut().println("recorded feedback for " + n + " row(s)");
            return Cli.EXIT_OK;
        }
    }
}
