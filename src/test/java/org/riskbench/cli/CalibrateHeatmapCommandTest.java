package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.CalibrationArtifactsReader;
import org.riskbench.app.CalibrationRunView;

class CalibrateHeatmapCommandTest {
    @TempDir
    Path dir;
    Path out;

    @BeforeEach
    void calibrate() throws Exception {
        StringBuilder csv = new StringBuilder("y\n");
        Random random = new Random(5);
        double level = 50;
        for (int t = 0; t < 300; t++) {
            level += random.nextGaussian();
            csv.append(level).append('\n');
        }
        Path series = Files.writeString(dir.resolve("s.csv"), csv);
        Path profile = Files.writeString(dir.resolve("p.yaml"), "warmup: 40\n");
        out = dir.resolve("calib");
        CliTest.Result r = CliTest.run("calibrate", "--series", series.toString(), "--profile", profile.toString(),
                "--grid", "hysteresis.dwell_pass=[3,6];kappa.tau_pass=0.3,0.5;hysteresis.dwell_derisk=2,4",
                "--calib-out-dir", out.toString(), "--threads", "1", "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void printsTheBestOfMapTheScreenShowsAndItsCsv() {
        CalibrationRunView run = CalibrationArtifactsReader.read(out);
        var map = run.heatMap(1, 0, java.util.Map.of());

        CliTest.Result table = CliTest.run("calibrate-heatmap", out.toString(), "--x", "kappa.tau_pass", "--y",
                "hysteresis.dwell_pass");
        assertThat(table.code()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0)).startsWith("hysteresis.dwell_pass \\ kappa.tau_pass").contains("0.3", "0.5");
        assertThat(lines.get(1)).startsWith("3 ").endsWith(cell(map.score()[0][1]));
        assertThat(lines.get(2)).startsWith("6 ").endsWith(cell(map.score()[1][1]));
        assertThat(table.out()).contains("best-of over: hysteresis.dwell_derisk; fixed: none");

        CliTest.Result csv = CliTest.run("calibrate-heatmap", out.toString(), "--x", "kappa.tau_pass", "--y",
                "hysteresis.dwell_pass", "--fix", "hysteresis.dwell_derisk=4", "--csv");
        assertThat(csv.code()).as(csv.err()).isZero();
        var fixed = run.heatMap(1, 0, java.util.Map.of("hysteresis.dwell_derisk", "4"));
        assertThat(csv.out()).startsWith("hysteresis.dwell_pass \\ kappa.tau_pass,0.3,0.5\n")
                .contains("\n3," + csvCell(fixed.score()[0][0]) + "," + csvCell(fixed.score()[0][1]) + "\n");
    }

    @Test
    void refusesAPathOutsideTheGridAValueNotInItAndAFolderWithoutResults() {
        CliTest.Result unknown = CliTest.run("calibrate-heatmap", out.toString(), "--x", "kappa.tau");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("--x: 'kappa.tau' is not a parameter of the calibration's grid")
                .contains("kappa.tau_pass");
        CliTest.Result value = CliTest.run("calibrate-heatmap", out.toString(), "--fix", "hysteresis.dwell_derisk=9");
        assertThat(value.code()).isEqualTo(2);
        assertThat(value.err()).contains("has no value '9'").contains("2, 4");
        CliTest.Result empty = CliTest.run("calibrate-heatmap", dir.toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("no calib_results.csv in " + dir);
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "-" : String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    private static String csvCell(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
