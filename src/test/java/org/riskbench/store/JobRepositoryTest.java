package org.riskbench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;
import org.riskbench.core.model.JobStatus;
import org.riskbench.testsupport.ChildJvm;
import org.riskbench.testsupport.ChildMain;

class JobRepositoryTest {
    @TempDir
    Path dir;
    Database db;
    JobRepository jobs;

    @BeforeEach
    void open() {
        db = Database.open(Workspace.open(dir));
        jobs = new JobRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void create(String id) {
        jobs.create(new JobRepository.NewJob(id, "scenario", "{}", null, null, 1, null, 1, "h"));
    }

    @Test
    void followsTheStatusGraphAndRefusesAnyOtherMove() {
        create("j1");
        assertThat(jobs.find("j1")).get().extracting(j -> j.status()).isEqualTo(JobStatus.PENDING);
        assertThatThrownBy(() -> jobs.finish("j1", JobStatus.SUCCEEDED, null, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pending -> succeeded");
        assertThat(jobs.markRunning("j1", 42, "host", null)).isTrue();
        jobs.finish("j1", JobStatus.SUCCEEDED, "{\"ok\":true}", null);
        var done = jobs.find("j1").orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.progress()).isEqualTo(1.0);
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.finishedAt()).isNotNull();
        assertThatThrownBy(() -> jobs.finish("j1", JobStatus.FAILED, null, "late"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("succeeded -> failed");
        assertThatThrownBy(() -> jobs.markRunning("j1", 42, "host", null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAReusedJobIdWithAMessageNamingIt() {
        create("same");
        assertThatThrownBy(() -> create("same")).isInstanceOf(InputException.class).hasMessageContaining("'same' is already used");
    }

    @Test
    void cancelsAPendingJobAtOnceAndFlagsARunningOne() {
        create("p");
        create("r");
        jobs.markRunning("r", 1, "h", null);
        assertThat(jobs.requestCancel("p")).isEqualTo(JobStatus.CANCELLED);
        assertThat(jobs.markRunning("p", 1, "h", null)).isFalse();
        assertThat(jobs.requestCancel("r")).isEqualTo(JobStatus.RUNNING);
        assertThat(jobs.isCancelRequested("r")).isTrue();
    }

    @Test
    void keepsLogLinesInOrderAndServesATail() {
        create("log");
        for (int i = 0; i < 10; i++) {
            jobs.appendLog("log", "INFO", "line " + i);
        }
        assertThat(jobs.logTail("log", 3)).extracting(l -> l.message()).containsExactly("line 7", "line 8", "line 9");
        long seq = jobs.logs("log", 0, 5).get(4).seq();
        assertThat(jobs.logs("log", seq, 100)).hasSize(5);
    }

    @Test
    void twoProcessesWritingAtOnceLoseNothing() throws Exception {
        int perProcess = 150;
        Process child = ChildJvm.start(ChildMain.class, "write", dir.toString(), "child", String.valueOf(perProcess));
        for (int i = 0; i < perProcess; i++) {
            String id = "parent-" + i;
            create(id);
            jobs.appendLog(id, "INFO", "first line");
            jobs.appendLog(id, "INFO", "second line");
        }
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            output = String.join("\n", r.lines().toList());
        }
        assertThat(child.exitValue()).as(output).isZero();
        List<org.riskbench.core.model.JobRecord> all = jobs.list(List.of(), null, 10_000);
        assertThat(all).hasSize(2 * perProcess);
        assertThat(jobs.logTail("child-" + (perProcess - 1), 10)).hasSize(2);
        assertThat(jobs.logTail("parent-0", 10)).hasSize(2);
    }
}
