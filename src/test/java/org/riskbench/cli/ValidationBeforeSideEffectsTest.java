package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;

/** Every argument is checked before anything is queued, copied or made: a refused command leaves the workspace as it was. */
class ValidationBeforeSideEffectsTest {
    private static final String TRANSACTIONS = "sample-data/transactions/transactions.csv";
    private static final String SERIES = "sample-data/series/co2.csv";
    private static final String PROFILE = "sample-data/profiles/default.yaml";

    @TempDir
    Path dir;

    private Path ws() {
        return dir.resolve("ws");
    }

    private List<String> pending() throws Exception {
        Path pending = ws().resolve("inbox/pending");
        if (!Files.isDirectory(pending)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(pending)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private long jobCount() {
        try (AppContext app = AppContext.open(ws(), 1)) {
            return app.jobs().list(List.of(), null, 100).size();
        }
    }

    @Test
    void inferWithABadJobIdQueuesNothing() throws Exception {
        Path out = dir.resolve("scored");
        CliTest.Result r = CliTest.run("infer", TRANSACTIONS, "--job-id", "../bad id", "--out", out.toString(),
                "--workspace", ws().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: job id '../bad id' is not valid: use letters, digits, '.', '_' or '-'"
                + " (at most 100)");
        assertThat(pending()).isEmpty();
        assertThat(out).doesNotExist();
        assertThat(jobCount()).isZero();
    }

    @Test
    void inferWithAJobIdAlreadyUsedQueuesNothing() throws Exception {
        CliTest.Result first = CliTest.run("replay", "--series", SERIES, "--profile", PROFILE, "--out", dir.resolve("r").toString(),
                "--job-id", "taken", "--workspace", ws().toString());
        assertThat(first.code()).as(first.err()).isZero();

        CliTest.Result r = CliTest.run("infer", TRANSACTIONS, "--job-id", "taken", "--workspace", ws().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: job id 'taken' is already used in this workspace; choose another --job-id");
        assertThat(pending()).isEmpty();
    }

    @Test
    void inferWithARefusedFileMakesNoOutputFolder() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "");
        Path out = dir.resolve("scored");
        CliTest.Result r = CliTest.run("infer", bad.toString(), "--out", out.toString(), "--workspace", ws().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(out).doesNotExist();
        assertThat(pending()).isEmpty();
    }

    @Test
    void calibrateWithABadJobIdMakesNoFolderForItsProfile() {
        Path profiles = dir.resolve("profiles");
        CliTest.Result r = CliTest.run("calibrate", "--series", SERIES, "--profile", PROFILE, "--grid", "hysteresis.dwell_pass=[5,10]",
                "--calib-out-dir", dir.resolve("c").toString(), "--write-profile", profiles.resolve("p.yaml").toString(),
                "--apply-rank", "1", "--job-id", "no/slash", "--workspace", ws().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("job id 'no/slash' is not valid");
        assertThat(profiles).doesNotExist();
        assertThat(dir.resolve("c")).doesNotExist();
    }

    @Test
    void modelTrainOnARefusedFileMakesNoBundleFolder() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "");
        Path out = dir.resolve("bundle");
        CliTest.Result r = CliTest.run("model", "train", "--data", bad.toString(), "--label", "label", "--out", out.toString(),
                "--workspace", ws().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(out).doesNotExist();
    }

    @Test
    void aStepWithABadJobIdStartsNoRun() throws Exception {
        Path project = dir.resolve("demo");
        assertThat(CliTest.run("project", "create", "risk-scenarios", "demo", "--dir", project.toString(),
                "--workspace", ws().toString()).code()).isZero();
        long jobs = jobCount();
        CliTest.Result r = CliTest.run("step", "--project", project.toString(), "--step", "etl", "--start-run",
                "--job-id", "a b", "--workspace", ws().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("job id 'a b' is not valid");
        assertThat(jobCount()).isEqualTo(jobs);
        try (Stream<Path> runs = Files.list(project.resolve("runs"))) {
            assertThat(runs.filter(Files::isDirectory).toList()).isEmpty();
        }
    }
}
