package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.engine.pipeline.ProjectRun;
import org.riskbench.testsupport.GoldenFiles;

/**
 * A project run's {@code runs/<run_id>/run.json} is the bytes the map-based code wrote: the golden files under
 * {@code src/test/resources/golden/project/} were written by it for a whole run of the classification template's
 * steps and for a run whose step failed, with clock times, the run id and the folder replaced by fixed values of the
 * same kind, so each golden is itself the file of an old project and is read back.
 */
class ProjectRunGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/project");
    private static final Pattern CLOCK = Pattern.compile("\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z\"");
    private static final Pattern RUN_ID = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{8}");
    private static final Pattern SECONDS = Pattern.compile("(\"[a-z_.]*(seconds|_sec|_ms)\" : )[0-9.Ee+-]+");

    @TempDir
    Path dir;

    private String masked(String json) {
        String s = CLOCK.matcher(json).replaceAll("\"2026-01-01T00:00:00Z\"");
        s = RUN_ID.matcher(s).replaceAll("20260101-000000-0000abcd");
        s = SECONDS.matcher(s).replaceAll("$10.5");
        return GoldenFiles.withoutFolder(s, dir);
    }

    private void assertGolden(String name, Path file) throws Exception {
        String actual = masked(Files.readString(file, StandardCharsets.UTF_8));
        Path golden = GOLDEN.resolve(name);
        GoldenFiles.assertGolden(golden, actual);
    }

    private JobRecord step(AppContext app, Path p, String step, boolean start, boolean end) throws Exception {
        return app.projects().submitStep(new ProjectService.StepRequest(p, step, start, end, null, null)).handle().await();
    }

    @Test
    void aWholeRunAndAFailedStepWriteTheRunFileOfBefore() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            Path p = app.projects().create("tabular-classification", "golden", dir.resolve("golden")).dir();
            JobRecord last = null;
            for (String step : new String[] {"etl", "clean", "prepare", "train", "evaluate"}) {
                last = step(app, p, step, step.equals("etl"), step.equals("evaluate"));
                assertThat(last.status()).as(last.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
            }
            String runId = ProjectStepJobResult.fromJson(last.resultJson()).runId();
            assertGolden("run-whole.json", p.resolve("runs").resolve(runId).resolve("run.json"));

            Files.delete(p.resolve("data/raw/churn.csv"));
            JobRecord failed = step(app, p, "etl", false, false);
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            try (var runs = Files.list(p.resolve("runs"))) {
                Path failedRun = runs.filter(d -> !d.getFileName().toString().equals(runId) && Files.isDirectory(d))
                        .findFirst().orElseThrow();
                assertGolden("run-failed.json", failedRun.resolve("run.json"));
            }
        }
    }

    /** An old project's run files read back into the record and written again are the same bytes. */
    @Test
    void theRunFilesOfAnOldProjectReadBack() throws Exception {
        for (String name : new String[] {"run-whole.json", "run-failed.json"}) {
            String text = Files.readString(GOLDEN.resolve(name), StandardCharsets.UTF_8);
            assertThat(Json.pretty(Json.MAPPER.readValue(text, ProjectRun.class))).as(name).isEqualTo(text);
        }
        ProjectRun whole = Json.MAPPER.readValue(GOLDEN.resolve("run-whole.json").toFile(), ProjectRun.class);
        assertThat(whole.steps()).extracting(ProjectRun.Step::step).containsExactly("etl", "clean", "prepare", "train",
                "evaluate");
        assertThat(whole.metrics()).containsEntry("clean.kept", 997);
        assertThat(whole.artifacts()).extracting(ProjectRun.Artifact::path).contains("models/model.json");
        ProjectRun failed = Json.MAPPER.readValue(GOLDEN.resolve("run-failed.json").toFile(), ProjectRun.class);
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.steps().get(0).error()).endsWith("CSV file not found.");
    }
}
