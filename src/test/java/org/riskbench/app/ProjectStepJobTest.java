package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.engine.pipeline.RunFolder;

/** Pipeline steps as jobs: cancel through the job system, retry from the stored parameters, one step at a time. */
class ProjectStepJobTest {
    @TempDir
    Path dir;

    private static ProjectService.StepRequest step(Path project, String step, boolean start, boolean end) {
        return new ProjectService.StepRequest(project, step, start, end, null, null);
    }

    @Test
    void aCancelledStepCancelsItsJobAndItsRunAndARetryRunsItAgain() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 2)) {
            Path p = app.projects().create("tabular-classification", "slow", dir.resolve("slow")).dir();
            for (String s : new String[] {"etl", "clean", "prepare"}) {
                assertThat(app.projects().submitStep(step(p, s, s.equals("etl"), false)).handle().await().status())
                        .as(s).isEqualTo(JobStatus.SUCCEEDED);
            }
            Path yaml = p.resolve("project.yaml");
            String original = Files.readString(yaml);
            Files.writeString(yaml, original.replace("iterations: 2000", "iterations: 100000000"));
            String runId = RunFolder.openRun(p).orElseThrow();

            ProjectService.StepJob train = app.projects().submitStep(step(p, "train", false, false));
            // one step of a project at a time
            assertThatThrownBy(() -> app.projects().submitStep(step(p, "evaluate", false, false)))
                    .isInstanceOf(InputException.class).hasMessageContaining("is already");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (app.jobs().find(train.id()).orElseThrow().progress() <= 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(app.jobs().find(train.id()).orElseThrow().progressMessage()).startsWith("train: gradient descent");
            app.jobs().cancel(train.id());
            JobRecord cancelled = train.handle().completion().get(30, TimeUnit.SECONDS);
            assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(app.runs().find(runId).orElseThrow().status()).isEqualTo("cancelled");
            assertThat(RunFolder.read(p, runId).status()).isEqualTo("cancelled");
            assertThat(RunFolder.openRun(p)).isEmpty();

            Files.writeString(yaml, original);
            JobRecord retried = app.jobs().retry(train.id()).await();
            assertThat(retried.status()).as(retried.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(retried.kind()).isEqualTo(ProjectService.KIND_STEP);
            assertThat(retried.resultJson()).contains("\"run_open\":false");   // no open run any more: a one-step run
            // the stored parameters the retry ran from, keys and order as the map-based code wrote them
            assertThat(cancelled.paramsJson()).isEqualTo("{\"project\":" + org.riskbench.core.Json.compact(p.toString())
                    + ",\"project_name\":\"slow\",\"step\":\"train\",\"start_run\":false,\"end_run\":false,\"batch\":null}");
        }
    }
}
