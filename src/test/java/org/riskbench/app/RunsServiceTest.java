package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.query.QueryException;
import org.riskbench.testsupport.GoldenFiles;

class RunsServiceTest {
    @TempDir
    Path dir;
    AppContext app;

    @BeforeEach
    void openWithThreeRuns() throws Exception {
        app = AppContext.open(dir.resolve("ws"), 1);
        Path out = Files.createDirectories(dir.resolve("out-a"));
        Files.writeString(out.resolve("summary.json"), "{\"f1\":0.9}");
        Files.writeString(out.resolve("runs.csv"), "id,score\n0,1.5\n1,2.5\n");
        track("a", "scenario", Map.of("seed", 42, "config", Map.of("shock_sd", 0.05, "name", "x")), Map.of("f1", 0.9, "n", 10), out);
        track("b", "scenario", Map.of("seed", 7, "config", Map.of("shock_sd", 0.05, "name", "x")), Map.of("f1", 0.7, "n", 10), null);
        track("c", "replay", Map.of("series", "s.csv"), Map.of("pass_share", 0.5), null);
    }

    private void track(String id, String kind, Map<String, Object> params, Map<String, Object> metrics, Path out) {
        app.tracker().start(id, kind, kind + " " + id, id, params, out);
        app.tracker().succeed(id, metrics, out);
    }

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void listFiltersByQueryKindAndLimitNewestFirst() {
        RunsService runs = app.tracking();
        assertThat(runs.list("", null, null, 100)).extracting(TrackedRun::id).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(runs.list("metrics.f1 > 0.8 and params.seed = 42", null, null, 100)).extracting(TrackedRun::id).containsExactly("a");
        assertThat(runs.list("params.config.shock_sd = 0.05", null, null, 100)).extracting(TrackedRun::id).containsExactlyInAnyOrder("a", "b");
        assertThat(runs.list("not kind = scenario", null, null, 100)).extracting(TrackedRun::id).containsExactly("c");
        assertThat(runs.list(null, null, "replay", 100)).extracting(TrackedRun::id).containsExactly("c");
        assertThat(runs.list("kind = scenario", null, null, 1)).hasSize(1);
        assertThatThrownBy(() -> runs.list("metrics.f1 >", null, null, 10)).isInstanceOf(QueryException.class)
                .isInstanceOf(InputException.class);
    }

    @Test
    void showDecodesParamsFlattenedAndArtifactsWithSizes() {
        TrackedRun a = app.tracking().show("a");
        assertThat(a.params()).containsEntry("seed", 42).containsEntry("config.shock_sd", 0.05).containsEntry("config.name", "x");
        assertThat(a.artifacts()).extracting(TrackedRun.Artifact::path).containsExactly("runs.csv", "summary.json");
        assertThat(a.artifacts().get(0).size()).isEqualTo(21);
        assertThat(a.artifacts().get(0).sha256()).hasSize(64);
        assertThatThrownBy(() -> app.tracking().show("ghost")).isInstanceOf(InputException.class).hasMessageContaining("no run 'ghost'");
    }

    @Test
    void theRunOfAJobLeftByAnEndedProcessEndsFailedWithIt() throws Exception {
        Path ws = dir.resolve("ws-orphan");
        try (org.riskbench.store.Database db = org.riskbench.store.Database.open(org.riskbench.store.Workspace.open(ws))) {
            // a replay job and its run, as a process that was killed mid-way leaves them (its pid no longer runs)
            new org.riskbench.store.JobRepository(db).create(new org.riskbench.store.JobRepository.NewJob("killed-1", "replay", "{}",
                    null, null, 1, null, Integer.MAX_VALUE - 7, java.net.InetAddress.getLocalHost().getHostName()));
            new org.riskbench.store.RunRepository(db).start("killed-1", "replay", null, "r", "killed-1", "{}", "{}", null);
        }

        try (AppContext next = AppContext.open(ws, 1)) {
            TrackedRun run = next.tracking().show("killed-1");
            assertThat(run.status()).isEqualTo("failed");
            assertThat(run.finishedAt()).isNotNull();
            assertThat(run.errorMessage()).startsWith("interrupted");
        }
    }

