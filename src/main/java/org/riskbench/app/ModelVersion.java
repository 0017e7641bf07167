package org.riskbench.app;

/**
 * A registered model version as front ends see it (the store's row stays in the store): its status is
 * {@code active}, {@code candidate}, {@code retired} or {@code rejected}; {@code metricsJson} its holdout metrics;
 * {@code reason} why it got its status and {@code rejection} why retraining rejected it (null when it did not).
 */
public record ModelVersion(String version, String createdAt, String status, String metricsJson, String path,
                           String reason, String rejection) {
}
