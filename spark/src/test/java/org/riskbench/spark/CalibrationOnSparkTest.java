package org.riskbench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.calibration.CalibrationArtifacts;
import org.riskbench.engine.calibration.CalibrationEngine;
import org.riskbench.engine.calibration.CalibrationRequest;

/** A calibration in local[2] against the local engine: the same four files, apart from timings and the folder. */
class CalibrationOnSparkTest {
    private static final Path SERIES = Path.of("sample-data/series/synthetic-regime.csv");
    private static final Path PROFILE = Path.of("sample-data/profiles/default.yaml");
    private static final String GRID = "@sample-data/grids/basic.txt";
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark();

    @Test
    void writesTheSameArtifactsAsTheLocalEngine(@TempDir Path tmp) throws Exception {
        String constraints = "pass_share>=0.5";
        CalibrationRequest request = CalibrationRequest.of(SERIES, PROFILE, null, GRID, null, constraints, 5, null, 2, "calib-1");
        Path local = tmp.resolve("local");
        CalibrationArtifacts.write(local, CalibrationEngine.run(request, Progress.NONE));

        CalibrationInputs inputs = CalibrationInputs.read("calib-1", SERIES, PROFILE, null, GRID, null, constraints, 5, null);
        Path onSpark = tmp.resolve("spark");
        // 7 blocks over 18 points: uneven blocks, more tasks than cores
        CalibrationArtifacts.write(onSpark, CalibrationOnSpark.run(SPARK.context(), request, inputs, 7, Progress.NONE));

        assertThat(Files.readString(onSpark.resolve(CalibrationArtifacts.RESULTS_CSV)))
                .isEqualTo(Files.readString(local.resolve(CalibrationArtifacts.RESULTS_CSV)));
        assertThat(Files.readString(onSpark.resolve(CalibrationArtifacts.TOPK_JSON)))
                .isEqualTo(Files.readString(local.resolve(CalibrationArtifacts.TOPK_JSON)));
        assertThat(Files.readString(onSpark.resolve(CalibrationArtifacts.PARETO_JSON)))
                .isEqualTo(Files.readString(local.resolve(CalibrationArtifacts.PARETO_JSON)));
        assertThat(withoutRunFields(onSpark)).isEqualTo(withoutRunFields(local));
        assertThat(Json.MAPPER.readTree(local.resolve(CalibrationArtifacts.META_JSON).toFile()).path("feasible_points").asInt())
                .as("the constraint splits the grid, so the comparison covers both kinds of point").isBetween(1, 17);
    }

    @Test
    void blocksCoverEveryPointOnce() {
        for (int n : new int[] {1, 2, 7, 18}) {
            assertThat(CalibrationOnSpark.first(0, n, 18)).isZero();
            assertThat(CalibrationOnSpark.first(n, n, 18)).isEqualTo(18);
            for (int b = 0; b < n; b++) {
                long size = CalibrationOnSpark.first(b + 1, n, 18) - CalibrationOnSpark.first(b, n, 18);
                assertThat(size).isBetween(18L / n, 18L / n + 1);
            }
        }
    }

    /** calib_meta.json without what differs between any two runs: timings and the output folder. */
    private static Map<String, JsonNode> withoutRunFields(Path dir) throws Exception {
        ObjectNode meta = (ObjectNode) Json.MAPPER.readTree(dir.resolve(CalibrationArtifacts.META_JSON).toFile());
        meta.remove("timings");
        meta.remove("output_dir");
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        meta.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        return fields;
    }
}
