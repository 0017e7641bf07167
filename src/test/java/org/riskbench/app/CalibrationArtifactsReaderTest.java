package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;
import org.riskbench.engine.calibration.CalibrationArtifacts;
import org.riskbench.engine.calibration.CalibrationEngine;
import org.riskbench.engine.calibration.CalibrationRequest;
import org.riskbench.engine.calibration.CalibrationResult;
import org.riskbench.engine.calibration.Metrics;
import org.riskbench.engine.calibration.PointResult;

class CalibrationArtifactsReaderTest {
    private static final Path SERIES = Path.of("sample-data/series/synthetic-regime.csv").toAbsolutePath();
    private static final Path PROFILE = Path.of("sample-data/profiles/default.yaml").toAbsolutePath();

    private static CalibrationResult calibrate(Path dir, String constraints) {
        CalibrationRequest request = CalibrationRequest.of(SERIES, PROFILE, null,
                "hysteresis.dwell_pass=5,10;kappa.tau_pass=[0.40,0.45,0.50]", null, constraints, 3, null, 1, "run-reader");
        CalibrationResult result = CalibrationEngine.run(request, Progress.NONE);
        CalibrationArtifacts.write(dir, result);
        return result;
    }

    @Test
    void readsEveryPointTopKParetoAndMetaOfARealCalibration(@TempDir Path dir) {
        CalibrationResult result = calibrate(dir, null);
        CalibrationRunView run = CalibrationArtifactsReader.read(dir);

        assertThat(run.runId()).isEqualTo("run-reader");
        assertThat(run.seriesPath()).isEqualTo(SERIES);
        assertThat(run.profilePath()).isEqualTo(PROFILE);
        assertThat(run.profileName()).isEqualTo(result.request().base().name());
        assertThat(run.gridPaths()).containsExactly("hysteresis.dwell_pass", "kappa.tau_pass");
        assertThat(run.gridValues()).containsExactly(List.of("5", "10"), List.of("0.4", "0.45", "0.5"));
        assertThat(run.metricNames()).isEqualTo(Metrics.NAMES);
        assertThat(run.points()).hasSize(6);
        for (int i = 0; i < 6; i++) {
            PointResult expected = result.points().get(i);
            CalibrationRunView.Point p = run.points().get(i);
            assertThat(p.point()).isEqualTo(i);
            assertThat(p.score()).isEqualTo(expected.score());
            assertThat(p.feasible()).isEqualTo(expected.feasible());
            assertThat(run.metric(p, "pass_share")).isEqualTo(expected.metrics().get("pass_share"));
            assertThat(p.finalState()).isEqualTo(expected.metrics().finalState());
        }
        // last assignment fastest: point 4 is dwell_pass=10, tau_pass=0.45
        assertThat(run.points().get(4).params()).containsExactly("10", "0.45");

        assertThat(run.topK()).hasSize(3);
        assertThat(run.topK()).extracting(CalibrationRunView.Ranked::point)
                .containsExactly(Arrays.stream(result.ranking()).limit(3).mapToInt(l -> (int) l).boxed().toArray(Integer[]::new));
        for (CalibrationRunView.Ranked r : run.topK()) {
            assertThat(CalibrationArtifactsReader.patchOf(run, run.points().get(r.point()))).as("point %d", r.point())
                    .isEqualTo(r.patch());
        }
        assertThat(run.pareto()).extracting(CalibrationRunView.Ranked::point)
                .containsExactly(Arrays.stream(result.pareto()).mapToInt(l -> (int) l).boxed().toArray(Integer[]::new));
        assertThat(run.best().orElseThrow().point()).isEqualTo((int) result.ranking()[0]);
    }

    @Test
    void keepsInfeasiblePointsWithTheirFailedConstraints(@TempDir Path dir) {
        calibrate(dir, "pass_share>=2,coverage_min:0");
        CalibrationRunView run = CalibrationArtifactsReader.read(dir);
        assertThat(run.feasibleCount()).isZero();
        assertThat(run.points()).allSatisfy(p -> {
            assertThat(p.score()).isEqualTo(-1e9);
            assertThat(p.failed()).containsExactly("pass_share>=2");
        });
        assertThat(run.pareto()).isEmpty();
    }

    @Test
    void aDamagedResultsFileIsRefusedNamingItsLineAndColumn(@TempDir Path dir) throws Exception {
        calibrate(dir, null);
        Path csv = dir.resolve(CalibrationArtifacts.RESULTS_CSV);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
        String[] third = lines.get(3).split(",", -1);
        third[3] = "lots"; // the first metric of point 2
        lines.set(3, String.join(",", third));
        Files.write(csv, lines);
        assertThatThrownBy(() -> CalibrationArtifactsReader.read(dir)).isInstanceOf(InputException.class)
                .hasMessage(csv + ":4:4: 'lots' is not a number");

        lines.set(0, "point,score");
        Files.write(csv, lines);
        assertThatThrownBy(() -> CalibrationArtifactsReader.read(dir)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(csv + ":1: unexpected header (point, the grid paths");
    }

    @Test
    void refusesAFolderWithoutResultsNamingTheFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> CalibrationArtifactsReader.read(dir)).isInstanceOf(InputException.class)
                .hasMessageContaining(CalibrationArtifacts.RESULTS_CSV);
        Files.writeString(dir.resolve(CalibrationArtifacts.RESULTS_CSV), "point,score\n");
        assertThatThrownBy(() -> CalibrationArtifactsReader.read(dir)).isInstanceOf(InputException.class)
                .hasMessageContaining(CalibrationArtifacts.META_JSON);
    }
}
