package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.core.model.RunRecord;
import org.riskbench.engine.calibration.CalibrationArtifacts;
import org.riskbench.engine.calibration.CalibrationEngine;
import org.riskbench.engine.calibration.CalibrationRequest;
import org.riskbench.engine.calibration.CalibrationResult;
import org.riskbench.engine.calibration.ProfileWriter;
import org.riskbench.jobs.JobContext;
import org.riskbench.jobs.JobHandle;
import org.riskbench.jobs.JobRequest;
import org.riskbench.jobs.JobService;
import org.riskbench.jobs.JobTask;

/**
 * Calibrations as jobs. Everything (series, profile, grid, weights, constraints, every point's profile)
 * is loaded and checked before the job is queued, so bad input is refused with the offending
 * assignment named and no job is made. The options are the job's parameters, so a retry re-reads
 * the same files.
 */
public final class CalibrationService {
    public static final String KIND = "calibration";

    private final JobService jobs;
    private final Tracker tracker;
    private final Path root;
    private final ReplayService replays;
    private final SparkRunner spark;

    /**
     * What the CLI's options (or the GUI's editors) say. Nulls take the spec's defaults.
     *
     * @param writeProfile with {@code applyRank}: write the base profile with that rank's patch applied
     */
    public record CalibrationOptions(Path series, Path profile, String profileName, String grid, String weights,
                                     String constraints, Integer topK, Long maxPoints, Integer threads, Path outputDir,
                                     String jobId, Path writeProfile, Integer applyRank, boolean overwrite) {
        /** Options that do not replace a previous calibration's output. */
        public CalibrationOptions(Path series, Path profile, String profileName, String grid, String weights,
                                  String constraints, Integer topK, Long maxPoints, Integer threads, Path outputDir,
                                  String jobId, Path writeProfile, Integer applyRank) {
            this(series, profile, profileName, grid, weights, constraints, topK, maxPoints, threads, outputDir, jobId,
                    writeProfile, applyRank, false);
        }
    }

    CalibrationService(JobService jobs, Tracker tracker, Path root, ReplayService replays) {
        this.jobs = jobs;
        this.tracker = tracker;
        this.root = root;
        this.replays = replays;
        this.spark = new SparkRunner(root);
        jobs.register(KIND, this::taskFromParams, "the grid's points (--max-points) or the series' length");
    }

    /** Validates everything, then queues the calibration. */
    public JobHandle submit(CalibrationOptions options) {
        return submit(options, null);
    }

    /** The master {@code --spark} without a value means: the workspace setting, or null. */
    public String defaultSparkMaster() {
        return spark.defaultMaster();
    }

    /**
     * Validates everything, then queues the calibration, to run on Spark when {@code sparkTarget} is given (Spark and
     * the job jar found, a standalone master answering, before the job is made).
     */
    public JobHandle submit(CalibrationOptions options, SparkTarget sparkTarget) {
        jobs.requireNewId(options.jobId());
        if ((options.writeProfile() == null) != (options.applyRank() == null)) {
            throw new org.riskbench.core.InputException("--write-profile and --apply-rank go together: give both or neither");
        }
        String jobId = options.jobId() != null ? options.jobId() : JobService.newId(KIND);
        CalibrationRequest request = request(options, jobId);
        if (options.applyRank() != null && (options.applyRank() < 1 || options.applyRank() > request.grid().size())) {
            throw new org.riskbench.core.InputException("--apply-rank " + options.applyRank() + " is not between 1 and the grid size "
                    + request.grid().size());
        }
        if (options.writeProfile() != null) {
            Path target = options.writeProfile().toAbsolutePath();
            if (Files.isDirectory(target)) {
                throw new org.riskbench.core.InputException(target + ": is a folder; --write-profile names the profile file to write");
            }
            org.riskbench.core.Folders.requireOutputFolder(target.getParent());
        }
        if (sparkTarget != null) {
            if (options.profile() == null) {
                throw new org.riskbench.core.InputException("a calibration on Spark needs a base profile file (the executors"
                        + " read it): choose one, e.g. sample-data/profiles/default.yaml.");
            }
            spark.check(sparkTarget);
        }
        Map<String, Object> params = params(options);
        putSpark(params, sparkTarget);
        return jobs.submit(new JobRequest(jobId, KIND, params, options.outputDir(), null),
                context -> calibrate(context, request, options, params, sparkTarget));
    }

    private static CalibrationRequest request(CalibrationOptions o, String runId) {
        return CalibrationRequest.of(o.series(), o.profile(), o.profileName(), o.grid(), o.weights(), o.constraints(),
                o.topK(), o.maxPoints(), o.threads(), runId);
    }

