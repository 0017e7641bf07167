package org.riskbench.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.riskbench.app.CalibrationJobResult;
import org.riskbench.app.CalibrationService;
import org.riskbench.app.ScenarioJobResult;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.engine.calibration.CalibrationArtifacts;
import org.riskbench.engine.calibration.CalibrationRequest;
import org.riskbench.engine.calibration.CalibrationResult;
import org.riskbench.engine.calibration.ProfileWriter;
import org.riskbench.engine.scenario.ScenarioConfig;
import org.riskbench.engine.scenario.ScenarioEngine;
import org.riskbench.engine.scenario.ScenarioInput;
import org.riskbench.engine.scenario.ScenarioResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's main class, run by {@code spark-submit} (client mode) for the app:
 * {@code SparkJob WORKLOAD SPEC.json STATUS_DIR}. The spec holds the job's parameters as the app's local job would
 * take them; the driver reads the inputs, runs the workload on the cluster, writes the same artifacts as a local run
 * into the spec's {@code output_dir} and reports through {@link DriverStatus}. A failure leaves one sentence in
 * {@code error.txt} and ends the application as failed.
 */
public final class SparkJob {
    private static final Logger LOG = LoggerFactory.getLogger(SparkJob.class);

    private SparkJob() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: SparkJob calibrate|scenario|infer SPEC.json STATUS_DIR");
        }
        DriverStatus status = new DriverStatus(Path.of(args[2]));
        try {
            JsonNode spec = Json.MAPPER.readTree(Path.of(args[1]).toFile());
            SparkConf conf = new SparkConf().setAppName("riskbench " + args[0] + " " + spec.path("run_id").asText(""));
            boolean failed = false;
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                status.app(sc.sc().applicationId(), sc.sc().uiWebUrl().isDefined() ? sc.sc().uiWebUrl().get() : null, sc.master());
                try {
                    switch (args[0]) {
                        case "calibrate" -> status.result(calibrate(sc, spec, status));
                        case "scenario" -> status.result(scenario(sc, spec, status));
                        case "infer" -> status.result(InferenceOnSpark.run(sc, spec, status));
                        default -> throw new InputException("unknown workload '" + args[0] + "'; the job jar runs: calibrate, scenario, infer");
                    }
                } catch (Throwable t) {
                    // said before the context stops: the app sees the application end only after the reason is there
                    LOG.error("riskbench {} failed", args[0], t);
                    status.error(Failures.oneSentence(t));
                    failed = true;
                }
            }
            if (failed) {
                System.exit(1);
            }
        } catch (Throwable t) {
            LOG.error("riskbench {} failed", args[0], t);
            status.error(Failures.oneSentence(t));
            System.exit(1); // SparkSubmit reports the application as failed to the launcher
        }
    }

    /** A calibration: the same request, artifacts and profile as {@link CalibrationService}'s local job. */
    static CalibrationJobResult calibrate(JavaSparkContext sc, JsonNode p, DriverStatus status) {
        String runId = text(p, "run_id");
        Path series = Path.of(p.path("series").asText());
        Path profile = Path.of(p.path("profile").asText());
        Integer threads = p.hasNonNull("threads") ? p.get("threads").asInt() : sc.defaultParallelism();
        CalibrationRequest request = CalibrationRequest.of(series, profile, text(p, "profile_name"), p.path("grid").asText(),
                text(p, "objective_weights"), text(p, "hard_constraints"), integer(p, "top_k"),
                p.hasNonNull("max_points") ? p.get("max_points").asLong() : null, threads, runId);
        CalibrationInputs inputs = CalibrationInputs.read(runId, series, profile, text(p, "profile_name"),
                p.path("grid").asText(), text(p, "objective_weights"), text(p, "hard_constraints"), integer(p, "top_k"),
                p.hasNonNull("max_points") ? p.get("max_points").asLong() : null);
        int blocks = p.hasNonNull("blocks") ? p.get("blocks").asInt() : sc.defaultParallelism() * 4;
        CalibrationResult result = CalibrationOnSpark.run(sc, request, inputs, blocks, status);
        Path out = Path.of(p.path("output_dir").asText());
        CalibrationArtifacts.write(out, result);
        if (p.hasNonNull("write_profile")) {
            ProfileWriter.write(result, p.get("apply_rank").asInt(), Path.of(p.get("write_profile").asText()));
        }
        return CalibrationJobResult.of(result);
    }

    /**
     * A scenario run: the driver reads and fits the table as a local run does (from the shared path), the scenarios run
     * as Spark tasks ({@link ScenariosOnSpark}), and the engine writes the same artifacts into {@code output_dir}.
     * The result: the run's status, message and summary.
     */
    static ScenarioJobResult.DriverResult scenario(JavaSparkContext sc, JsonNode p, DriverStatus status) {
        String runId = text(p, "run_id");
        @SuppressWarnings("unchecked")
        Map<String, Object> configMap = Json.MAPPER.convertValue(p.get("config"), Map.class);
        ScenarioConfig config = ScenarioConfig.fromMap(configMap);
        String table = text(p, "table");
        ScenarioConfig onDriver = table == null ? config : config.withInputPath(SharedFiles.local(table, sc.hadoopConfiguration()));
        ScenarioInput input = ScenarioInput.check(onDriver);
        Map<String, Object> forExecutors = new java.util.LinkedHashMap<>(configMap);
        forExecutors.put("input_path", null); // each executor reads `table` itself; without one, the seed's synthetic table
        String configJson;
        try {
            configJson = Json.MAPPER.writeValueAsString(forExecutors);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        ScenarioInputs inputs = new ScenarioInputs(runId + ":" + configJson.hashCode() + ":" + table, configJson,
                input.synthetic() ? null : table == null ? onDriver.inputPath().toUri().toString() : table);
        int blocks = p.hasNonNull("blocks") ? p.get("blocks").asInt() : sc.defaultParallelism() * 4;
        ScenarioResult result = ScenarioEngine.run(onDriver, input, Path.of(p.path("output_dir").asText()),
                sc.defaultParallelism(), status, new ScenariosOnSpark(sc, inputs, blocks));
        return new ScenarioJobResult.DriverResult(result.status().label(), result.message(), result.summary());
    }

    private static String text(JsonNode p, String key) {
        return p.hasNonNull(key) ? p.get(key).asText() : null;
    }

    private static Integer integer(JsonNode p, String key) {
        return p.hasNonNull(key) ? p.get(key).asInt() : null;
    }
}
