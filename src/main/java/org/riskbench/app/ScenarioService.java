package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.riskbench.core.CancelledException;
import org.riskbench.core.Json;
import org.riskbench.core.model.RunRecord;
import org.riskbench.engine.scenario.ScenarioConfig;
import org.riskbench.engine.scenario.ScenarioEngine;
import org.riskbench.engine.scenario.ScenarioInput;
import org.riskbench.engine.scenario.ScenarioResult;
import org.riskbench.jobs.JobFailedException;
import org.riskbench.jobs.JobContext;
import org.riskbench.jobs.JobHandle;
import org.riskbench.jobs.JobRequest;
import org.riskbench.jobs.JobService;
import org.riskbench.jobs.JobTask;

/**
 * Scenario runs as jobs: the config and its input table are validated before the job is queued (so bad input
 * never becomes a failed job), the config is stored whole in the job's parameters (so a retry needs nothing else),
 * and every run is tracked.
 */
public final class ScenarioService {
    public static final String KIND = "scenario";
    /** The job parameter holding the sphere label. */
    public static final String SPHERE_PARAM = "sphere";

    private final JobService jobs;
    private final Tracker tracker;
    private final Path root;
    private final SparkRunner spark;

    ScenarioService(JobService jobs, Tracker tracker, Path root) {
        this.jobs = jobs;
        this.tracker = tracker;
        this.root = root;
        this.spark = new SparkRunner(root);
        jobs.register(KIND, this::task, "n_scenarios or the rows of input_path");
    }

    /** Checks the input and queues a run of {@code config}; {@code threads <= 0} means all cores. */
    public JobHandle submit(ScenarioConfig config, String jobId, int threads) {
        return submit(config, jobId, threads, warning -> { });
    }

    /**
     * Checks the input table (read and fitted, {@link ScenarioInput#check}) and queues a run of {@code config} that
     * reuses it. A refused table throws {@link org.riskbench.core.InputException} here, so it never becomes a job,
     * a run or a folder. {@code warnings} gets each line the user should see before the run (a mostly numeric
     * column ignored, a fallback to synthetic data); they also go to the job log and {@code metadata.json}.
     */
    public JobHandle submit(ScenarioConfig config, String jobId, int threads, Consumer<String> warnings) {
        return submit(config, jobId, threads, null, warnings);
    }

    /** The spheres a job may be labelled with (the Leto BLRM worker's {@code --sphere} values). */
    public static final List<String> SPHERES = List.of("forge", "orunmila");

    /**
     * As {@link #submit(ScenarioConfig, String, int, Consumer)}, the job labelled with {@code sphere} (one of
     * {@link #SPHERES}, or null for none): a parameter of the job, shown and filtered on by {@code jobs list --sphere}.
     */
    public JobHandle submit(ScenarioConfig config, String jobId, int threads, String sphere, Consumer<String> warnings) {
        return submit(config, jobId, threads, sphere, false, warnings);
    }

    /** As above; {@code overwrite} replaces a previous scenario run's artifacts in the config's output folder. */
    public JobHandle submit(ScenarioConfig config, String jobId, int threads, String sphere, boolean overwrite,
            Consumer<String> warnings) {
        return submit(config, () -> ScenarioInput.check(config), jobId, threads, sphere, overwrite, warnings);
    }

    /**
     * As above, with the input checked by {@code checked} (e.g. {@link ScenarioInput#checkInBackground}, started
     * while the workspace opened); it is asked for after the arguments are, so a bad argument is still said first.
     */
    public JobHandle submit(ScenarioConfig config, java.util.function.Supplier<ScenarioInput> checked, String jobId,
            int threads, String sphere, boolean overwrite, Consumer<String> warnings) {
        return submit(config, checked, jobId, threads, sphere, overwrite, warnings, null, null);
    }

    /** The config's run on Spark when {@code sparkTarget} is given (else on this computer), all cores, input checked first. */
    public JobHandle submit(ScenarioConfig config, SparkTarget sparkTarget) {
        return submit(config, () -> ScenarioInput.check(config), null, 0, null, false, warning -> { }, sparkTarget, null);
    }

    /** The master {@code --spark} without a value means: the workspace setting, or null. */
    public String defaultSparkMaster() {
        return spark.defaultMaster();
    }

