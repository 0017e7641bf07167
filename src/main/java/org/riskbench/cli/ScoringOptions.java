package org.riskbench.cli;

import java.nio.file.Path;
import org.riskbench.app.AppContext;
import picocli.CommandLine.Option;

/** Options of the commands that score (infer, inbox process|watch): the guardrails file and the worker threads. */
public final class ScoringOptions {
    @Option(names = "--guardrails", paramLabel = "FILE.yaml", description = "Guardrail rules to apply instead of the defaults"
            + " (resources/scoring/guardrails.yaml shows the keys); checked before anything runs.")
    Path guardrails;
    @Option(names = "--threads", paramLabel = "N", description = "Threads for reading and scoring (default: the available"
            + " processors); results are the same for any number.")
    Integer threads;

    /** Applies the options to the workspace's scoring stage; a bad rule file fails here (exit 2). */
    void apply(AppContext app) {
        if (guardrails != null) {
            app.scoring().useGuardrails(guardrails);
        }
        if (threads != null) {
            app.scoring().setThreads(threads);
        }
    }
}
