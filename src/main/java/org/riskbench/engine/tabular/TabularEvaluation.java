package org.riskbench.engine.tabular;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.core.Json;

/**
 * The whole evaluation of a general model: the bundle's {@code evaluation.json} (every key sorted, as the file has
 * always had them), {@code report.md}, the manifest's headline figures, {@code model show} and the evaluation window.
 * A metric that is not finite is null (a mean or standard error) or NaN (a curve point, a score).
 *
 * <p>Maps stay where the keys are open: models by name (the learner's own and the two baselines), metrics by name
 * (binary and multi-class problems have different sets, kept in the order they are computed), counts by class.
 *
 * @param classCounts labelled rows per class, keyed by the table's class names
 * @param positive    the positive class of a binary problem, else null
 */
@JsonPropertyOrder(alphabetic = true)
public record TabularEvaluation(
        @JsonProperty("class_counts") Map<String, Long> classCounts,
        @JsonProperty("class_weight") String classWeight,
        @JsonProperty("classes") List<String> classes,
        @JsonProperty("cross_validation") CrossValidation crossValidation,
        @JsonProperty("features") List<String> features,
        @JsonProperty("holdout") Holdout holdout,
        @JsonProperty("label") String label,
        @JsonProperty("learner") String learner,
        @JsonProperty("matrix_columns") int matrixColumns,
        @JsonProperty("permutation_importance") List<ColumnImportance> permutationImportance,
        @JsonProperty("positive") String positive,
        @JsonProperty("rows") Rows rows,
        @JsonProperty("threshold") Double threshold,
        @JsonProperty("threshold_rule") String thresholdRule,
        @JsonProperty("warnings") List<String> warnings) {

    /**
     * Stratified cross-validation on the development rows.
     *
     * @param models per model, per metric, the estimate over the folds
     */
    @JsonPropertyOrder(alphabetic = true)
    public record CrossValidation(
            @JsonProperty("folds") int folds,
            @JsonProperty("models") Map<String, Map<String, Estimate>> models,
            @JsonProperty("rows") int rows,
            @JsonProperty("seed") long seed,
            @JsonProperty("stratified") boolean stratified) {
    }

    /** A metric over the folds: each fold's value, their mean and its standard error (null where not finite). */
    @JsonPropertyOrder(alphabetic = true)
    public record Estimate(
            @JsonProperty("folds") List<Double> folds,
            @JsonProperty("mean") Double mean,
            @JsonProperty("se") Double se) {
    }

    /**
     * The holdout: every model's metrics at its threshold, the final model's confusion matrix, the curves and the
     * calibration of one class's probability, and that probability with the truth per row (so a viewer can recompute
     * the confusion at any threshold).
     *
     * @param models per model, per metric (null where not finite)
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Holdout(
            @JsonProperty("calibration") Calibration calibration,
            @JsonProperty("confusion_matrix") List<List<Long>> confusionMatrix,
            @JsonProperty("confusion_order") List<String> confusionOrder,
            @JsonProperty("curve_class") String curveClass,
            @JsonProperty("models") Map<String, Map<String, Double>> models,
            @JsonProperty("pr_curve") Map<String, Curve> prCurve,
            @JsonProperty("roc_curve") Map<String, Curve> rocCurve,
            @JsonProperty("rows") int rows,
            @JsonProperty("scores") double[] scores,
            @JsonProperty("truth") boolean[] truth) {
    }

    /** Ten bins of predicted probability: the mean predicted, the share observed, the rows. */
    @JsonPropertyOrder(alphabetic = true)
    public record Calibration(
            @JsonProperty("count") long[] count,
            @JsonProperty("observed") double[] observed,
            @JsonProperty("predicted") double[] predicted) {
    }

    /** A curve's points. */
    @JsonPropertyOrder(alphabetic = true)
    public record Curve(@JsonProperty("x") double[] x, @JsonProperty("y") double[] y) {
    }

    /** The drop of the score when a column is shuffled: mean and standard error over the repeats. */
    @JsonPropertyOrder(alphabetic = true)
    public record ColumnImportance(
            @JsonProperty("column") String column,
            @JsonProperty("mean") double mean,
            @JsonProperty("se") double se) {
    }

    /** The labelled rows and their split. */
    @JsonPropertyOrder(alphabetic = true)
    public record Rows(
            @JsonProperty("development") int development,
            @JsonProperty("holdout") int holdout,
            @JsonProperty("labelled") int labelled) {
    }

    /**
     * The figures a model list shows: the kind, learner, label and threshold, each model's cross-validated means and
     * its holdout metrics (the manifest's {@code metrics}, the job result's and the registry's).
     */
    public Map<String, Object> headline() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("kind", TabularBundle.KIND);
        h.put("learner", learner);
        h.put("label", label);
        h.put("threshold", threshold);
        Map<String, Object> cvMeans = new LinkedHashMap<>();
        crossValidation.models().forEach((who, metrics) -> {
            Map<String, Object> means = new LinkedHashMap<>();
            metrics.forEach((k, v) -> means.put(k, v.mean()));
            cvMeans.put(who, means);
        });
        h.put("cv", cvMeans);
        h.put("holdout", holdout.models());
        return h;
    }

    /** Reads a bundle's {@code evaluation.json}. */
    public static TabularEvaluation read(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), TabularEvaluation.class);
    }
}
