package org.riskbench.testsupport;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.riskbench.jobs.JobService;

/** Test-only job kinds for exercising the job system before (and beside) the engines. */
public final class TestTasks {
    /** Released by tests to let a "test-wait" job finish. */
    public static final CountDownLatch RELEASE = new CountDownLatch(1);

    private TestTasks() {
    }

    public static void register(JobService jobs) {
        // Counts to params.steps, reporting progress, checking cancel after each step of params.step_ms.
        jobs.register("test-count", params -> context -> {
            int steps = params.path("steps").asInt(10);
            long stepMs = params.path("step_ms").asLong(10);
            for (int i = 0; i < steps; i++) {
                context.checkCancelled();
                Thread.sleep(stepMs);
                context.report((i + 1) / (double) steps, "step " + (i + 1) + " of " + steps);
            }
            context.log("counted to " + steps);
            return Map.of("steps", steps);
        });
        jobs.register("test-fail", params -> context -> {
            context.report(0.3, "about to fail");
            throw new IllegalStateException(params.path("message").asText("boom"));
        });
        // Reports half progress, then waits (cancellable) until RELEASE opens.
        jobs.register("test-wait", params -> context -> {
            context.report(0.5, "halfway, waiting");
            context.log("waiting for release");
            while (!RELEASE.await(20, TimeUnit.MILLISECONDS)) {
                context.checkCancelled();
            }
            context.report(1.0, "done");
            return Map.of("released", true);
        });
    }
}
