package org.riskbench.jobs;

/**
 * The work of one job. Returns a small result summary, stored as the job's result JSON: a record whose Jackson
 * annotations fix its keys and their order (e.g. {@code app.ScenarioJobResult}), or null for none; throws to fail
 * the job.
 */
@FunctionalInterface
public interface JobTask {
    Object run(JobContext context) throws Exception;
}
