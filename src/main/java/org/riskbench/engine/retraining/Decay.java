package org.riskbench.engine.retraining;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The decay check: rolling accuracy on the latest feedback against the model's holdout accuracy. */
public final class Decay {
    private Decay() {
    }

    public record Verdict(int samples, double rollingAccuracy, double holdoutAccuracy, boolean triggered, String message) {
    }

    /**
     * Over the most recent {@code decay_window} rows with feedback (by prediction time): triggered when the
     * share predicted right is more than {@code decay_drop} below {@code holdoutAccuracy}; no verdict with
     * fewer than {@code decay_min_samples} rows.
     */
    public static Verdict check(List<EvalRow> log, double holdoutAccuracy, RetrainingConfig config) {
        List<EvalRow> recent = log.stream()
                .sorted(Comparator.comparing(EvalRow::predictedAt, Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                .limit(config.decayWindow())
                .toList();
        if (recent.size() < config.decayMinSamples()) {
            return new Verdict(recent.size(), Double.NaN, holdoutAccuracy, false,
                    "decay check: " + recent.size() + " rows with feedback (< " + config.decayMinSamples() + "): no verdict");
        }
        long right = recent.stream().filter(r -> !r.wrong()).count();
        double acc = (double) right / recent.size();
        boolean triggered = holdoutAccuracy - acc > config.decayDrop();
        return new Verdict(recent.size(), acc, holdoutAccuracy, triggered, String.format(Locale.ROOT,
                "decay check: rolling accuracy %.4f on the last %d rows with feedback vs holdout accuracy %.4f (drop limit %.2f): %s",
                acc, recent.size(), holdoutAccuracy, config.decayDrop(), triggered ? "decay, retraining requested" : "ok"));
    }
}
