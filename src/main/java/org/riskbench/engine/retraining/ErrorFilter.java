package org.riskbench.engine.retraining;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Step 2 of a run: the confident, recent mistakes of the evaluation log. */
public final class ErrorFilter {
    private ErrorFilter() {
    }

    /** Rows that were wrong, with predicted-class probability >= threshold, predicted within lookback days of {@code now}. */
    public static List<EvalRow> select(List<EvalRow> log, RetrainingConfig config, Instant now) {
        Instant from = now.minus(Duration.ofDays(config.lookbackDays()));
        return log.stream()
                .filter(EvalRow::wrong)
                .filter(r -> r.predictedProbability() >= config.confidenceThreshold())
                .filter(r -> r.predictedAt() != null && !r.predictedAt().isBefore(from) && !r.predictedAt().isAfter(now))
                .toList();
    }
}
