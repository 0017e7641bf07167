package org.riskbench.jobs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Builds the task of a job kind from its stored parameters, so a failed or interrupted job can be
 * retried from the store alone (even by another process than the one that first ran it).
 */
@FunctionalInterface
public interface JobFactory {
    JobTask create(JsonNode params);
}
