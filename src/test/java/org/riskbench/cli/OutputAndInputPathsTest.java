package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;

/** Paths a user names wrongly are refused before any work: one line, exit 2, no job, nothing queued or half-written. */
class OutputAndInputPathsTest {
    private static final Path SERIES = Path.of("sample-data/series/co2.csv");
    private static final Path PROFILE = Path.of("sample-data/profiles/default.yaml");

    @TempDir
    Path dir;

    private Path ws() {
        return dir.resolve("ws");
    }

    private long jobCount() {
        try (AppContext app = AppContext.open(ws(), 1)) {
            return app.jobs().list(List.of(), null, 100).size();
        }
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anOutputFolderThatIsAFileIsRefusedBeforeTheJob() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");

        CliTest.Result replay = CliTest.run("replay", "--series", SERIES.toString(), "--profile", PROFILE.toString(),
                "--out", file.toString(), "--workspace", ws().toString());
        CliTest.Result calibrate = CliTest.run("calibrate", "--series", SERIES.toString(), "--profile", PROFILE.toString(),
                "--grid", "hysteresis.dwell_pass=[5,10]", "--calib-out-dir", file.toString(), "--workspace", ws().toString());

        for (CliTest.Result r : List.of(replay, calibrate)) {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("riskbench: " + file.toAbsolutePath() + ": is a file; the output must go to a folder");
        }
        assertThat(file).hasContent("mine");
        assertThat(jobCount()).isZero();
    }

    @Test
    void writeProfileNamingAFolderIsRefusedBeforeTheCalibrationRuns() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("profiles"));
        Path out = dir.resolve("calib");

        CliTest.Result r = CliTest.run("calibrate", "--series", SERIES.toString(), "--profile", PROFILE.toString(),
                "--grid", "hysteresis.dwell_pass=[5,10]", "--calib-out-dir", out.toString(), "--apply-rank", "1",
                "--write-profile", folder.toString(), "--workspace", ws().toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(folder.toAbsolutePath() + ": is a folder; --write-profile names the profile file to write");
        assertThat(out).doesNotExist();
        assertThat(jobCount()).isZero();
    }

    @Test
    void aFolderGivenForAnInputFileSaysSo() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("data.csv"));

        for (String[] args : List.of(new String[] {"validate", folder.toString()}, new String[] {"infer", folder.toString()},
                new String[] {"model", "train", "--data", folder.toString(), "--label", "label"})) {
            CliTest.Result r = CliTest.run(Stream.concat(Stream.of(args), Stream.of("--workspace", ws().toString())).toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("riskbench: " + folder + ": is a folder, not a CSV file.");
        }
    }

    @Test
    void inferChecksEveryFileAndTheModelBeforeQueueingAny() throws Exception {
        Path good = dir.resolve("good.csv");
        assertThat(CliTest.run("synth", "transactions", "--rows", "200", "--out", good.toString()).code()).isZero();
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");

        CliTest.Result badFile = CliTest.run("infer", good.toString(), empty.toString(), "--workspace", ws().toString());
        CliTest.Result badModel = CliTest.run("infer", good.toString(), "--model", dir.resolve("no-model").toString(),
                "--workspace", ws().toString());
        CliTest.Result badOut = CliTest.run("infer", good.toString(), "--out", empty.toString(), "--workspace", ws().toString());

        assertThat(badFile.code()).isEqualTo(2);
        assertThat(badFile.err()).contains("empty.csv: refused: the file is empty");
        assertThat(badModel.code()).isEqualTo(2);
        assertThat(badModel.err()).contains("no-model is not a model bundle");
        assertThat(badOut.code()).isEqualTo(2);
        assertThat(badOut.err()).contains(empty + ": is a file; the output must go to a folder");
        for (CliTest.Result r : List.of(badFile, badModel, badOut)) {
            assertThat(r.out()).doesNotContain("queued");
        }
        assertThat(names(ws().resolve("inbox/pending"))).isEmpty();
        assertThat(jobCount()).isZero();
    }

    @Test
    void aModelBundleIsNotWrittenAmongOtherFiles() throws Exception {
        Path data = dir.resolve("labelled.csv");
        assertThat(CliTest.run("synth", "transactions", "--rows", "300", "--out", data.toString()).code()).isZero();
        Path folder = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(folder.resolve("notes.txt"), "keep");

        CliTest.Result r = CliTest.run("model", "train", "--data", data.toString(), "--label", "label", "--out", folder.toString(),
                "--workspace", ws().toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(folder + ": the folder holds other files and no model bundle");
        assertThat(names(folder)).containsExactly("notes.txt");
    }

    @Test
    void aFailedInboxFileSaysWhyOnStderr() throws Exception {
        try (AppContext app = AppContext.open(ws(), 1)) {
            Files.writeString(app.inbox().dir("pending").resolve("dropped.csv"), "customer_id,amount\nC1,5\n");
        }

        CliTest.Result r = CliTest.run("inbox", "process", "--workspace", ws().toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("riskbench: dropped failed in stage check: no manifest");
    }

    @Test
    void aRetriedCalibrationFindsItsGridFileFromAnyFolder() throws Exception {
        Path grid = Files.writeString(dir.resolve("grid.txt"), "hysteresis.dwell_pass=[5,10]\n");
        Path relative = Path.of("").toAbsolutePath().relativize(grid);

        CliTest.Result r = CliTest.run("calibrate", "--series", SERIES.toString(), "--profile", PROFILE.toString(),
                "--grid", "@" + relative, "--calib-out-dir", dir.resolve("calib").toString(), "--job-id", "cal-1",
                "--workspace", ws().toString());

        assertThat(r.code()).as(r.err()).isZero();
        try (AppContext app = AppContext.open(ws(), 1)) {
            assertThat(app.jobs().find("cal-1").orElseThrow().paramsJson()).contains("\"grid\":\"@" + grid.toAbsolutePath() + "\"");
        }
    }
}
