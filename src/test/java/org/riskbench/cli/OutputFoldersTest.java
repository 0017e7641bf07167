package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output folder is new, empty, or a previous output of the same kind replaced with --overwrite; another job's run
 * folder and the workspace's own folders are refused (before, they were overwritten without a word).
 */
class OutputFoldersTest {
    private static final String SERIES = "sample-data/series/co2.csv";
    private static final String PROFILE = "sample-data/profiles/default.yaml";
    private static final String GRID = "hysteresis.dwell_pass=[5,10]";

    @TempDir
    Path dir;

    private Path ws() {
        return dir.resolve("ws");
    }

    private CliTest.Result replay(Path out, String... more) {
        return CliTest.run(Stream.concat(Stream.of("replay", "--series", SERIES, "--profile", PROFILE, "--out", out.toString(),
                "--workspace", ws().toString()), Stream.of(more)).toArray(String[]::new));
    }

    private CliTest.Result calibrate(Path out, String... more) {
        return CliTest.run(Stream.concat(Stream.of("calibrate", "--series", SERIES, "--profile", PROFILE, "--grid", GRID,
                "--calib-out-dir", out.toString(), "--workspace", ws().toString()), Stream.of(more)).toArray(String[]::new));
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void refused(CliTest.Result r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: " + message);
    }

    @Test
    void anotherJobsRunFolderIsRefusedAndKeepsItsArtifacts() throws Exception {
        CliTest.Result first = CliTest.run("replay", "--series", SERIES, "--profile", PROFILE, "--out", dir.resolve("r").toString(),
                "--job-id", "first", "--workspace", ws().toString());
        assertThat(first.code()).as(first.err()).isZero();
        Path other = Files.createDirectories(ws().resolve("runs/scenario-x"));
        Files.writeString(other.resolve("summary.json"), "{\"theirs\": true}");

        refused(CliTest.run("scenario", "run", "--config", "sample-data/scenarios/blrm.yaml", "--output-dir", other.toString(),
                        "--overwrite", "--workspace", ws().toString()),
                "the output folder " + other.toRealPath() + " is inside the workspace's runs folder (other jobs' run folders);"
                        + " give a folder outside the workspace's .db, inbox, runs, models, logs folders");
        assertThat(other.resolve("summary.json")).hasContent("{\"theirs\": true}");
        assertThat(names(other)).containsExactly("summary.json");
    }

    @Test
    void aPreviousOutputOfTheSameKindIsReplacedOnlyWithOverwrite() throws Exception {
        Path out = dir.resolve("calib");
        assertThat(calibrate(out).code()).isZero();
        String before = Files.readString(out.resolve("calib_meta.json"));

        refused(calibrate(out), "the output folder " + out.toRealPath() + " holds a previous calibration; add --overwrite to"
                + " replace it, or give a new or empty folder");
        assertThat(out.resolve("calib_meta.json")).hasContent(before);

        CliTest.Result again = calibrate(out, "--overwrite");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(Files.readString(out.resolve("calib_meta.json"))).isNotEqualTo(before);
    }

    @Test
    void aFolderHoldingAnotherKindOfOutputOrOtherFilesIsRefused() throws Exception {
        Path calib = dir.resolve("calib");
        assertThat(calibrate(calib).code()).isZero();
        refused(replay(calib, "--overwrite"), "the output folder " + calib.toRealPath() + " holds the output of a calibration;"
                + " give a new or empty folder");

        Path mine = Files.createDirectories(dir.resolve("documents"));
        Files.writeString(mine.resolve("thesis.tex"), "mine");
        refused(replay(mine), "the output folder " + mine.toRealPath() + " holds other files; give a new or empty folder"
                + " (or a previous replay with --overwrite)");
        assertThat(names(mine)).containsExactly("thesis.tex");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(replay(empty).code()).isZero();
        assertThat(names(empty)).contains("summary.json", "trace.csv");
    }

    @Test
    void exportMlflowRefusesTheWorkspacesOwnFolders() throws Exception {
        CliTest.Result r = CliTest.run("replay", "--series", SERIES, "--profile", PROFILE, "--out", dir.resolve("r").toString(),
                "--job-id", "rep-1", "--workspace", ws().toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path root = ws().toRealPath();
        for (String internal : List.of(".db", "inbox/pending", "runs", "models", "logs")) {
            Path target = root.resolve(internal);
            List<String> before = Files.isDirectory(target) ? names(target) : List.of();
            CliTest.Result export = CliTest.run("runs", "export-mlflow", "rep-1", "--out", target.toString(),
                    "--workspace", ws().toString());
            assertThat(export.code()).as(internal).isEqualTo(2);
            assertThat(export.err()).contains("is inside the workspace's");
            assertThat(Files.isDirectory(target) ? names(target) : List.of()).as(internal).isEqualTo(before);
        }
        refused(CliTest.run("runs", "export-mlflow", "rep-1", "--out", root.toString(), "--workspace", ws().toString()),
                "--out " + root + " is the workspace itself; give a folder outside it");
        Path mlruns = dir.resolve("mlruns");
        assertThat(CliTest.run("runs", "export-mlflow", "rep-1", "--out", mlruns.toString(), "--workspace", ws().toString())
                .code()).isZero();
        // an MLflow store takes more exports
        assertThat(CliTest.run("runs", "export-mlflow", "rep-1", "--out", mlruns.toString(), "--workspace", ws().toString())
                .code()).isZero();
    }

    @Test
    void inferOutIntoTheWorkspacesModelsIsRefusedBeforeAnythingIsQueued() throws Exception {
        Path models = Files.createDirectories(ws().resolve("models"));
        CliTest.Result r = CliTest.run("infer", "sample-data/transactions/transactions.csv", "--out", models.toString(),
                "--workspace", ws().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is inside the workspace's own models folder");
        Path pending = ws().resolve("inbox/pending");
        assertThat(Files.isDirectory(pending) ? names(pending) : List.of()).isEmpty();
    }
}