    /**
     * A calibration job's parameters (stored with the job, read again by a retry, kept by its tracked run): the options
     * with every file by its absolute path, so a retry from another folder finds them. A run on Spark adds where it ran
     * ({@link #putSpark}).
     *
     * @param overwrite true, or null (and left out) for a calibration that does not replace a previous one's output
     */
    @JsonPropertyOrder({"series", "profile", "profile_name", "grid", "objective_weights", "hard_constraints", "top_k",
            "max_points", "threads", "write_profile", "apply_rank", JobService.OVERWRITE})
    record Params(
            @JsonProperty("series") String series,
            @JsonProperty("profile") String profile,
            @JsonProperty("profile_name") String profileName,
            @JsonProperty("grid") String grid,
            @JsonProperty("objective_weights") String objectiveWeights,
            @JsonProperty("hard_constraints") String hardConstraints,
            @JsonProperty("top_k") Integer topK,
            @JsonProperty("max_points") Long maxPoints,
            @JsonProperty("threads") Integer threads,
            @JsonProperty("write_profile") String writeProfile,
            @JsonProperty("apply_rank") Integer applyRank,
            @JsonProperty(JobService.OVERWRITE) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean overwrite) {

        static Params of(CalibrationOptions o) {
            // a grid file by its absolute path, as the series and profile, so a retry from another folder finds it
            String grid = o.grid() != null && o.grid().strip().startsWith("@")
                    ? "@" + Path.of(o.grid().strip().substring(1)).toAbsolutePath().normalize() : o.grid();
            return new Params(o.series().toAbsolutePath().toString(),
                    o.profile() == null ? null : o.profile().toAbsolutePath().toString(), o.profileName(), grid, o.weights(),
                    o.constraints(), o.topK(), o.maxPoints(), o.threads(),
                    o.writeProfile() == null ? null : o.writeProfile().toAbsolutePath().toString(), o.applyRank(),
                    o.overwrite() ? Boolean.TRUE : null);
        }

        /** The options a retry runs with (its folder and id are the new job's). */
        CalibrationOptions options() {
            return new CalibrationOptions(Path.of(series), profile == null ? null : Path.of(profile), profileName, grid,
                    objectiveWeights, hardConstraints, topK, maxPoints, threads, null, null,
                    writeProfile == null ? null : Path.of(writeProfile), applyRank);
        }
    }

    private static Map<String, Object> params(CalibrationOptions o) {
        return JobParams.asMap(Params.of(o));
    }

    private JobTask taskFromParams(JsonNode p) {
        CalibrationOptions o = JobParams.read(p, Params.class, "a calibration").options();
        SparkTarget target = sparkTarget(p);
        return context -> {
            Map<String, Object> params = params(o);
            putSpark(params, target);
            return calibrate(context, request(o, context.jobId()), o, params, target);
        };
    }

    /** The job's parameters name where it ran, so a retry runs there again. */
    static void putSpark(Map<String, Object> params, SparkTarget target) {
        if (target != null) {
            params.put("spark_master", target.master());
            params.put("spark_conf", new java.util.TreeMap<>(target.conf()));
        }
    }

    static SparkTarget sparkTarget(JsonNode p) {
        if (!p.hasNonNull("spark_master")) {
            return null;
        }
        Map<String, String> conf = new LinkedHashMap<>();
        p.path("spark_conf").fields().forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
        return new SparkTarget(p.get("spark_master").asText(), conf);
    }

    private CalibrationJobResult calibrate(JobContext context, CalibrationRequest request, CalibrationOptions options,
                                          Map<String, Object> params, SparkTarget sparkTarget) {
        Path outputDir = context.outputDir();
        String runId = context.jobId();
        tracker.start(runId, KIND, request.base().name() + " over " + request.grid().size() + " points", runId, params, outputDir);
        if (sparkTarget != null) {
            return calibrateOnSpark(context, request, params, sparkTarget);
        }
        CalibrationResult result;
        try {
            context.log("grid of " + request.grid().size() + " points on " + request.series().size() + " steps, "
                    + request.threads() + " thread(s)");
            result = CalibrationEngine.run(request, context);
            CalibrationArtifacts.write(outputDir, result);
            if (options.writeProfile() != null) {
                ProfileWriter.write(result, options.applyRank(), options.writeProfile());
                context.log("wrote " + options.writeProfile() + " with the patch of rank " + options.applyRank());
            }
        } catch (RuntimeException e) {
            tracker.fail(runId, e, outputDir);
            throw e;
        }
        return succeeded(context, CalibrationJobResult.of(result), outputDir);
    }

