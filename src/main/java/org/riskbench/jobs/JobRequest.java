package org.riskbench.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A job to queue.
 *
 * @param id        user-given id, or null to generate one
 * @param kind      a registered kind (scenario, replay, calibration, ...)
 * @param params    JSON-serialisable parameters, enough to run the job again
 * @param outputDir where artifacts go; null means {@code runs/<job-id>} in the workspace
 * @param timeout   null for no timeout
 */
public record JobRequest(String id, String kind, Map<String, Object> params, Path outputDir, Duration timeout) {
    public JobRequest {
        params = params == null ? Map.of() : params;
    }

    public static JobRequest of(String kind, Map<String, Object> params) {
        return new JobRequest(null, kind, params, null, null);
    }

    public JobRequest withId(String newId) {
        return new JobRequest(newId, kind, params, outputDir, timeout);
    }

    public JobRequest withTimeout(Duration newTimeout) {
        return new JobRequest(id, kind, params, outputDir, newTimeout);
    }

    public JobRequest withOutputDir(Path dir) {
        return new JobRequest(id, kind, params, dir, timeout);
    }
}
