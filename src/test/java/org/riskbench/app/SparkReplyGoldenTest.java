package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.testsupport.GoldenFiles;

/**
 * What the app makes of a Spark driver's {@code result.json}: the job results of a calibration, a scenario run and an
 * inference on Spark (with the application under {@code spark}) and the inference's {@code summary.json} and
 * {@code sample.csv}, the same bytes as when the replies were maps. The drivers' files are the golden ones the spark
 * module's {@code DriverResultGoldenTest} holds (written by the map-based driver), their masked timings given fixed
 * values; the expected files under {@code src/test/resources/golden/spark/} were written by the map-based app code.
 */
class SparkReplyGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/spark");

    @TempDir
    Path tmp;

    /** A driver's golden {@code result.json} with fixed timings, as a driver leaves it in its status folder. */
    private Path driverResult(String name) throws Exception {
        String text = Files.readString(GOLDEN.resolve(name), StandardCharsets.UTF_8)
                .replaceAll("(\"(?:seconds|points_per_second|[a-z_]+_runtime_sec)\" : )\"<timing>\"", "$10.25")
                .replace("\"<timing>\"", "7")
                .replace("in <timing> s", "in 0.250 s");
        Path file = tmp.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** What {@code jobs show} and the Jobs screen say of a finished job with this stored result. */
    private static String jobLine(String resultJson) {
        return SparkJobLine.of(new org.riskbench.core.model.JobRecord("j", "k", org.riskbench.core.model.JobStatus.SUCCEEDED,
                1, null, "{\"spark_master\":\"local[2]\"}", resultJson, null, null, null, null, null, 1, null, null, false,
                null, null, null, null));
    }

    private static void assertGolden(String name, String actual) throws Exception {
        GoldenFiles.assertGolden(GOLDEN.resolve(name), actual + "\n");
    }

    @Test
    void aCalibrationsReplyGivesTheJobResultOfBefore() throws Exception {
        SparkReply<CalibrationJobResult> reply = SparkReply.read(driverResult("calibrate-result.json"),
                CalibrationJobResult.class, new SparkReply.Application("app-20261206083000-0001", "finished",
                        "http://driver:4040", "spark://master:7077"));
        String stored = Json.compact(CalibrationJobResult.ofSpark(reply));
        assertGolden("calibrate-job.json", stored);
        assertThat(Json.compact(CalibrationJobResult.fromJson(stored))).isEqualTo(stored);
        assertThat(jobLine(stored)).isEqualTo("app-20261206083000-0001 finished, UI http://driver:4040, master spark://master:7077");
    }

    @Test
    void aScenarioRunsReplyGivesTheJobResultOfBefore() throws Exception {
        SparkReply<ScenarioJobResult.DriverResult> reply = SparkReply.read(driverResult("scenario-result.json"),
                ScenarioJobResult.DriverResult.class, new SparkReply.Application("local-1765009800000", "finished", null,
                        "local[2]"));
        assertThat(reply.result().status()).isEqualTo("completed");
        assertThat(reply.result().message()).isEqualTo("completed 6 scenarios in 0.250 s");
        String stored = Json.compact(ScenarioJobResult.ofSpark(reply.result().summary(), reply.spark()));
        assertGolden("scenario-job.json", stored);
        assertThat(Json.compact(ScenarioJobResult.fromJson(stored))).isEqualTo(stored);
        assertThat(jobLine(stored)).isEqualTo("local-1765009800000 finished, master local[2]");
        assertThat(jobLine("{\"num_rows\":3}")).isEqualTo("on local[2] (the application's id, states and UI in the log)");
    }

    @Test
    void anInferencesReplyGivesTheJobResultSummaryAndSampleOfBefore() throws Exception {
        SparkReply<SparkInferenceResult.DriverResult> reply = SparkReply.read(driverResult("infer-result.json"),
                SparkInferenceResult.DriverResult.class, new SparkReply.Application("local-1765009900000", "finished", "",
                        "local[2]"));
        SparkInferenceResult result = SparkInferenceResult.of(reply);
        Path dir = tmp.resolve("job");
        SparkInference.writeFiles(dir, reply.result().sampleCsv(), result);
        String stored = Json.compact(result);
        assertGolden("infer-job.json", stored);
        assertThat(Json.compact(SparkInferenceResult.fromJson(stored))).isEqualTo(stored);
        GoldenFiles.assertGolden(GOLDEN.resolve("infer-summary.json"), Files.readString(dir.resolve(SparkInference.SUMMARY)));
        GoldenFiles.assertGolden(GOLDEN.resolve("infer-sample.csv"), Files.readString(dir.resolve(SparkInference.SAMPLE)));
        assertThat(result.metrics()).containsEntry("row_count", 2000L).containsEntry("count_limpio", 1763L)
                .containsEntry("total_ms", 7L);
    }
}