    /** The same calibration as a Spark application: the driver writes the same four files (and the profile). */
    private CalibrationJobResult calibrateOnSpark(JobContext context, CalibrationRequest request, Map<String, Object> params,
                                                 SparkTarget target) {
        String runId = context.jobId();
        Path outputDir = context.outputDir();
        // the driver's spec: the job's parameters (a map, with where it ran) and what the driver needs besides
        Map<String, Object> spec = new LinkedHashMap<>(params);
        // the inputs as this process names them (the driver runs in its working folder), so calib_meta.json says
        // what a local run's says
        spec.put("series", request.seriesPath().toString());
        spec.put("profile", request.profilePath().toString());
        spec.put("grid", request.grid().spec());
        spec.put("run_id", runId);
        spec.put("output_dir", outputDir.toAbsolutePath().toString());
        SparkReply<CalibrationJobResult> reply;
        try {
            context.log("grid of " + request.grid().size() + " points on " + request.series().size() + " steps, on Spark "
                    + target.master());
            reply = spark.run(context, "calibrate", spec, target, CalibrationJobResult.class);
        } catch (RuntimeException e) {
            tracker.fail(runId, e, outputDir);
            throw e;
        }
        return succeeded(context, CalibrationJobResult.ofSpark(reply), outputDir);
    }

    /** The end of a calibration that ran, here or on Spark: its one-line summary logged, its run marked succeeded. */
    private CalibrationJobResult succeeded(JobContext context, CalibrationJobResult summary, Path outputDir) {
        context.log(summary.oneLine());
        tracker.succeed(context.jobId(), summary.metrics(), outputDir);
        return summary;
    }


    public List<RunRecord> recentRuns(int limit) {
        return tracker.recent(KIND, limit);
    }

    /** Reads a finished calibration's output folder (call it off the FX thread). */
    public CalibrationRunView load(Path outputDir) {
        return CalibrationArtifactsReader.read(outputDir);
    }

    /**
     * The base profile file's text with the patch of {@code point} applied and a header naming the run
     * (as {@code --write-profile} writes it). An infeasible point or a run without a profile file is refused.
     */
    public String patchedProfileText(CalibrationRunView run, int point) {
        CalibrationRunView.Point p = run.point(point)
                .orElseThrow(() -> new org.riskbench.core.InputException("no point " + point + " in " + run.outputDir()));
        if (!p.feasible()) {
            throw new org.riskbench.core.InputException("point " + point + " is infeasible (failed: " + String.join(", ", p.failed())
                    + "); choose a feasible point.");
        }
        if (run.profilePath() == null) {
            throw new org.riskbench.core.InputException("the calibration in " + run.outputDir()
                    + " ran on the default profile (no file): there is no profile file to apply the patch to.");
        }
        String yaml = org.riskbench.core.TextFiles.read(run.profilePath(), run.profilePath().toString(),
                org.riskbench.core.InputFiles.Kind.PROFILE);
        int rank = 1;
        for (CalibrationRunView.Point q : run.points()) {
            if (q.score() > p.score() || (q.score() == p.score() && q.point() < p.point())) {
                rank++;
            }
        }
        String header = "# calibrated by riskbench" + (run.runId() == null ? "" : " run " + run.runId()) + " from "
                + run.seriesPath() + " (profile " + run.profileName() + ", rank " + rank + ", point " + point + ", score "
                + p.score() + ")";
        return ProfileWriter.apply(yaml, run.profilePath().toString(), run.profileName(),
                CalibrationArtifactsReader.patchOf(run, p), header);
    }

    /** Writes {@link #patchedProfileText} to {@code target} atomically. */
    public void writeProfile(CalibrationRunView run, int point, Path target) {
        org.riskbench.core.AtomicFiles.writeString(target, patchedProfileText(run, point));
    }

    /** The base profile with the patch of {@code point} applied, named {@code <name>-p<point>}. */
    public org.riskbench.engine.acceptance.AcceptanceProfile patchedProfile(CalibrationRunView run, int point) {
        String text = patchedProfileText(run, point);
        return org.riskbench.engine.acceptance.ProfileLoader.loadString(text, run.profilePath().toString(), run.profileName())
                .withName(run.profileName() + "-p" + point);
    }

    /** The profile names of a profile file (for the picker). */
    public List<String> profileNames(Path profileFile) {
        return replays.profileNames(profileFile);
    }
}
