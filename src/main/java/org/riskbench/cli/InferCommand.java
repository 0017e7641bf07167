package org.riskbench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.riskbench.app.AppContext;
import org.riskbench.app.InboxService;
import org.riskbench.core.Progress;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code riskbench infer FILE...}: validate, enrich, queue and process (scoring is not plugged in yet). */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Validate, enrich and queue transaction files, then process the inbox; prints each analysis id.")
public final class InferCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Transaction CSV files.")
    List<Path> files;
    @Option(names = "--max-bad-ratio", defaultValue = "0.01", paramLabel = "R", description = "Share of unreadable rows tolerated (default: ${DEFAULT-VALUE}).")
    double maxBadRatio;
    @Option(names = "--size-limit-mb", defaultValue = "500", paramLabel = "N", description = "Refuse larger files (default: ${DEFAULT-VALUE}).")
    long sizeLimitMb;
    @Option(names = "--job-id", paramLabel = "ID", description = "Id of the processing job (default: generated).")
    String jobId;

    @Override
    public Integer call() {
        try (AppContext app = Cli.openApp(common)) {
            var options = ValidateCommand.options("transactions", maxBadRatio, sizeLimitMb);
            var out = spec.commandLine().getOut();
            for (Path file : files) {
                try {
                    InboxService.Submission s = app.inbox().submit(file, options, Progress.NONE);
                    out.println("queued " + s.analysisId() + " (" + file.getFileName() + ", " + s.enrichment().get("rows_enriched")
                            + " rows enriched)");
                } catch (InboxService.RefusedException e) {
                    ValidateCommand.print(spec.commandLine().getErr(), e.report());
                    throw e;
                }
            }
            JobRecord done = JobWaiter.await(app, app.inbox().process(jobId), spec.commandLine().getErr());
            return InboxCommand.report(app, done, spec);
        }
    }
}
