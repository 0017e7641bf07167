package org.riskbench.engine.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.testsupport.GoldenFiles;

/**
 * {@code calib_meta.json} is the bytes the map-based writer wrote ({@code src/test/resources/golden/calibration/}
 * holds its file for the sample grid), with the clock's values, the output folder and the JVM's version masked; and a
 * file of that writer reads back into {@link CalibrationMeta} with nothing lost.
 */
class CalibrationMetaGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/calibration/calib_meta.json");

    @TempDir
    Path dir;

    @Test
    void theMetadataFileIsTheBytesOfBeforeAndReadsBack() throws Exception {
        CalibrationRequest request = CalibrationRequest.of(Path.of("sample-data/series/synthetic-regime.csv"),
                Path.of("sample-data/profiles/default.yaml"), null, "@sample-data/grids/basic.txt", null,
                "coverage_abs_err<=0.05", null, null, 1, "calib-golden");
        CalibrationResult result = CalibrationEngine.run(request, Progress.NONE);
        Path out = dir.resolve("calib");
        CalibrationArtifacts.write(out, result);
        String written = Files.readString(out.resolve(CalibrationArtifacts.META_JSON), StandardCharsets.UTF_8);
        String masked = written.replace(out.toString(), "<dir>")
                .replaceAll("(\"(started|finished|seconds|points_per_second|java_version)\" : )[^,\\n]+", "$1\"<masked>\"")
                + "\n";
        GoldenFiles.assertGolden(GOLDEN, masked);

        JsonNode tree = Json.MAPPER.readTree(written);
        CalibrationMeta read = Json.MAPPER.treeToValue(tree, CalibrationMeta.class);
        assertThat(Json.MAPPER.writeValueAsString(read)).isEqualTo(written);
        assertThat(read.grid().assignments()).extracting(CalibrationMeta.Assignment::path)
                .containsExactly("hysteresis.dwell_pass", "kappa.tau_pass", "guards.latency_p95.soft");
    }
}