    @Test
    void compareSplitsParamsIntoDifferentAndEqualAndTabulatesMetrics() {
        RunComparison c = app.tracking().compare(List.of("a", "b"));
        assertThat(c.differentParams()).extracting(RunComparison.Row::key).containsExactly("seed");
        assertThat(c.differentParams().get(0).values()).containsExactly(42, 7);
        assertThat(c.equalParams()).extracting(RunComparison.Row::key).containsExactly("config.name", "config.shock_sd");
        assertThat(c.metrics()).extracting(RunComparison.Row::key).containsExactly("f1", "n");
        assertThat(c.metrics().get(0).values()).containsExactly(0.9, 0.7);
        assertThatThrownBy(() -> app.tracking().compare(List.of("a"))).isInstanceOf(InputException.class);
    }

    @Test
    void previewsCsvRowsAndPrettyJson() {
        TrackedRun a = app.tracking().show("a");
        RunsService.CsvPreview csv = app.tracking().previewCsv(a.resolve(a.artifacts().get(0)), 1);
        assertThat(csv.header()).containsExactly("id", "score");
        assertThat(csv.rows()).containsExactly(List.of("0", "1.5"));
        assertThat(csv.truncated()).isTrue();
        RunsService.TextPreview json = app.tracking().previewJson(a.resolve(a.artifacts().get(1)));
        assertThat(json.text()).contains("\"f1\" : 0.9");
        assertThat(json.truncated()).isFalse();
    }

    @Test
    void aLargeJsonPreviewShowsWholeFirstLinesUpToTheLimit() throws Exception {
        Path big = dir.resolve("big.json");
        StringBuilder text = new StringBuilder("{\"rows\" : [\n");
        for (int i = 0; text.length() < 3 * RunsService.JSON_PREVIEW_BYTES; i++) {
            text.append("{\"row\":").append(i).append(",\"class\":\"limpio\"},\n");
        }
        text.append("{\"row\":-1}]}\n");
        Files.writeString(big, text);

        RunsService.TextPreview preview = app.tracking().previewJson(big);

        assertThat(preview.truncated()).isTrue();
        assertThat(preview.sizeBytes()).isEqualTo(Files.size(big));
        assertThat(preview.text().length()).isLessThanOrEqualTo(RunsService.JSON_PREVIEW_BYTES);
        assertThat(preview.text()).startsWith("{\"rows\" : [\n{\"row\":0,").endsWith("},\n");
    }

    @Test
    void aCancelledRunDoesNotRepeatItsStatusAsItsError() {
        app.tracker().start("x", "calibration", "x", "x", Map.of(), null);
        app.tracker().fail("x", "cancelled", "cancelled", null);
        app.tracker().start("y", "calibration", "y", "y", Map.of(), null);
        app.tracker().fail("y", "failed", "grid file not found", null);

        assertThat(app.tracking().show("x").errorMessage()).isNull();
        assertThat(app.tracking().show("y").errorMessage()).isEqualTo("grid file not found");
    }

    @Test
    void mlflowExportKeepsTextResultsAsTags() throws Exception {
        track("r", "retraining", Map.of("fine_tune", true), Map.of("macro_f1", 0.98, "promoted", true, "reason", "held"), null);

        Path runDir = app.tracking().exportMlflow("r", dir.resolve("mlruns"), "risk");

        assertThat(runDir.resolve("metrics/macro_f1")).exists();
        assertThat(runDir.resolve("metrics/promoted")).doesNotExist();
        assertThat(Files.readString(runDir.resolve("tags/riskbench.metric.promoted"))).isEqualTo("true");
        assertThat(Files.readString(runDir.resolve("tags/riskbench.metric.reason"))).isEqualTo("held");
    }

