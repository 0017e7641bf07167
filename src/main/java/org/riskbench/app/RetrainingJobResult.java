package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.riskbench.core.Json;
import org.riskbench.engine.learning.HoldoutEvaluation;
import org.riskbench.engine.retraining.Retraining;

/**
 * The result of a retraining job (stored with the job and the retraining run, read by {@code retrain}, the Jobs screen
 * and the API; {@code metrics.json} in the run's folder holds the same keys, sorted). Without enough mistakes only the
 * counts and the message; otherwise the dataset's sizes, the holdout metrics of the candidate and of the model it was
 * compared with, the decision and the new version. {@code started_with} and {@code started_holdout} only when another
 * model became active during the run, so the candidate was compared with that one ({@code compared_with}).
 *
 * @param holdout the candidate's metrics on the fixed holdout (the others: the compared model's, and both models'
 *                supervised class before the policy)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"log_rows", "errors", "message", "dataset_size", "replay_rows", "validation_rows", "holdout",
        "current_holdout", "holdout_supervised", "current_holdout_supervised", "promoted", "reason", "started_with",
        "started_holdout", "compared_with", "model_version"})
public record RetrainingJobResult(
        @JsonProperty("log_rows") int logRows,
        @JsonProperty("errors") Integer errors,
        @JsonProperty("message") String message,
        @JsonProperty("dataset_size") Integer datasetSize,
        @JsonProperty("replay_rows") Integer replayRows,
        @JsonProperty("validation_rows") Integer validationRows,
        @JsonProperty("holdout") HoldoutEvaluation holdout,
        @JsonProperty("current_holdout") HoldoutEvaluation currentHoldout,
        @JsonProperty("holdout_supervised") HoldoutEvaluation holdoutSupervised,
        @JsonProperty("current_holdout_supervised") HoldoutEvaluation currentHoldoutSupervised,
        @JsonProperty("promoted") Boolean promoted,
        @JsonProperty("reason") String reason,
        @JsonProperty("started_with") String startedWith,
        @JsonProperty("started_holdout") HoldoutEvaluation startedHoldout,
        @JsonProperty("compared_with") String comparedWith,
        @JsonProperty("model_version") String modelVersion) {

    /** The engine's metrics of the run ({@code Retraining.Outcome.metrics}), as the job's result. */
    static RetrainingJobResult of(Retraining.Metrics m) {
        return new RetrainingJobResult(m.logRows(), m.errors(), m.message(), m.datasetSize(), m.replayRows(),
                m.validationRows(), m.holdout(), m.currentHoldout(), m.holdoutSupervised(), m.currentHoldoutSupervised(),
                m.promoted(), m.reason(), null, null, null, null);
    }

    /** A stored result read back (a job's {@code result_json}, a retraining run's metrics). */
    public static RetrainingJobResult fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, RetrainingJobResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a retraining job result: " + e.getOriginalMessage(), e);
        }
    }

    /** The candidate's holdout macro-F1 (what promotion compares). */
    double macroF1() {
        return holdout.macroF1();
    }

    RetrainingJobResult comparedWith(String against, boolean promote, String why) {
        return new RetrainingJobResult(logRows, errors, message, datasetSize, replayRows, validationRows, holdout,
                currentHoldout, holdoutSupervised, currentHoldoutSupervised, promote, why, startedWith, startedHoldout,
                against, modelVersion);
    }

    RetrainingJobResult currentHoldout(HoldoutEvaluation finalClass, HoldoutEvaluation supervised) {
        return new RetrainingJobResult(logRows, errors, message, datasetSize, replayRows, validationRows, holdout,
                finalClass, holdoutSupervised, supervised, promoted, reason, startedWith, startedHoldout, comparedWith,
                modelVersion);
    }

    RetrainingJobResult startedWith(String version, HoldoutEvaluation holdoutThen) {
        return new RetrainingJobResult(logRows, errors, message, datasetSize, replayRows, validationRows, holdout,
                currentHoldout, holdoutSupervised, currentHoldoutSupervised, promoted, reason, version, holdoutThen,
                comparedWith, modelVersion);
    }

    RetrainingJobResult withModelVersion(String version) {
        return new RetrainingJobResult(logRows, errors, message, datasetSize, replayRows, validationRows, holdout,
                currentHoldout, holdoutSupervised, currentHoldoutSupervised, promoted, reason, startedWith, startedHoldout,
                comparedWith, version);
    }
}
