package org.riskbench.app;

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

    private final AppContext app;

    ScenarioService(AppContext app) {
        this.app = app;
        app.jobs().register(KIND, this::task, "n_scenarios or the rows of input_path");
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
        if (sphere != null && !SPHERES.contains(sphere)) {
            throw new org.riskbench.core.InputException("--sphere: '" + org.riskbench.core.Texts.abbreviate(sphere) + "' is not one of " + String.join(", ", SPHERES)
                    + " (a label on the job, filterable with 'jobs list --sphere')");
        }
        if (threads != 0) {
            org.riskbench.core.Limits.threads(threads, "--threads");
        }
        app.jobs().requireNewId(jobId);
        ScenarioInput input = checked.get();
        long evaluations = (long) input.rows() * config.nScenarios();
        if (evaluations > org.riskbench.core.Limits.MAX_SCENARIO_ROW_EVALUATIONS) {
            throw new org.riskbench.core.InputException(String.format(java.util.Locale.ROOT,
                    "%,d rows x n_scenarios %,d is %,d row evaluations, over the limit of %,d; lower n_scenarios or use"
                            + " fewer rows", input.rows(), config.nScenarios(), evaluations,
                    org.riskbench.core.Limits.MAX_SCENARIO_ROW_EVALUATIONS));
        }
        input.warnings().forEach(warnings);
        Map<String, Object> configMap = config.toMap();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("config", configMap);
        params.put("threads", threads);
        if (sphere != null) {
            params.put(SPHERE_PARAM, sphere);
        }
        if (overwrite) {
            params.put(JobService.OVERWRITE, true);
        }
        Path outputDir = config.outputDir();
        return app.jobs().submit(new JobRequest(jobId, KIND, params, outputDir, null),
                context -> run(context, config, configMap, input, threads));
    }

    /** Loads and validates a config file (JSON or YAML); errors name the key. */
    public ScenarioConfig load(Path configFile) {
        return ScenarioConfig.load(configFile);
    }

    /** Tracked scenario runs of the workspace, newest first. */
    public List<RunRecord> recentRuns(int limit) {
        return app.tracker().recent(KIND, limit);
    }

    /** Reads back the artifacts of a tracked run (summary.json, runs.csv, metadata.json in its output folder). */
    public ScenarioRunView readRun(RunRecord run) {
        if (run.outputDir() == null) {
            throw new org.riskbench.core.InputException("run " + run.id() + " has no output folder");
        }
        return ScenarioArtifactsReader.read(Path.of(run.outputDir()));
    }

    /** A retried job: the config from its parameters, the input checked again inside the job. */
    private JobTask task(JsonNode params) {
        @SuppressWarnings("unchecked")
        Map<String, Object> configMap = Json.MAPPER.convertValue(params.path("config"), Map.class);
        int threads = params.path("threads").asInt(0);
        return context -> run(context, ScenarioConfig.fromMap(configMap), configMap, null, threads);
    }

    /** Runs the job, tracked; {@code input} is the checked input, or null to check it here. */
    private Map<String, Object> run(JobContext context, ScenarioConfig config, Map<String, Object> configMap,
            ScenarioInput input, int threads) {
        Path outputDir = context.outputDir();
        app.tracker().start(context.jobId(), KIND, config.name(), context.jobId(), configMap, outputDir);
        ScenarioResult result;
        try {
            ScenarioInput checked = input != null ? input : ScenarioInput.check(config);
            // context.warn would also print a log-format line on the CLI's stderr, beside the CLI's own line
            checked.warnings().forEach(w -> context.log("warning: " + w));
            result = ScenarioEngine.run(config, checked, outputDir, threads, context);
        } catch (RuntimeException e) {
            app.tracker().fail(context.jobId(), e instanceof CancelledException ? "cancelled" : "failed",
                    e.getMessage(), outputDir);
            throw e;
        }
        Map<String, Object> summary = result.summary() == null ? Map.of() : result.summary().toMap();
        context.log(String.format(java.util.Locale.ROOT, "%d scenarios on %d rows; artifacts in %s",
                result.runs().size(), result.input() == null ? 0 : result.input().rowsUsed(), outputDir));
        switch (result.status()) {
            case COMPLETED -> app.tracker().succeed(context.jobId(), metrics(summary), outputDir);
            case CANCELLED -> {
                app.tracker().fail(context.jobId(), "cancelled", result.message(), outputDir);
                throw new CancelledException();
            }
            default -> {
                app.tracker().fail(context.jobId(), "failed", result.message(), outputDir);
                throw new JobFailedException(result.message());
            }
        }
        return summaryForJob(summary);
    }

    /** The tracked metrics: the numeric top-level values of summary.json. */
    private static Map<String, Object> metrics(Map<String, Object> summary) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        summary.forEach((k, v) -> {
            if (v instanceof Number) {
                metrics.put(k, v);
            }
        });
        return metrics;
    }

    private static Map<String, Object> summaryForJob(Map<String, Object> summary) {
        Map<String, Object> out = new LinkedHashMap<>(metrics(summary));
        Object best = summary.get("best_scenario_id");
        if (best != null) {
            out.put("best_scenario_id", best);
        }
        return out;
    }

}