    /**
     * As above, run on Spark when {@code sparkTarget} is given (docs/scale-out.md): the scenarios as Spark tasks, the
     * table read by every executor from {@code sharedTable} (file:, hdfs:, s3a:; null: the config's input_path, an
     * absolute path on a mount every node shares, or synthetic data). A table on file: is checked here as for a local
     * run; one on hdfs: or s3a: is checked by the driver (a refusal fails the job with the reason).
     */
    public JobHandle submit(ScenarioConfig config, java.util.function.Supplier<ScenarioInput> checked, String jobId,
            int threads, String sphere, boolean overwrite, Consumer<String> warnings, SparkTarget sparkTarget,
            String sharedTable) {
        if (sparkTarget == null && sharedTable != null) {
            throw new org.riskbench.core.InputException("--table goes with --spark; on this computer the config's"
                    + " input_path names the table.");
        }
        String table = null;
        boolean checkedHere = true;
        if (sparkTarget != null && sharedTable != null) {
            table = SparkTarget.sharedUri("--table", sharedTable);
            Path local = SparkTarget.localFile(table);
            config = config.withInputPath(local); // hdfs:, s3a:: no local file, the driver reads it
            checkedHere = local != null;
            if (checkedHere && !java.nio.file.Files.isRegularFile(local)) {
                throw new org.riskbench.core.InputException("--table " + table + ": no such file on this computer (the"
                        + " driver reads it there, each executor at the same path).");
            }
            if (checkedHere) {
                ScenarioConfig withTable = config;
                checked = () -> ScenarioInput.check(withTable);
            }
        } else if (sparkTarget != null && config.inputPath() != null && java.nio.file.Files.exists(config.inputPath())) {
            table = SparkTarget.sharedUri("input_path", config.inputPath().toAbsolutePath().toString());
        }
        if (sphere != null && !SPHERES.contains(sphere)) {
            throw new org.riskbench.core.InputException("--sphere: '" + org.riskbench.core.Texts.abbreviate(sphere) + "' is not one of " + String.join(", ", SPHERES)
                    + " (a label on the job, filterable with 'jobs list --sphere')");
        }
        if (threads != 0) {
            org.riskbench.core.Limits.threads(threads, "--threads");
        }
        jobs.requireNewId(jobId);
        ScenarioInput input = checkedHere ? checked.get() : null;
        if (input != null) {
            long evaluations = (long) input.rows() * config.nScenarios();
            if (evaluations > org.riskbench.core.Limits.MAX_SCENARIO_ROW_EVALUATIONS && sparkTarget == null) {
                throw new org.riskbench.core.InputException(String.format(java.util.Locale.ROOT,
                        "%,d rows x n_scenarios %,d is %,d row evaluations, over the limit of %,d; lower n_scenarios or use"
                                + " fewer rows", input.rows(), config.nScenarios(), evaluations,
                        org.riskbench.core.Limits.MAX_SCENARIO_ROW_EVALUATIONS));
            }
            input.warnings().forEach(warnings);
        }
        if (sparkTarget != null) {
            spark.check(sparkTarget);
        }
        Map<String, Object> configMap = config.toMap();
        Map<String, Object> params = JobParams.asMap(new Params(configMap, threads, sphere, overwrite ? Boolean.TRUE : null));
        if (sparkTarget != null) {
            CalibrationService.putSpark(params, sparkTarget);
            params.put("table", table);
        }
        Path outputDir = config.outputDir();
        ScenarioConfig cfg = config;
        String sharedUri = table;
        return jobs.submit(new JobRequest(jobId, KIND, params, outputDir, null), sparkTarget == null
                ? context -> run(context, cfg, configMap, input, threads)
                : context -> runOnSpark(context, cfg, configMap, sharedUri, sparkTarget));
    }

    /** Loads and validates a config file (JSON or YAML); errors name the key. */
    public ScenarioConfig load(Path configFile) {
        return ScenarioConfig.load(configFile);
    }

    /** Tracked scenario runs of the workspace, newest first. */
    public List<RunRecord> recentRuns(int limit) {
        return tracker.recent(KIND, limit);
    }

    /** Reads back the artifacts of a tracked run (summary.json, runs.csv, metadata.json in its output folder). */
    public ScenarioRunView readRun(RunRecord run) {
        if (run.outputDir() == null) {
            throw new org.riskbench.core.InputException("run " + run.id() + " has no output folder");
        }
        return ScenarioArtifactsReader.read(Path.of(run.outputDir()));
    }

    /**
     * A scenario job's parameters (stored with the job, read again by a retry); a run on Spark adds where it ran and the
     * table's shared path ({@link CalibrationService#putSpark}).
     *
     * @param config    the config as its spec map ({@link ScenarioConfig#toMap}, which {@link ScenarioConfig#fromMap}
     *                  reads back with the config's own checks), as the tracked run keeps it too
     * @param threads   0 for all cores
     * @param sphere    the job's label, or null (and left out)
     * @param overwrite true, or null (and left out) for a run that does not replace a previous run's artifacts
     */
    @JsonPropertyOrder({"config", "threads", SPHERE_PARAM, JobService.OVERWRITE})
    record Params(
            @JsonProperty("config") Map<String, Object> config,
            @JsonProperty("threads") int threads,
            @JsonProperty(SPHERE_PARAM) @JsonInclude(JsonInclude.Include.NON_NULL) String sphere,
            @JsonProperty(JobService.OVERWRITE) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean overwrite) {
    }

