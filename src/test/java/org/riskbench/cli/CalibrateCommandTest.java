package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;
import org.riskbench.core.Json;

class CalibrateCommandTest {
    @TempDir
    Path dir;
    Path series;
    Path profile;

    @BeforeEach
    void writeInputs() throws Exception {
        StringBuilder csv = new StringBuilder("y\n");
        Random random = new Random(5);
        double level = 50;
        for (int t = 0; t < 400; t++) {
            level += random.nextGaussian();
            csv.append(level).append('\n');
        }
        series = Files.writeString(dir.resolve("s.csv"), csv);
        profile = Files.writeString(dir.resolve("p.yaml"), "# base profile, kept comment\nwarmup: 40\nhysteresis:\n  dwell_pass: 10 # why\n");
    }

    @Test
    void runsAGridFromAFileWritesTheFourOutputsAndAProfileWithThePatch() throws Exception {
        Path grid = Files.writeString(dir.resolve("grid.txt"), "# a grid\nhysteresis.dwell_pass=[3,6]\nkappa.tau_pass=0.3,0.5\n");
        Path out = dir.resolve("calib");
        Path written = dir.resolve("best.yaml");
        CliTest.Result r = CliTest.run("calibrate", "--series", series.toString(), "--profile", profile.toString(),
                "--grid", "@" + grid, "--calib-out-dir", out.toString(), "--threads", "2", "--job-id", "cal-1",
                "--write-profile", written.toString(), "--apply-rank", "1", "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("calibration cal-1: 4 points");
        for (String f : List.of("calib_results.csv", "calib_topk.json", "pareto.json", "calib_meta.json")) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
        List<String> rows = Files.readAllLines(out.resolve("calib_results.csv"));
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).startsWith("point,hysteresis.dwell_pass,kappa.tau_pass,n_steps,");
        assertThat(rows.get(1)).startsWith("0,3,0.3,");
        assertThat(rows.get(2)).startsWith("1,3,0.5,");
        JsonNode top = Json.MAPPER.readTree(out.resolve("calib_topk.json").toFile());
        assertThat(top.get(0).path("rank").asInt()).isEqualTo(1);
        String yaml = Files.readString(written);
        assertThat(yaml).contains("calibrated by riskbench run cal-1", "# base profile, kept comment");
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            assertThat(app.runs().find("cal-1")).get().satisfies(run -> {
                assertThat(run.kind()).isEqualTo("calibration");
                assertThat(run.metricsJson()).contains("\"grid_size\":4");
            });
        }
    }

    @Test
    void anUnknownPathIsRefusedBeforeAnyJobWithTheAssignmentNamed() {
        Path ws = dir.resolve("ws");
        CliTest.Result r = CliTest.run("calibrate", "--series", series.toString(), "--profile", profile.toString(),
                "--grid", "hysteresis.dwel_pass=1,2", "--calib-out-dir", dir.resolve("o").toString(), "--workspace", ws.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("hysteresis.dwel_pass=1,2").contains("did you mean 'hysteresis.dwell_pass'");
        assertThat(CliTest.run("jobs", "list", "--workspace", ws.toString()).out()).contains("no jobs");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void aGridFileWithAByteOrderMarkIsReadAndABinaryOneRefusedWithWhere() throws Exception {
        Path bom = Files.writeString(dir.resolve("grid.txt"), "\uFEFFhysteresis.dwell_pass=[5,10]\n");
        CliTest.Result ok = CliTest.run("calibrate", "--series", series.toString(), "--profile", profile.toString(),
                "--grid", "@" + bom, "--calib-out-dir", dir.resolve("o").toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("2 points");

        Path binary = Files.write(dir.resolve("binary.csv"), new byte[] {'a', '\n', (byte) 0xA3, 0x29});
        CliTest.Result bad = CliTest.run("calibrate", "--series", series.toString(), "--profile", profile.toString(),
                "--grid", "@" + binary, "--calib-out-dir", dir.resolve("o2").toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).startsWith("riskbench: " + binary + ":2:1: not UTF-8 text (byte 0xA3 at offset 2 ")
                .doesNotContain("Input length");
        assertThat(dir.resolve("o2")).doesNotExist();
    }

    @Test
    void aProfileWithAByteOrderMarkIsPatchedInPlaceKeepingItsComments() throws Exception {
        Path bomProfile = Files.writeString(dir.resolve("bom.yaml"), "\uFEFF" + Files.readString(profile));
        Path written = dir.resolve("best.yaml");
        CliTest.Result r = CliTest.run("calibrate", "--series", series.toString(), "--profile", bomProfile.toString(),
                "--grid", "hysteresis.dwell_pass=3,6", "--calib-out-dir", dir.resolve("o").toString(),
                "--write-profile", written.toString(), "--apply-rank", "1", "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("could not be edited in place");
        assertThat(Files.readString(written)).contains("# base profile, kept comment", "dwell_pass: ");
    }

    @Test
    void aBrokenYamlGridFileIsOneLineWithLineAndColumn() throws Exception {
        Path grid = Files.writeString(dir.resolve("grid_broken.yaml"), "hysteresis.dwell_pass: [5, 10\n");
        CliTest.Result r = CliTest.run("calibrate", "--series", series.toString(), "--profile", profile.toString(),
                "--grid", "@" + grid, "--calib-out-dir", dir.resolve("o").toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).singleElement().asString().isEqualTo("riskbench: " + grid + ":2:1: not a valid "
                + "grid file: expected ',' or ']', but got <stream end> (while parsing a flow sequence that starts at 1:24).");
    }

    @Test
    void aGridOverMaxPointsIsRefusedWithItsSize() {
        CliTest.Result r = CliTest.run("calibrate", "--series", series.toString(), "--profile", profile.toString(),
                "--grid", "hysteresis.dwell_pass=1,2,3;kappa.tau_pass=0.1,0.2,0.3", "--max-points", "5",
                "--calib-out-dir", dir.resolve("o").toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("9");
    }

    @Test
    void anUnknownWeightKeyIsBadInput() {
        CliTest.Result r = CliTest.run("calibrate", "--series", series.toString(), "--profile", profile.toString(),
                "--grid", "hysteresis.dwell_pass=1,2", "--objective-weights", "w_speed=1",
                "--calib-out-dir", dir.resolve("o").toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("w_speed");
    }
}
