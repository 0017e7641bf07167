package org.riskbench.jobs;

import java.util.Map;

/** The work of one job. Returns a small result summary (stored as JSON); throws to fail the job. */
@FunctionalInterface
public interface JobTask {
    Map<String, Object> run(JobContext context) throws Exception;
}
