package org.riskbench.cli;

import java.nio.file.Path;
import org.riskbench.app.AppContext;
import org.riskbench.app.ReplayJobResult;
import org.riskbench.app.ReplayService;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.engine.acceptance.ReplaySummary;
import org.riskbench.jobs.JobHandle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code riskbench replay}: a series through the acceptance engine; writes trace.csv and summary.json. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a series through the acceptance engine (conformal intervals, guards, hysteresis, gating).")
public final class ReplayCommand extends WorkspaceCommand {
    @Option(names = "--series", required = true, paramLabel = "FILE", description = "Series CSV with a y column (ts, mu, sigma, latency_ms, kappa optional).")
    Path series;
    @Option(names = "--profile", required = true, paramLabel = "FILE", description = "Profile YAML (one profile, or several under profiles:).")
    Path profile;
    @Option(names = "--profile-name", paramLabel = "NAME", description = "Profile to use from a file with several.")
    String profileName;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for trace.csv and summary.json.")
    Path out;
    @Option(names = "--overwrite", description = "Replace a previous replay's output in the folder (other folders that are not"
            + " new or empty are refused).")
    boolean overwrite;
    @Option(names = "--job-id", paramLabel = "ID", description = "Job id (default: generated).")
    String jobId;

    @Override
    void check() {
        AuroraOptions.checkProfileFile(profile);
    }

    @Override
    Integer run(AppContext app) throws Exception {
        JobHandle handle = app.replays().submit(new ReplayService.ReplayRequest(series, profile, profileName, null,
                out.toAbsolutePath(), jobId, overwrite));
        JobRecord done = JobWaiter.await(app, handle, spec.commandLine().getErr());
        if (done.status() != JobStatus.SUCCEEDED) {
            spec.commandLine().getErr().println("riskbench: replay " + JobWaiter.outcome(done));
            return Cli.EXIT_JOB_FAILED;
        }
        ReplayJobResult result = ReplayJobResult.fromJson(done.resultJson());
        ReplaySummary summary = result.summary();
        spec.commandLine().getOut().printf(java.util.Locale.ROOT,
                "replay %s: %d steps, PASS %.1f%% DERISK %.1f%% BLOCK %.1f%%, coverage %.4f, %d transitions, final %s,"
                        + " drift watch %s; wrote %s%n",
                done.id(), summary.nSteps(), 100 * summary.passShare(), 100 * summary.deriskShare(),
                100 * summary.blockShare(), summary.coverageEmpirical(), summary.transitionCount(), summary.finalState(),
                result.driftWatchState(), out);
        return Cli.EXIT_OK;
    }
}
