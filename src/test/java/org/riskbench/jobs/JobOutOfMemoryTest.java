package org.riskbench.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;
import org.riskbench.core.model.JobLogLine;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;

/** A job that runs out of memory fails with what to change, not with an OutOfMemoryError's stack trace. */
class JobOutOfMemoryTest {
    @TempDir
    Path dir;

    @Test
    void anOutOfMemoryErrorFailsTheJobNamingWhatToLowerWithoutAStackTrace() {
        try (AppContext app = AppContext.open(dir, 1)) {
            JobService jobs = app.jobs();
            jobs.register("test-greedy", params -> context -> {
                long[][] hold = new long[1024][];
                for (int i = 0; i < hold.length; i++) {
                    hold[i] = new long[Integer.MAX_VALUE - 8]; // "Requested array size exceeds VM limit" or heap space
                }
                return Map.of("held", hold.length);
            }, "the size of the test's arrays");

            JobRecord done = jobs.submit(new JobRequest("greedy", "test-greedy", Map.of(), null, null)).await();

            assertThat(done.status()).isEqualTo(JobStatus.FAILED);
            assertThat(done.errorMessage()).startsWith("not enough memory for the test-greedy job (")
                    .endsWith("lower the size of the test's arrays or raise -Xmx");
            assertThat(jobs.logTail("greedy", 50)).extracting(JobLogLine::message)
                    .noneMatch(line -> line.contains("\tat ") || line.contains("java.lang.OutOfMemoryError"));
        }
    }
}
