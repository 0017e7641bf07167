package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;
import org.riskbench.core.Json;
import org.riskbench.core.model.JobLogLine;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.core.model.RunRecord;

/** {@code riskbench step} runs its step as a {@code pipeline-step} job (docs/spec/platform.md), seen from the job store. */
class StepJobTest {
    @TempDir
    Path dir;

    private Path ws() {
        return dir.resolve("ws");
    }

    private CliTest.Result run(String... args) {
        return CliTest.runIn(ws(), args);
    }

    private Path project(String name) {
        Path p = dir.resolve(name);
        assertThat(run("project", "create", "risk-scenarios", name, "--dir", p.toString()).code()).isZero();
        return p;
    }

    @Test
    void aStepIsAPipelineStepJobWithItsProgressResultAndLog() throws Exception {
        Path p = project("jobbed");
        CliTest.Result etl = run("step", "--project", p.toString(), "--step", "etl", "--start-run", "--job-id", "etl-1");
        assertThat(etl.code()).as(etl.err()).isZero();
        CliTest.Result inspect = run("step", "--project", p.toString(), "--step", "inspect", "--end-run", "--job-id", "inspect-1");
        assertThat(inspect.code()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("(closed)");
        try (AppContext app = AppContext.open(ws(), 1)) {
            JobRecord job = app.jobs().find("etl-1").orElseThrow();
            assertThat(job.kind()).isEqualTo("pipeline-step");
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.progress()).isEqualTo(1.0);
            assertThat(Path.of(job.outputDir())).isEqualTo(p.toAbsolutePath().normalize());
            JsonNode params = Json.MAPPER.readTree(job.paramsJson());
            assertThat(params.path("step").asText()).isEqualTo("etl");
            assertThat(params.path("start_run").asBoolean()).isTrue();
            JsonNode result = Json.MAPPER.readTree(job.resultJson());
            String runId = result.path("run_id").asText();
            assertThat(etl.out()).contains("run " + runId + " (open)");
            assertThat(result.path("run_open").asBoolean()).isTrue();
            assertThat(result.path("metrics").path("patients.rows_out").asInt()).isEqualTo(296);
            assertThat(app.jobs().logTail("etl-1", 50)).extracting(JobLogLine::message)
                    .anyMatch(l -> l.startsWith("etl patients: 296 rows read")).contains("run " + runId + " (open)");

            JsonNode second = Json.MAPPER.readTree(app.jobs().find("inspect-1").orElseThrow().resultJson());
            assertThat(second.path("run_id").asText()).isEqualTo(runId);
            assertThat(second.path("run_open").asBoolean()).isFalse();
            RunRecord tracked = app.runs().find(runId).orElseThrow();
            assertThat(tracked.status()).isEqualTo("succeeded");
            assertThat(tracked.jobId()).isEqualTo("etl-1");
        }
    }

    @Test
    void aFailingStepIsAFailedJobAndAFailedRun() throws Exception {
        Path p = project("broken");
        assertThat(run("step", "--project", p.toString(), "--step", "etl", "--start-run").code()).isZero();
        CliTest.Result train = run("step", "--project", p.toString(), "--step", "train", "--job-id", "train-1");
        assertThat(train.code()).isEqualTo(2);     // refused by its input (nothing prepared), after it ran
        assertThat(train.err().strip()).endsWith("not found; run the prepare step first.").doesNotContain("Exception");
        try (AppContext app = AppContext.open(ws(), 1)) {
            JobRecord job = app.jobs().find("train-1").orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.errorMessage()).contains("run the prepare step first");
            RunRecord tracked = app.runs().list("pipeline-step", "broken", 10).get(0);
            assertThat(tracked.status()).isEqualTo("failed");
            assertThat(tracked.errorMessage()).startsWith("train: ");
            assertThat(p.resolve("runs/" + tracked.id() + "/log.txt")).content().contains("[train] FAILED");
        }
    }

    @Test
    void badInputIsRefusedBeforeAnyJobIsQueued() throws Exception {
        Path p = project("strict");
        CliTest.Result unknown = run("step", "--project", p.toString(), "--step", "fit", "--job-id", "j1");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown step 'fit'; steps: etl, inspect");
        CliTest.Result noRun = run("step", "--project", p.toString(), "--end-run", "--job-id", "j2");
        assertThat(noRun.code()).isEqualTo(2);
        assertThat(noRun.err()).contains("no open run to end");
        assertThat(run("step", "--project", p.toString(), "--start-run", "--job-id", "j3").code()).isZero();
        CliTest.Result again = run("step", "--project", p.toString(), "--step", "etl", "--start-run", "--job-id", "j4");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("is still open; end it with --end-run first");
        CliTest.Result notAProject = run("step", "--project", dir.toString(), "--step", "etl", "--job-id", "j5");
        assertThat(notAProject.code()).isEqualTo(2);
        try (AppContext app = AppContext.open(ws(), 1)) {
            List<String> ids = app.jobs().list(null, null, 100).stream().map(JobRecord::id).toList();
            assertThat(ids).containsExactly("j3");
        }
    }
}
