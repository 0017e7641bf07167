package org.riskbench.engine.learning;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import org.riskbench.core.Json;

/**
 * A model's classification metrics on a retraining run's fixed holdout, by class name ({@link Evaluation#byName}):
 * stored in the retraining result, its {@code metrics.json} and the new model's metrics.
 *
 * @param perClass        precision, recall, F1 and support per class, keyed by the model's class names
 * @param confusionMatrix rows: true class, columns: predicted class, both in {@code confusionOrder}
 */
@JsonPropertyOrder({"rows", "accuracy", "macro_precision", "macro_recall", "macro_f1", "per_class", "confusion_matrix",
        "confusion_order"})
public record HoldoutEvaluation(
        @JsonProperty("rows") long rows,
        @JsonProperty("accuracy") double accuracy,
        @JsonProperty("macro_precision") double macroPrecision,
        @JsonProperty("macro_recall") double macroRecall,
        @JsonProperty("macro_f1") double macroF1,
        @JsonProperty("per_class") Map<String, ClassScores> perClass,
        @JsonProperty("confusion_matrix") List<List<Long>> confusionMatrix,
        @JsonProperty("confusion_order") List<String> confusionOrder) {

    /** One class's figures. */
    @JsonPropertyOrder({"precision", "recall", "f1", "support"})
    public record ClassScores(@JsonProperty("precision") double precision, @JsonProperty("recall") double recall,
                              @JsonProperty("f1") double f1, @JsonProperty("support") long support) {
    }

    /**
     * As a map in this order, for a model's metrics (an open set of names that the bundle's file writes sorted and the
     * model registry stores as they come).
     */
    public Map<String, Object> asMap() {
        return Json.toMapInOrder(this);
    }
}
