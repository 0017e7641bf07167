package org.riskbench.cli;

import java.nio.file.Path;
import org.riskbench.app.AppContext;
import org.riskbench.app.CalibrationJobResult;
import org.riskbench.app.CalibrationService;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.jobs.JobHandle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code riskbench calibrate}: search acceptance parameters over a grid, scored by ScoreV1 under hard constraints. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Replay a series for every point of a parameter grid; writes calib_results.csv, calib_topk.json,"
                + " pareto.json, calib_meta.json.")
public final class CalibrateCommand extends WorkspaceCommand {
    @Option(names = "--series", paramLabel = "FILE", description = "Series CSV (as for replay); or --logs_dir.")
    Path series;
    @Option(names = "--logs_dir", paramLabel = "DIR",
            description = "AURORA's spelling: the folder of the logs to replay; it must hold one series CSV, used as --series.")
    Path logsDir;
    @Option(names = "--seed", paramLabel = "N",
            description = "AURORA's option, accepted: Riskbench's calibration draws nothing at random (the same grid gives the same results), so it changes nothing.")
    Long seed;
    @Option(names = "--profile", required = true, paramLabel = "FILE", description = "Base profile YAML.")
    Path profile;
    @Option(names = "--profile-name", paramLabel = "NAME", description = "Profile to use from a file with several.")
    String profileName;
    @Option(names = "--grid", required = true, paramLabel = "SPEC|@FILE",
            description = "Assignments 'path=v1,v2;path=[v3,v4]', or @FILE (.txt, .yaml, .json).")
    String grid;
    @Option(names = "--objective-weights", paramLabel = "W", description = "e.g. 'w_pass=1,w_block=2' (default: the profile's, else the spec's).")
    String weights;
    @Option(names = "--hard-constraints", paramLabel = "C", description = "e.g. 'coverage>=bound,latency_p95_max:300' (default: the profile's).")
    String constraints;
    @Option(names = "--top-k", paramLabel = "K", description = "Best points kept in calib_topk.json (default: 10).")
    Integer topK;
    @Option(names = "--max-points", paramLabel = "N", description = "Refuse grids larger than this (default: 100000).")
    Long maxPoints;
    @Option(names = "--calib-out-dir", required = true, paramLabel = "DIR", description = "Folder for the outputs.")
    Path outDir;
    @Option(names = "--write-profile", paramLabel = "FILE", description = "Write the base profile with a point's patch applied.")
    Path writeProfile;
    @Option(names = "--apply-rank", paramLabel = "N", description = "Rank (1 = best) of the point whose patch --write-profile applies.")
    Integer applyRank;
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;
    @Option(names = "--overwrite", description = "Replace a previous calibration's output in the folder (other folders that are not"
            + " new or empty are refused).")
    boolean overwrite;
    @Option(names = "--job-id", paramLabel = "ID", description = "Job id (default: generated).")
    String jobId;
    @Mixin
    SparkOptions spark;

    @Override
    void check() {
        series = AuroraOptions.series(series, logsDir);
        AuroraOptions.checkProfileFile(profile);
    }

    @Override
    Integer run(AppContext app) throws Exception {
        JobHandle handle = app.calibrations().submit(new CalibrationService.CalibrationOptions(series, profile, profileName,
                grid, weights, constraints, topK, maxPoints, threads, outDir.toAbsolutePath(), jobId, writeProfile, applyRank,
                overwrite), spark.target(app.calibrations().defaultSparkMaster()));
        JobRecord done = JobWaiter.await(app, handle, spec.commandLine().getErr());
        if (done.status() != JobStatus.SUCCEEDED) {
            spec.commandLine().getErr().println("riskbench: calibration " + JobWaiter.outcome(done));
            return Cli.EXIT_JOB_FAILED;
        }
        CalibrationJobResult summary = CalibrationJobResult.fromJson(done.resultJson());
        spec.commandLine().getOut().println("calibration " + done.id() + ": " + summary.oneLine()
                + "; wrote " + outDir + (writeProfile == null ? "" : " and " + writeProfile));
        return Cli.EXIT_OK;
    }
}