    @Test
    void exportsMlflowFileStoreLayout() throws Exception {
        Path mlruns = dir.resolve("mlruns");
        Path runDir = app.tracking().exportMlflow("a", mlruns, "risk");
        assertThat(runDir).isEqualTo(mlruns.resolve("1").resolve("a"));
        Map<?, ?> exp = Json.YAML.readValue(mlruns.resolve("1/meta.yaml").toFile(), Map.class);
        assertThat(exp.get("name")).isEqualTo("risk");
        assertThat(String.valueOf(exp.get("experiment_id"))).isEqualTo("1");
        assertThat(exp.get("lifecycle_stage")).isEqualTo("active");
        assertThat(mlruns.resolve("0/meta.yaml")).exists();
        Map<?, ?> meta = Json.YAML.readValue(runDir.resolve("meta.yaml").toFile(), Map.class);
        assertThat(meta.get("run_id")).isEqualTo("a");
        assertThat(meta.get("status")).isEqualTo(3);
        assertThat(String.valueOf(meta.get("artifact_uri"))).startsWith("file:/").endsWith("/mlruns/1/a/artifacts");
        assertThat(Files.readString(runDir.resolve("params/seed"))).isEqualTo("42");
        assertThat(Files.readString(runDir.resolve("params/config.shock_sd"))).isEqualTo("0.05");
        assertThat(Files.readString(runDir.resolve("metrics/f1"))).matches("\\d{13} 0\\.9 0\n");
        assertThat(Files.readString(runDir.resolve("tags/mlflow.runName"))).isEqualTo("scenario a");
        assertThat(runDir.resolve("artifacts/runs.csv")).hasContent("id,score\n0,1.5\n1,2.5");

        // A second run goes into the same experiment, found by name.
        assertThat(app.tracking().exportMlflow("b", mlruns, "risk")).isEqualTo(mlruns.resolve("1").resolve("b"));
        assertThat(app.tracking().exportMlflow("c", mlruns, "other")).isEqualTo(mlruns.resolve("2").resolve("c"));
    }

    /**
     * The exported {@code meta.yaml} files are the bytes the map-based export wrote (golden files under
     * {@code src/test/resources/golden/mlflow/}, times, user and folder masked).
     */
    @Test
    void mlflowMetaFilesAreTheBytesOfBefore() throws Exception {
        Path mlruns = dir.resolve("mlruns");
        Path runDir = app.tracking().exportMlflow("a", mlruns, "risk");
        for (Path file : List.of(mlruns.resolve("1/meta.yaml"), runDir.resolve("meta.yaml"))) {
            String name = file.equals(runDir.resolve("meta.yaml")) ? "run-meta.yaml" : "experiment-meta.yaml";
            String actual = Files.readString(file).replaceAll("(time: )[0-9]+", "$11767225600000")
                    .replace("user_id: " + System.getProperty("user.name", "riskbench"), "user_id: riskbench")
                    .replace(dir.toUri().toString().replaceAll("/$", ""), "file:<dir>");
            Path golden = Path.of("src/test/resources/golden/mlflow").resolve(name);
            GoldenFiles.assertGolden(golden, actual);
        }
    }

    @Test
    void mlflowRunIdsThatMlflowWouldRefuseAreHashed() {
        assertThat(RunsService.mlflowRunId("scenario-20260101_1")).isEqualTo("scenario-20260101_1");
        assertThat(RunsService.mlflowRunId("my run:1")).matches("[0-9a-f]{32}");
    }

    /**
     * A run's artifacts column as the tracker writes it (a project step's entries also name their step) and as an older
     * row may have it, without size or hash: each entry is read, the missing parts as "unknown".
     */
    @Test
    void theArtifactsColumnReadsEveryEntryAndToleratesMissingParts() {
        String column = "[{\"path\":\"models/model.json\",\"sha256\":\"ab\",\"size\":12,\"step\":\"train\"},"
                + "{\"path\":\"runs/r/log.txt\"}]";
        org.riskbench.core.model.RunRecord row = new org.riskbench.core.model.RunRecord("r", "pipeline-step", "p", "n",
                "succeeded", null, null, null, null, null, null, column, null, null);
        assertThat(RunsService.decode(row).artifacts()).containsExactly(
                new TrackedRun.Artifact("models/model.json", 12, "ab"), new TrackedRun.Artifact("runs/r/log.txt", -1, ""));
    }
}
