package org.riskbench.engine.scoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import org.riskbench.core.Json;
import org.riskbench.engine.learning.Evaluation.ScoringSummary;

/**
 * What training a transactions scoring model measured ({@link Trainer#trainTransactions}): the split, the holdout
 * summary of the final decisions and of the supervised ensemble alone, and the policy's cost matrix when one was given.
 * Kept in the model registry and in the bundle's manifest.
 */
@JsonPropertyOrder({"split", "holdout", "cost_matrix", "holdout_supervised"})
public record TrainingMetrics(@JsonProperty("split") Split split, @JsonProperty("holdout") ScoringSummary holdout,
                              @JsonProperty("cost_matrix") @JsonInclude(JsonInclude.Include.NON_NULL) CostMatrix costMatrix,
                              @JsonProperty("holdout_supervised") ScoringSummary holdoutSupervised) {

    /** Rows in each part, and what rows were grouped by ({@code row}: none) with the seed of the split. */
    @JsonPropertyOrder({"train", "validation", "holdout", "by", "seed"})
    public record Split(@JsonProperty("train") int train, @JsonProperty("validation") int validation,
                        @JsonProperty("holdout") int holdout, @JsonProperty("by") String by, @JsonProperty("seed") long seed) {
    }

    /** The policy's costs (true class x action, in {@code classes} order) and the file they came from. */
    @JsonPropertyOrder({"source", "classes", "costs"})
    public record CostMatrix(@JsonProperty("source") String source, @JsonProperty("classes") List<String> classes,
                             @JsonProperty("costs") List<double[]> costs) {
    }

    /**
     * As the bundle manifest's {@code metrics}: a map, because a bundle's metrics are an open document (a retrained
     * bundle's hold the retraining holdout and its run instead); the manifest's writer sorts its keys.
     */
    public Map<String, Object> asMap() {
        return Json.toMapInOrder(this);
    }
}
