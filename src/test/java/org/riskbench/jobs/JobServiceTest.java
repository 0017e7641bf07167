package org.riskbench.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;
import org.riskbench.core.InputException;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.testsupport.ChildJvm;
import org.riskbench.testsupport.ChildMain;
import org.riskbench.testsupport.TestTasks;

class JobServiceTest {
    @TempDir
    Path dir;
    AppContext app;
    JobService jobs;

    @BeforeEach
    void open() {
        app = AppContext.open(dir, 2);
        jobs = app.jobs();
        TestTasks.register(jobs);
    }

    @AfterEach
    void close() {
        app.close();
    }

    private JobRecord awaitStatus(String id, JobStatus status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            JobRecord job = jobs.find(id).orElseThrow();
            if (job.status() == status) {
                return job;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + id + " never reached " + status + ": " + jobs.find(id));
    }

    @Test
    void runsAJobToSuccessRecordingProgressResultAndLog() {
        JobHandle handle = jobs.submit(new JobRequest("count", "test-count", Map.of("steps", 5, "step_ms", 5), null, null));
        JobRecord done = handle.await();
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.progress()).isEqualTo(1.0);
        assertThat(done.resultJson()).isEqualTo("{\"steps\":5}");
        assertThat(done.outputDir()).isEqualTo(app.workspace().runDir("count").toString());
        assertThat(jobs.logTail("count", 10)).extracting(l -> l.message()).contains("started", "counted to 5", "succeeded");
    }

    @Test
    void anExceptionFailsTheJobWithItsMessageAndKeepsTheStackTraceInTheLog() {
        JobRecord done = jobs.submit(new JobRequest("f", "test-fail", Map.of("message", "disk on fire"), null, null)).await();
        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.errorMessage()).isEqualTo("disk on fire");
        assertThat(jobs.logTail("f", 10)).anySatisfy(l -> assertThat(l.message()).contains("IllegalStateException").contains("at org.riskbench"));
    }

    @Test
    void cancelStopsARunningJobPromptly() throws Exception {
        JobHandle handle = jobs.submit(new JobRequest("long", "test-count", Map.of("steps", 100_000, "step_ms", 5), null, null));
        awaitStatus("long", JobStatus.RUNNING);
        long start = System.nanoTime();
        jobs.cancel("long");
        JobRecord done = handle.completion().get(5, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
    }

    @Test
    void aCancelAskedThroughTheStoreByAnotherProcessReachesTheJob() throws Exception {
        JobHandle handle = jobs.submit(new JobRequest("remote", "test-count", Map.of("steps", 100_000, "step_ms", 5), null, null));
        awaitStatus("remote", JobStatus.RUNNING);
        jobs.repository().requestCancel("remote"); // what `riskbench jobs cancel` does from another process
        assertThat(handle.completion().get(10, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aTimeoutFailsTheJobWithAMessageThatSaysSo() {
        JobRecord done = jobs.submit(new JobRequest("slow", "test-count", Map.of("steps", 100_000, "step_ms", 5), null,
                Duration.ofSeconds(1))).await();
        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.errorMessage()).startsWith("timed out after 1 s");
    }

    @Test
    void retryRunsAFailedJobAgainAsANewAttempt() {
        jobs.submit(new JobRequest("again", "test-fail", Map.of("message", "first"), null, null)).await();
        JobRecord second = jobs.retry("again").await();
        assertThat(second.id()).isEqualTo("again-attempt2");
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.retryOf()).isEqualTo("again");
        assertThat(second.paramsJson()).contains("first");
        JobRecord third = jobs.retry(second.id()).await();
        assertThat(third.id()).isEqualTo("again-attempt3");
        assertThatThrownBy(() -> jobs.retry("nope")).isInstanceOf(InputException.class);
    }

    @Test
    void refusesRetryOfASucceededJobAndUnknownKinds() {
        jobs.submit(new JobRequest("fine", "test-count", Map.of("steps", 1, "step_ms", 1), null, null)).await();
        assertThatThrownBy(() -> jobs.retry("fine")).isInstanceOf(InputException.class).hasMessageContaining("only failed or cancelled");
        assertThatThrownBy(() -> jobs.submit(JobRequest.of("no-such-kind", Map.of())))
                .isInstanceOf(InputException.class).hasMessageContaining("unknown job kind 'no-such-kind'");
        assertThatThrownBy(() -> jobs.submit(new JobRequest("bad id!", "test-count", Map.of(), null, null)))
                .isInstanceOf(InputException.class).hasMessageContaining("not valid");
    }

    @Test
    void aJobLeftRunningByAKilledProcessIsMarkedInterruptedAtTheNextStart() throws Exception {
        Process child = ChildJvm.start(ChildMain.class, "hang", dir.toString(), "orphan");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("RUNNING")) {
                // wait until the child's job runs
            }
            assertThat(line).as("child never reported RUNNING").isNotNull();
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(jobs.find("orphan")).get().extracting(JobRecord::status).isEqualTo(JobStatus.RUNNING);

        assertThat(jobs.recoverInterrupted()).containsExactly("orphan");
        JobRecord orphan = jobs.find("orphan").orElseThrow();
        assertThat(orphan.status()).isEqualTo(JobStatus.FAILED);
        assertThat(orphan.errorMessage()).startsWith("interrupted");
        JobHandle retry = jobs.retry("orphan");
        awaitStatus(retry.id(), JobStatus.RUNNING);
        jobs.cancel(retry.id());
        assertThat(retry.completion().get(10, TimeUnit.SECONDS).attempt()).isEqualTo(2);
    }

    @Test
    void aCancelThatArrivesAfterTheLastUnitOfWorkKeepsTheCompleteResult() throws Exception {
        java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
        jobs.register("test-last-step", params -> context -> {
            cancelled.await(10, TimeUnit.SECONDS); // the work is done; a cancel arrives before it returns
            return Map.of("complete", true);
        });
        JobHandle handle = jobs.submit(new JobRequest("late-cancel", "test-last-step", Map.of(), null, null));
        awaitStatus("late-cancel", JobStatus.RUNNING);
        jobs.cancel("late-cancel");
        cancelled.countDown();
        JobRecord done = handle.completion().get(10, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.resultJson()).isEqualTo("{\"complete\":true}");
    }

    /** A job row owned, as far as the store says, by {@code owner}'s pid, from a process started at {@code ownerStart}. */
    private void jobOwnedBy(String id, ProcessHandle owner, java.time.Instant ownerStart) {
        org.riskbench.store.JobRepository repository = jobs.repository();
        String host = app.jobs().repository().find(
                jobs.submit(new JobRequest("probe-" + id, "test-count", Map.of("steps", 1, "step_ms", 1), null, null))
                        .await().id()).orElseThrow().ownerHost();
        repository.create(new org.riskbench.store.JobRepository.NewJob(id, "test-count", "{}", null, null, 1, null,
                owner.pid(), host, ownerStart));
        assertThat(repository.markRunning(id, owner.pid(), host, ownerStart)).isTrue();
    }

    @Test
    void aJobWhosePidWasReusedByAnotherProcessIsRecovered() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start(); // has the pid now; the job's owner ended long ago
        try {
            java.time.Instant otherStart = other.toHandle().info().startInstant().orElseThrow();
            jobOwnedBy("reused", other.toHandle(), otherStart.minus(Duration.ofHours(1)));
            jobOwnedBy("alive", other.toHandle(), otherStart);

            assertThat(jobs.recoverInterrupted()).containsExactly("reused");
            assertThat(jobs.find("reused").orElseThrow().status()).isEqualTo(JobStatus.FAILED);
            assertThat(jobs.find("alive").orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
            assertThat(jobs.retry("reused").await().status()).isEqualTo(JobStatus.SUCCEEDED);
        } finally {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutAKnownStartTimeALivePidCountsOnlyWhileItsHeartbeatIsRecent() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            jobOwnedBy("unknown-start", other.toHandle(), null);
            JobRecord job = jobs.find("unknown-start").orElseThrow();
            java.time.Instant beat = job.heartbeatAt();
            assertThat(jobs.ownerAlive(job, beat.plusSeconds(30))).isTrue();
            assertThat(jobs.ownerAlive(job, beat.plus(JobService.STALE_HEARTBEAT).plusSeconds(1))).isFalse();
        } finally {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRetryWritesWhereTheOriginalWasAskedToWrite() {
        jobs.register("test-fails-once", params -> context -> {
            if (!context.jobId().contains("attempt")) {
                throw new JobFailedException("first attempt fails");
            }
            java.nio.file.Files.writeString(context.outputDir().resolve("done.txt"), context.jobId());
            return Map.of();
        });
        Path chosen = dir.resolve("my-output");
        JobRecord failed = jobs.submit(new JobRequest("once", "test-fails-once", Map.of(), chosen, null)).await();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        JobRecord retried = jobs.retry("once").await();
        assertThat(retried.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(Path.of(retried.outputDir())).isEqualTo(chosen.toAbsolutePath());
        assertThat(chosen.resolve("done.txt")).hasContent("once-attempt2");

        JobRecord own = jobs.submit(new JobRequest("own", "test-fails-once", Map.of(), null, null)).await();
        assertThat(Path.of(jobs.retry("own").await().outputDir())).isEqualTo(app.workspace().runDir("own-attempt2"));
        assertThat(own.outputDir()).isEqualTo(app.workspace().runDir("own").toString());
    }
}
