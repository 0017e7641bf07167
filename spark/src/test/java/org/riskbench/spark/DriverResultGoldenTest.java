package org.riskbench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.intake.EnrichmentConfig;
import org.riskbench.engine.scenario.ScenarioConfig;
import org.riskbench.engine.scoring.ModelBundle;
import org.riskbench.engine.scoring.Trainer;
import org.riskbench.engine.scoring.TransactionsData;

/**
 * The {@code result.json} a driver leaves for the app (calibrate, scenario, infer) is the same bytes as the one the
 * code wrote when the results were maps: the golden files under {@code src/test/resources/golden/spark/} were written
 * by that code on the same inputs, in local[2]; timings and the temporary folder are masked. The app's side reads these
 * files back ({@code SparkReplyGoldenTest}), so a driver of this version and an app of another still understand each
 * other.
 */
class DriverResultGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/spark");
    /** Keys whose values are wall-clock timings: the calibration's and the scenario summary's, a phase's milliseconds. */
    private static final Pattern TIMING = Pattern.compile("(\"(?:seconds|points_per_second|total_runtime_sec"
            + "|avg_scenario_runtime_sec|max_scenario_runtime_sec|validate|enrich|score|parquet|tasks_enrich|tasks_score"
            + "|total)\" : )-?[0-9.eE+-]+");
    private static final Pattern SECONDS = Pattern.compile("in [0-9]+\\.[0-9]{3} s");

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    @TempDir
    Path tmp;

    @Test
    void aCalibrationsResultIsTheBytesOfBefore() throws Exception {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("run_id", "calib-golden");
        spec.put("series", Path.of("sample-data/series/synthetic-regime.csv").toAbsolutePath().toString());
        spec.put("profile", Path.of("sample-data/profiles/default.yaml").toAbsolutePath().toString());
        spec.put("grid", "@" + Path.of("sample-data/grids/basic.txt").toAbsolutePath());
        spec.put("hard_constraints", "pass_share>=0.5");
        spec.put("threads", 1);
        spec.put("blocks", 3);
        spec.put("output_dir", tmp.resolve("calib").toString());
        assertGolden("calibrate-result.json", "calibrate", spec);
    }

    @Test
    void aScenarioRunsResultIsTheBytesOfBefore() throws Exception {
        ScenarioConfig config = ScenarioConfig.load(Path.of("sample-data/scenarios/synthetic.json")).withNScenarios(6);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("run_id", "scenario-golden");
        spec.put("config", config.toMap());
        spec.put("table", null);
        spec.put("blocks", 3);
        spec.put("output_dir", tmp.resolve("scenario").toString());
        assertGolden("scenario-result.json", "scenario", spec);
    }

    @Test
    void anInferencesResultIsTheBytesOfBefore() throws Exception {
        Path data = Path.of("sample-data/transactions/transactions.csv");
        Trainer.Result trained = Trainer.trainTransactions(TransactionsData.load(data, "label", EnrichmentConfig.defaults(),
                Progress.NONE), "label", Trainer.Config.defaults(42), Progress.NONE);
        Path bundle = tmp.resolve("bundle");
        ModelBundle.save(bundle, "golden-1", "2026-12-06T00:00:00Z", "none", trained.metrics().asMap(), trained.model());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("run_id", "infer-golden");
        spec.put("input", data.toAbsolutePath().toUri().toString());
        spec.put("output", tmp.resolve("scored").toUri().toString());
        spec.put("model", bundle.toString());
        spec.put("partitions", 3);
        assertGolden("infer-result.json", "infer", spec);
    }

    /** Runs {@code workload} as {@link SparkJob#main} does and compares the {@code result.json} it leaves. */
    private void assertGolden(String golden, String workload, Map<String, Object> specMap) throws Exception {
        JsonNode spec = Json.MAPPER.valueToTree(specMap);
        Path statusDir = Files.createDirectories(tmp.resolve("status-" + workload));
        DriverStatus status = new DriverStatus(statusDir);
        switch (workload) {
            case "calibrate" -> status.result(SparkJob.calibrate(SPARK.context(), spec, status));
            case "scenario" -> status.result(SparkJob.scenario(SPARK.context(), spec, status));
            default -> status.result(InferenceOnSpark.run(SPARK.context(), spec, status));
        }
        String written = Files.readString(statusDir.resolve(DriverStatus.RESULT), StandardCharsets.UTF_8);
        String masked = SECONDS.matcher(TIMING.matcher(written).replaceAll("$1\"<timing>\"")).replaceAll("in <timing> s")
                .replace(tmp.toUri().toString(), "<tmp>/").replace(tmp.toString(), "<tmp>")
                .replace(Path.of("").toAbsolutePath().toUri().toString(), "<checkout>/");
        Path file = GOLDEN.resolve(golden);
        // as the app's testsupport.GoldenFiles (not on this module's class path): -Dgolden.write records the file
        if (Boolean.getBoolean("golden.write")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, masked + "\n", StandardCharsets.UTF_8);
        }
        assertThat(masked + "\n").as(golden).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