    /** A retried job: the config from its parameters, the input checked again inside the job. */
    private JobTask task(JsonNode stored) {
        Params params = JobParams.read(stored, Params.class, "a scenario run");
        @SuppressWarnings("unchecked") // through MAPPER, as a retry has always tracked it: its keys sorted
        Map<String, Object> configMap = Json.MAPPER.convertValue(params.config(), Map.class);
        int threads = params.threads();
        SparkTarget target = CalibrationService.sparkTarget(stored);
        if (target != null) {
            String table = stored.hasNonNull("table") ? stored.get("table").asText() : null;
            return context -> runOnSpark(context, ScenarioConfig.fromMap(configMap), configMap, table, target);
        }
        return context -> run(context, ScenarioConfig.fromMap(configMap), configMap, null, threads);
    }

    /** Runs the job, tracked; {@code input} is the checked input, or null to check it here. */
    private ScenarioJobResult run(JobContext context, ScenarioConfig config, Map<String, Object> configMap,
            ScenarioInput input, int threads) {
        Path outputDir = context.outputDir();
        tracker.start(context.jobId(), KIND, config.name(), context.jobId(), configMap, outputDir);
        ScenarioResult result;
        try {
            ScenarioInput checked = input != null ? input : ScenarioInput.check(config);
            // context.warn would also print a log-format line on the CLI's stderr, beside the CLI's own line
            checked.warnings().forEach(w -> context.log("warning: " + w));
            result = ScenarioEngine.run(config, checked, outputDir, threads, context);
        } catch (RuntimeException e) {
            tracker.fail(context.jobId(), e, outputDir);
            throw e;
        }
        context.log(String.format(java.util.Locale.ROOT, "%d scenarios on %d rows; artifacts in %s",
                result.runs().size(), result.input() == null ? 0 : result.input().rowsUsed(), outputDir));
        ScenarioJobResult summary = result.status() == ScenarioResult.Status.COMPLETED
                ? ScenarioJobResult.of(result.summary()) : null;
        switch (result.status()) {
            case COMPLETED -> tracker.succeed(context.jobId(), summary.metrics(), outputDir);
            case CANCELLED -> {
                tracker.fail(context.jobId(), "cancelled", result.message(), outputDir);
                throw new CancelledException();
            }
            default -> {
                tracker.fail(context.jobId(), "failed", result.message(), outputDir);
                throw new JobFailedException(result.message());
            }
        }
        return summary;
    }

    /**
     * The run as a Spark application: the driver reads and fits the table, the scenarios run as Spark tasks and the
     * driver writes the same artifacts into the job's folder; tracked as a local run is.
     */
    private ScenarioJobResult runOnSpark(JobContext context, ScenarioConfig config, Map<String, Object> configMap,
            String table, SparkTarget target) {
        Path outputDir = context.outputDir();
        Map<String, Object> tracked = new LinkedHashMap<>(configMap);
        CalibrationService.putSpark(tracked, target);
        tracked.put("table", table);
        tracker.start(context.jobId(), KIND, config.name(), context.jobId(), tracked, outputDir);
        // the driver's spec, read by the spark module's driver as the job's parameters are (SparkJob.scenario)
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("run_id", context.jobId());
        spec.put("config", configMap);
        spec.put("table", table);
        spec.put("output_dir", outputDir.toAbsolutePath().toString());
        SparkReply<ScenarioJobResult.DriverResult> reply;
        try {
            context.log("scenario run '" + config.name() + "': " + config.nScenarios() + " scenarios on Spark "
                    + target.master() + (table == null ? " (synthetic data)" : ", table " + table));
            reply = spark.run(context, "scenario", spec, target, ScenarioJobResult.DriverResult.class);
        } catch (RuntimeException e) {
            tracker.fail(context.jobId(), e, outputDir);
            throw e;
        }
        ScenarioJobResult.DriverResult result = reply.result();
        context.log(result.message());
        if (!"completed".equals(result.status())) {
            tracker.fail(context.jobId(), "failed", result.message(), outputDir);
            throw new JobFailedException(result.message());
        }
        ScenarioJobResult summary = ScenarioJobResult.ofSpark(result.summary(), reply.spark());
        tracker.succeed(context.jobId(), summary.metrics(), outputDir);
        return summary;
    }
}
