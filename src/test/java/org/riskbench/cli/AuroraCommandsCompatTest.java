package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.testsupport.CompatFiles;

/** The AURORA README's calibration and replay command lines and files, as docs/migration.md maps them. */
class AuroraCommandsCompatTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws Exception {
        return CompatFiles.copy("aurora", name, dir.resolve(name));
    }

    private Path shadowLogs() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("shadow_logs"));
        StringBuilder csv = new StringBuilder("y\n");
        Random random = new Random(8);
        double level = 50;
        for (int t = 0; t < 400; t++) {
            level += random.nextGaussian();
            csv.append(level).append('\n');
        }
        Files.writeString(logs.resolve("replay.csv"), csv);
        return logs;
    }

    private CliTest.Result run(String... args) {
        return CliTest.runIn(dir.resolve("ws"), args);
    }

    @Test
    void theExtendedCalibrationExampleRunsWithItsSeedLogsDirGridAndWeights() throws Exception {
        Path logs = shadowLogs();
        Path profile = Files.writeString(dir.resolve("master.yaml"), "governance:\n  default:\n    acceptance:\n      warmup: 40\n");
        Path out = dir.resolve("calib");

        CliTest.Result r = run("calibrate", "--logs_dir", logs.toString(), "--profile", profile.toString(), "--profile-name",
                "default", "--seed", "1337",
                "--grid", "kappa.tau_pass=0.72,0.75;kappa.tau_derisk=0.48,0.50;acceptance.hysteresis.tau_pass_up=0.78,0.80",
                "--objective-weights", "w_pass=1,w_derisk=0.5,w_block=2,w_viol=3,w_lat=1,w_sur=1,w_flap=0.5",
                "--calib-out-dir", out.toString(), "--top-k", "5");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(": 8 points");
        assertThat(Files.readAllLines(out.resolve("calib_results.csv")).get(0))
                .startsWith("point,kappa.tau_pass,kappa.tau_derisk,acceptance.hysteresis.tau_pass_up,");
        // the grid file of the README, and the production.yaml weights and constraints from the profile
        Path production = resource("production.yaml");
        CliTest.Result fromFile = run("calibrate", "--logs_dir", logs.toString(), "--profile", production.toString(),
                "--grid", "@" + resource("grid.yaml"), "--calib-out-dir", dir.resolve("calib2").toString(), "--top-k", "5");
        assertThat(fromFile.code()).as(fromFile.err()).isZero();
        assertThat(Files.readString(dir.resolve("calib2/calib_meta.json"))).contains("coverage_min:0.86");
    }

    @Test
    void profileNamesLogsDirsAndOptionsThatCannotCarryOverAreRefusedNamingTheReplacement() throws Exception {
        Path logs = shadowLogs();
        CliTest.Result byName = run("calibrate", "--profile", "default", "--logs_dir", logs.toString(), "--grid",
                "governance.acceptance.hysteresis.dwell_pass=[5,10]", "--calib-out-dir", dir.resolve("c").toString());
        assertThat(byName.code()).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(byName.err()).contains("--profile takes a profile file, and there is no file 'default'",
                "--profile FILE --profile-name default");

        Files.writeString(logs.resolve("other.csv"), "y\n1\n");
        CliTest.Result two = run("calibrate", "--profile", resource("production.yaml").toString(), "--logs_dir", logs.toString(),
                "--grid", "hysteresis.dwell_pass=[5,10]", "--calib-out-dir", dir.resolve("c").toString());
        assertThat(two.code()).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(two.err()).contains("holds 2 CSV files (other.csv, replay.csv)", "name it with --series FILE");

        CliTest.Result calibrateFlag = run("replay", "--calibrate");
        assertThat(calibrateFlag.code()).isEqualTo(Cli.EXIT_BAD_INPUT);
    }

    @Test
    void theCiGatingSnippetDrivesTheDriftWatchAndItsLineIsInTheDocumentsFormat() throws Exception {
        Path logs = shadowLogs();
        Path profile = resource("master_ci_gating.yaml");
        resource("ci_thresholds.yaml");
        for (String id : List.of("run_1", "run_2")) {
            CliTest.Result r = run("replay", "--series", logs.resolve("replay.csv").toString(), "--profile", profile.toString(),
                    "--out", dir.resolve(id).toString(), "--job-id", id);
            assertThat(r.code()).as(r.err()).isZero();
        }
        CliTest.Result show = run("jobs", "show", "run_2");
        assertThat(show.out()).containsPattern("\\[CI-GATING\\] metric=coverage_abs_err_ema value=\\d\\.\\d{3} threshold=0\\.080"
                + " relation=<= state:(observe|warn|stable)->(observe|warn|stable) violation=(True|False) run=run_2");
    }
}
