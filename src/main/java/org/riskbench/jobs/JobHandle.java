package org.riskbench.jobs;

import org.riskbench.core.model.JobRecord;
import java.util.concurrent.CompletableFuture;

/** A queued job: its id, and a future completed with its final record once it ends. */
public record JobHandle(String id, CompletableFuture<JobRecord> completion) {

    /** Waits for the job to end (for the CLI, which has nothing else to do meanwhile). */
    public JobRecord await() {
        return completion.join();
    }
}
