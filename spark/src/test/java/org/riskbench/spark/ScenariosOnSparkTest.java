package org.riskbench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.scenario.ScenarioArtifacts;
import org.riskbench.engine.scenario.ScenarioConfig;
import org.riskbench.engine.scenario.ScenarioEngine;
import org.riskbench.engine.scenario.ScenarioInput;
import org.riskbench.engine.scenario.ScenarioResult;

/**
 * A scenario run in local[2] against the local engine: runs.csv, summary.json, input_sample.json and metadata.json
 * byte for byte the same apart from the runtime fields (and the folder, the thread count).
 */
class ScenariosOnSparkTest {
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    @Test
    void aTableOnTheSharedPathGivesTheLocalArtifacts(@TempDir Path tmp) throws Exception {
        // bootstrap and shocks: every scenario draws from its own seeded generator, on whichever executor runs it
        ScenarioConfig config = ScenarioConfig.load(Path.of("sample-data/scenarios/blrm.yaml")).withNScenarios(23);
        ScenarioResult local = ScenarioEngine.run(config, ScenarioInput.check(config), tmp.resolve("local"), 2, Progress.NONE);
        String table = config.inputPath().toUri().toString();
        ScenarioInputs inputs = new ScenarioInputs("t1", configJson(config), table);
        // 5 blocks over 23 scenarios: uneven blocks, more tasks than cores
        ScenarioResult onSpark = ScenarioEngine.run(config, ScenarioInput.check(config), tmp.resolve("spark"), 2,
                Progress.NONE, new ScenariosOnSpark(SPARK.context(), inputs, 5));
        assertThat(onSpark.status()).isEqualTo(ScenarioResult.Status.COMPLETED);
        assertSameRun(tmp.resolve("local"), tmp.resolve("spark"));
        assertThat(Files.readAllLines(tmp.resolve("spark").resolve(ScenarioArtifacts.RUNS))).hasSize(24);
        assertThat(local.runs().get(0).numRows()).isGreaterThan(100);
    }

    @Test
    void theSyntheticTableIsGeneratedOnTheExecutorsFromTheSeed(@TempDir Path tmp) throws Exception {
        ScenarioConfig config = ScenarioConfig.load(Path.of("sample-data/scenarios/synthetic.json")).withNScenarios(9);
        ScenarioEngine.run(config, ScenarioInput.check(config), tmp.resolve("local"), 1, Progress.NONE);
        ScenarioEngine.run(config, ScenarioInput.check(config), tmp.resolve("spark"), 2, Progress.NONE,
                new ScenariosOnSpark(SPARK.context(), new ScenarioInputs("t2", configJson(config), null), 4));
        assertSameRun(tmp.resolve("local"), tmp.resolve("spark"));
    }

    @Test
    void aRunPastItsMaxRuntimeCancelsTheSparkJobAndSaysSo(@TempDir Path tmp) throws Exception {
        ScenarioConfig config = ScenarioConfig.load(Path.of("sample-data/scenarios/blrm.yaml")).withNScenarios(400_000)
                .withMaxRuntimeSec(1.5);
        ScenarioResult r = ScenarioEngine.run(config, ScenarioInput.check(config), tmp.resolve("spark"), 2, Progress.NONE,
                new ScenariosOnSpark(SPARK.context(), new ScenarioInputs("t3", configJson(config), config.inputPath().toUri().toString()), 4));
        assertThat(r.status()).isEqualTo(ScenarioResult.Status.TIMEOUT);
        assertThat(r.runs()).isEmpty();
        assertThat(r.message()).contains("exceeded max_runtime_sec=1.5 after 0 of 400000 scenarios");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (SPARK.context().statusTracker().getActiveJobIds().length > 0) {
            assertThat(System.nanoTime()).as("the cancelled Spark job ends").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static String configJson(ScenarioConfig config) throws Exception {
        return Json.MAPPER.writeValueAsString(config.toMap());
    }

    /** The artifacts of two runs of one config, apart from runtime fields, the folder and the thread count. */
    static void assertSameRun(Path expected, Path actual) throws Exception {
        assertThat(withoutRuntime(actual.resolve(ScenarioArtifacts.RUNS))).isEqualTo(withoutRuntime(expected.resolve(ScenarioArtifacts.RUNS)));
        assertThat(Files.readString(actual.resolve(ScenarioArtifacts.INPUT_SAMPLE)))
                .isEqualTo(Files.readString(expected.resolve(ScenarioArtifacts.INPUT_SAMPLE)));
        ObjectNode summary = json(actual, ScenarioArtifacts.SUMMARY);
        ObjectNode summaryLocal = json(expected, ScenarioArtifacts.SUMMARY);
        for (ObjectNode s : List.of(summary, summaryLocal)) {
            s.remove(List.of("total_runtime_sec", "avg_scenario_runtime_sec", "max_scenario_runtime_sec"));
        }
        assertThat(summary).isEqualTo(summaryLocal);
        ObjectNode meta = json(actual, ScenarioArtifacts.METADATA);
        ObjectNode metaLocal = json(expected, ScenarioArtifacts.METADATA);
        for (ObjectNode m : List.of(meta, metaLocal)) {
            m.remove(List.of("completed_at", "message", "threads", "output_dir", "artifacts", "summary_path", "runs_path"));
            ((ObjectNode) m.get("config")).remove("output_dir");
            if (m.path("input").path("synthetic").asBoolean()) {
                ((ObjectNode) m.get("input")).remove("path"); // the synthetic table is written into the run's folder
            }
        }
        assertThat(meta).isEqualTo(metaLocal);
        assertThat(Files.isRegularFile(expected.resolve("input_synthetic.csv")))
                .isEqualTo(Files.isRegularFile(actual.resolve("input_synthetic.csv")));
        if (Files.isRegularFile(expected.resolve("input_synthetic.csv"))) {
            assertThat(Files.readString(actual.resolve("input_synthetic.csv"))).isEqualTo(Files.readString(expected.resolve("input_synthetic.csv")));
        }
    }

    /** runs.csv with the runtime_sec column blanked (the 9th). */
    static List<String> withoutRuntime(Path runsCsv) throws Exception {
        return Files.readAllLines(runsCsv).stream().map(line -> {
            String[] cells = line.split(",", -1);
            cells[8] = "";
            return String.join(",", cells);
        }).toList();
    }

    static ObjectNode json(Path dir, String file) throws Exception {
        JsonNode n = Json.MAPPER.readTree(dir.resolve(file).toFile());
        return (ObjectNode) n;
    }
}
