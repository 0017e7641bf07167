package org.riskbench.engine.retraining;

import java.time.Instant;

/**
 * One row of the evaluation log: a stored prediction joined with the analyst's feedback on it.
 *
 * @param predictedProbability the model's probability of the class it predicted
 * @param predictedAt          when the prediction was made (the lookback window counts from it)
 */
public record EvalRow(String analysisId, long row, String predicted, double predictedProbability, String trueClass,
                      Instant predictedAt) {
    public boolean wrong() {
        return !predicted.equals(trueClass);
    }
}
