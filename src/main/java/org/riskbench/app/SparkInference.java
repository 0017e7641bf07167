package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.scoring.ModelBundle;
import org.riskbench.jobs.JobContext;
import org.riskbench.jobs.JobHandle;
import org.riskbench.jobs.JobRequest;
import org.riskbench.jobs.JobService;
import org.riskbench.jobs.JobTask;

/**
 * Batch inference of a transactions file on Spark (docs/scale-out.md): the file and the output folder on a path every
 * executor can read, the results written there as CSV and Parquet parts; the per-class counts, timings and a sample
 * come back into the job's folder in the workspace ({@code summary.json}, {@code sample.csv}) as a tracked inference
 * run. Local inference stays the inbox's ({@link InboxService}).
 */
public final class SparkInference {
    /** The job kind (its tracked run is an {@link InboxService#KIND} run). */
    public static final String KIND = "spark-inference";
    public static final String SUMMARY = "summary.json";
    public static final String SAMPLE = "sample.csv";

    private final JobService jobs;
    private final Tracker tracker;
    private final Path root;
    private final ModelService modelService;
    private final SparkRunner spark;

    SparkInference(JobService jobs, Tracker tracker, Path root, ModelService modelService) {
        this.jobs = jobs;
        this.tracker = tracker;
        this.root = root;
        this.modelService = modelService;
        this.spark = new SparkRunner(root);
        jobs.register(KIND, this::task, "the rows of the file");
    }

    /**
     * What to score: the file and the output folder (a {@code file:}, {@code hdfs:} or {@code s3a:} URI, or a local
     * path on a mount every node shares), the model bundle (null: the workspace's active model), the guardrail rules
     * file (null: the bundled rules), and the validation's tolerance as {@code riskbench infer} takes it.
     */
    public record Request(String input, String output, Path model, Path guardrails, double maxBadRatio, long sizeLimitMb,
                          String jobId) {
    }

    /** The master {@code --spark} without a value means: the workspace setting, or null. */
    public String defaultSparkMaster() {
        return spark.defaultMaster();
    }

    /**
     * Checks what can be checked here (the paths executors read, a local input file, an output folder new or empty,
     * the model bundle, Spark and its master), then queues the inference as a Spark application.
     */
    public JobHandle submit(Request r, SparkTarget target) {
        if (target == null) {
            throw new InputException("inference on this computer goes through the inbox (riskbench infer without --spark).");
        }
        jobs.requireNewId(r.jobId());
        String input = shared("FILE", r.input());
        String output = shared("--out", r.output());
        Path localIn = SparkTarget.localFile(input);
        if (localIn != null && !Files.isRegularFile(localIn)) {
            throw new InputException(localIn + ": no such file on this computer (the driver validates it there, each"
                    + " executor reads it at the same path).");
        }
        Path localOut = SparkTarget.localFile(output);
        if (localOut != null && Files.exists(localOut) && !emptyFolder(localOut)) {
            throw new InputException("--out " + localOut + " already holds files: the results go into a new or empty folder.");
        }
        Path bundle = r.model() != null ? r.model().toAbsolutePath().normalize()
                : modelService.bundleForScoring(Progress.NONE).dir().toAbsolutePath();
        if (TabularService.isGeneralBundle(bundle)) {
            throw new InputException(bundle + " is a general model; on Spark, infer scores with a transactions model bundle.");
        }
        ModelBundle.load(bundle); // a bundle that does not load is bad input, not a failed job
        if (r.guardrails() != null) {
            org.riskbench.engine.scoring.Guardrails.load(r.guardrails(), org.riskbench.engine.intake.EnrichmentConfig.defaults());
        }
        spark.check(target);
        Params p = new Params(input, output, bundle.toString(),
                r.guardrails() == null ? null : r.guardrails().toAbsolutePath().normalize().toString(), r.maxBadRatio(),
                r.sizeLimitMb());
        Map<String, Object> params = p.withSpark(target);
        return jobs.submit(new JobRequest(r.jobId(), KIND, params, null, null), context -> run(context, p, params, target));
    }

    /**
     * An inference on Spark's parameters (stored with the job, read again by a retry, kept by its tracked run and handed
     * to the driver): where the executors read and write, the model bundle and the rules, then where it ran
     * ({@link CalibrationService#putSpark}).
     *
     * @param input      the input file's URI, the same on every node
     * @param output     the results folder's URI
     * @param guardrails the rules file, null for the bundled rules
     */
    @JsonPropertyOrder({"input", "output", "model", "guardrails", "max_bad_ratio", "size_limit_mb"})
    record Params(@JsonProperty("input") String input,
                  @JsonProperty("output") String output,
                  @JsonProperty("model") String model,
                  @JsonProperty("guardrails") String guardrails,
                  @JsonProperty("max_bad_ratio") double maxBadRatio,
                  @JsonProperty("size_limit_mb") long sizeLimitMb) {

        /** These parameters and the Spark target's, as the job stores them. */
        Map<String, Object> withSpark(SparkTarget target) {
            Map<String, Object> params = JobParams.asMap(this);
            CalibrationService.putSpark(params, target);
            return params;
        }
    }

    private static String shared(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new InputException(what + " is needed: on Spark the results go to a folder every executor can write.");
        }
        String v = value.strip();
        // a local path (no scheme) is taken from the working folder: the same path on every node of a shared mount
        boolean scheme = v.matches("[A-Za-z][A-Za-z0-9+.-]*:.*");
        return SparkTarget.sharedUri(what, scheme ? v : Path.of(v).toAbsolutePath().normalize().toString());
    }

    private static boolean emptyFolder(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private JobTask task(JsonNode stored) {
        Params p = JobParams.read(stored, Params.class, "an inference");
        SparkTarget target = CalibrationService.sparkTarget(stored);
        Map<String, Object> params = p.withSpark(target);
        return context -> run(context, p, params, target);
    }

    private SparkInferenceResult run(JobContext context, Params p, Map<String, Object> params, SparkTarget target) {
        String runId = context.jobId();
        Path dir = context.outputDir();
        tracker.start(runId, InboxService.KIND, "inference of " + p.input() + " on Spark", runId, params, dir);
        // the driver's specification: the parameters and the run it reports to
        Map<String, Object> spec = new LinkedHashMap<>(params);
        spec.put("run_id", runId);
        SparkReply<SparkInferenceResult.DriverResult> reply;
        try {
            context.log("inference of " + p.input() + " on Spark " + target.master() + ", results to " + p.output());
            reply = spark.run(context, "infer", spec, target, SparkInferenceResult.DriverResult.class);
        } catch (RuntimeException e) {
            tracker.fail(runId, e, dir);
            throw e;
        }
        SparkInferenceResult summary = SparkInferenceResult.of(reply);
        try {
            writeFiles(dir, reply.result().sampleCsv(), summary);
        } catch (java.io.IOException e) {
            tracker.fail(runId, "failed", e.getMessage(), dir);
            throw new java.io.UncheckedIOException(e);
        }
        context.log("scored " + summary.rowCount() + " rows; results in " + summary.output());
        tracker.succeed(runId, summary.metrics(), dir);
        return summary;
    }

    /** The job folder's {@code sample.csv} (the results' first rows) and {@code summary.json} (the result, keys sorted). */
    static void writeFiles(Path dir, List<String> sample, SparkInferenceResult summary) throws java.io.IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve(SAMPLE), String.join("\n", sample) + (sample.isEmpty() ? "" : "\n"));
        Json.write(dir.resolve(SUMMARY), summary.summaryFile());
    }

}
