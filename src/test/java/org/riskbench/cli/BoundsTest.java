package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;

/** Every value that sizes an allocation or a pool is bounded before a job is queued: exit 2 naming the bound, no job. */
class BoundsTest {
    private static final String SERIES = "sample-data/series/co2.csv";
    private static final String PROFILE = "sample-data/profiles/default.yaml";

    @TempDir
    Path dir;

    private String ws() {
        return dir.resolve("ws").toString();
    }

    private long jobCount() {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            return app.jobs().list(List.of(), null, 100).size();
        }
    }

    private static void refused(CliTest.Result r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: " + message);
    }

    private static String threadsMessage(int got) {
        int cores = Runtime.getRuntime().availableProcessors();
        return "--threads must be between 1 and " + 4 * cores + " (4 x " + cores + " cores), got " + got;
    }

    @Test
    void aHugeNScenariosIsRefusedBeforeTheJob() throws Exception {
        Path config = Files.writeString(dir.resolve("huge.yaml"), "name: huge\nn_scenarios: 2147483647\n");
        refused(CliTest.run("scenario", "run", "--config", config.toString(), "--workspace", ws()),
                config + ": scenario config key \"n_scenarios\" is 2,147,483,647, over the limit of 1,000,000 scenarios per run");
        assertThat(jobCount()).isZero();
    }

    @Test
    void rowsTimesScenariosIsBounded() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,target\n");
        for (int i = 0; i < 10_001; i++) {
            csv.append(i % 7).append(',').append((i * 31) % 11).append(',').append(i % 5).append('\n');
        }
        Files.writeString(dir.resolve("rows.csv"), csv);
        Path config = Files.writeString(dir.resolve("many.yaml"), "name: many\ninput_path: rows.csv\nn_scenarios: 1000000\n");
        refused(CliTest.run("scenario", "run", "--config", config.toString(), "--workspace", ws()),
                "10,001 rows x n_scenarios 1,000,000 is 10,001,000,000 row evaluations, over the limit of 10,000,000,000;"
                        + " lower n_scenarios or use fewer rows");
        assertThat(jobCount()).isZero();
    }

    @Test
    void threadsOutsideOneToFourTimesTheCoresAreRefusedEverywhere() {
        String config = "sample-data/scenarios/blrm.yaml";
        for (int bad : new int[] {-1, 0, 100_000}) {
            refused(CliTest.run("scenario", "run", "--config", config, "--threads", String.valueOf(bad), "--workspace", ws()),
                    threadsMessage(bad));
            refused(CliTest.run("calibrate", "--series", SERIES, "--profile", PROFILE, "--grid", "hysteresis.dwell_pass=[5,10]",
                    "--calib-out-dir", dir.resolve("c").toString(), "--threads", String.valueOf(bad), "--workspace", ws()),
                    threadsMessage(bad));
            refused(CliTest.run("infer", "sample-data/transactions/transactions.csv", "--threads", String.valueOf(bad),
                    "--workspace", ws()), threadsMessage(bad));
            refused(CliTest.run("bench", "--engine", "acceptance", "--threads", String.valueOf(bad)), threadsMessage(bad));
        }
        assertThat(jobCount()).isZero();
        assertThat(dir.resolve("c")).doesNotExist();
    }

    @Test
    void calibrationTopKAndMaxPointsHaveCeilings() {
        refused(CliTest.run("calibrate", "--series", SERIES, "--profile", PROFILE, "--grid", "hysteresis.dwell_pass=[5,10]",
                "--calib-out-dir", dir.resolve("c").toString(), "--top-k", "2000000000", "--workspace", ws()),
                "--top-k is 2,000,000,000, over the limit of 10,000");
        refused(CliTest.run("calibrate", "--series", SERIES, "--profile", PROFILE, "--grid", "hysteresis.dwell_pass=[5,10]",
                "--calib-out-dir", dir.resolve("c").toString(), "--max-points", "9000000000", "--workspace", ws()),
                "--max-points is 9,000,000,000, over the limit of 1,000,000");
        assertThat(jobCount()).isZero();
    }

    @Test
    void synthAndBenchSizesHaveCeilings() {
        refused(CliTest.run("synth", "transactions", "--rows", "100000000000", "--out", dir.resolve("t.csv").toString()),
                "--rows is 100,000,000,000, over the limit of 50,000,000");
        refused(CliTest.run("synth", "scenario", "--rows", "10000000", "--features", "8", "--out", dir.resolve("s.csv").toString()),
                "--rows 10,000,000 x --features 8 is 80,000,000 feature cells; a synthetic table holds at most 50,000,000");
        refused(CliTest.run("bench", "--engine", "scenario", "--scenario-count", "5000000"),
                "--scenario-count is 5,000,000, over the limit of 1,000,000");
        refused(CliTest.run("bench", "--engine", "acceptance", "--acceptance-steps", "2000000000"),
                "--acceptance-steps is 2,000,000,000, over the limit of 10,000,000");
        assertThat(dir.resolve("t.csv")).doesNotExist();
    }

    @Test
    void aProjectsBinsAreBoundedBeforeAStepIsQueued() throws Exception {
        Path project = dir.resolve("demo");
        assertThat(CliTest.run("project", "create", "risk-scenarios", "demo", "--dir", project.toString(), "--workspace", ws())
                .code()).isZero();
        Path yaml = project.resolve("project.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("  bins: 10", "  bins: 2000000000"));
        long before = jobCount();
        refused(CliTest.run("step", "--project", project.toString(), "--step", "monitor", "--workspace", ws()),
                yaml.toAbsolutePath().normalize() + ": monitor.bins must be between 1 and 10,000, got 2000000000.");
        assertThat(jobCount()).isEqualTo(before);
    }
}
