package org.riskbench.engine.retraining;

import org.riskbench.core.InputException;

/**
 * Settings of a retraining run (docs/spec/retraining.md), validated at construction; errors name the key.
 *
 * @param confidenceThreshold keep mistakes whose predicted-class probability is at least this
 * @param lookbackDays        keep mistakes predicted within this many days of now
 * @param minErrorSamples     fewer kept mistakes: the run completes with "insufficient data", no training
 * @param replaySize          rows of the original training data replayed with the mistakes (seeded sample,
 *                            stratified by class); 12,000 by default, about the whole train part of the
 *                            default model's data (12,048 rows): the forest (refitted) and a model trained from
 *                            scratch learn only from the dataset, and 2,000 rows (a sixth) lost ~0.02-0.03 of
 *                            holdout macro-F1 on the rare classes
 * @param fineTune            warm start from the current model (true) or train from scratch (false)
 * @param learningRate        Adam step of the warm-started logistic learners
 * @param epochs              full-batch Adam iterations of the warm start
 * @param randomSeed          seed of the replay sample, the forest and the from-scratch training
 * @param promotionTolerance  promote unless macro-F1 falls more than this below the current model's
 * @param decayDrop           rolling feedback accuracy this far below the holdout accuracy files a request
 * @param decayWindow         the rolling window: the most recent rows with feedback
 * @param decayMinSamples     fewer rows with feedback: no decay verdict
 */
public record RetrainingConfig(double confidenceThreshold, int lookbackDays, int minErrorSamples, int replaySize,
                               boolean fineTune, double learningRate, int epochs, long randomSeed,
                               double promotionTolerance, double decayDrop, int decayWindow, int decayMinSamples) {
    public RetrainingConfig {
        if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
            throw new InputException("confidence_threshold must be between 0 and 1, got " + confidenceThreshold);
        }
        if (lookbackDays < 1) {
            throw new InputException("lookback_days must be 1 or more, got " + lookbackDays);
        }
        if (minErrorSamples < 1) {
            throw new InputException("min_error_samples must be 1 or more, got " + minErrorSamples);
        }
        if (replaySize < 0) {
            throw new InputException("replay_size must be 0 or more, got " + replaySize);
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new InputException("learning_rate must be in (0, 1], got " + learningRate);
        }
        if (epochs < 1) {
            throw new InputException("epochs must be 1 or more, got " + epochs);
        }
        if (!(promotionTolerance >= 0 && promotionTolerance < 1)) {
            throw new InputException("promotion_tolerance must be in [0, 1), got " + promotionTolerance);
        }
        if (!(decayDrop > 0 && decayDrop < 1)) {
            throw new InputException("decay_drop must be in (0, 1), got " + decayDrop);
        }
        if (decayWindow < 1 || decayMinSamples < 1) {
            throw new InputException("decay_window and decay_min_samples must be 1 or more");
        }
    }

    /** The spec's defaults: 0.7, 7 days, 10 mistakes, tolerance 0.01, decay drop 0.05; replay 12,000 rows. */
    public static RetrainingConfig defaults() {
        return new RetrainingConfig(0.7, 7, 10, 12000, true, 0.01, 60, 42, 0.01, 0.05, 200, 20);
    }

    public RetrainingConfig withLookbackDays(int v) {
        return new RetrainingConfig(confidenceThreshold, v, minErrorSamples, replaySize, fineTune, learningRate, epochs, randomSeed,
                promotionTolerance, decayDrop, decayWindow, decayMinSamples);
    }

    public RetrainingConfig withFineTune(boolean v) {
        return new RetrainingConfig(confidenceThreshold, lookbackDays, minErrorSamples, replaySize, v, learningRate, epochs, randomSeed,
                promotionTolerance, decayDrop, decayWindow, decayMinSamples);
    }

    public RetrainingConfig withLearningRate(double v) {
        return new RetrainingConfig(confidenceThreshold, lookbackDays, minErrorSamples, replaySize, fineTune, v, epochs, randomSeed,
                promotionTolerance, decayDrop, decayWindow, decayMinSamples);
    }

    public RetrainingConfig withEpochs(int v) {
        return new RetrainingConfig(confidenceThreshold, lookbackDays, minErrorSamples, replaySize, fineTune, learningRate, v, randomSeed,
                promotionTolerance, decayDrop, decayWindow, decayMinSamples);
    }

    public RetrainingConfig withRandomSeed(long v) {
        return new RetrainingConfig(confidenceThreshold, lookbackDays, minErrorSamples, replaySize, fineTune, learningRate, epochs, v,
                promotionTolerance, decayDrop, decayWindow, decayMinSamples);
    }

    public RetrainingConfig withConfidenceThreshold(double v) {
        return new RetrainingConfig(v, lookbackDays, minErrorSamples, replaySize, fineTune, learningRate, epochs, randomSeed,
                promotionTolerance, decayDrop, decayWindow, decayMinSamples);
    }

    public RetrainingConfig withReplaySize(int v) {
        return new RetrainingConfig(confidenceThreshold, lookbackDays, minErrorSamples, v, fineTune, learningRate, epochs, randomSeed,
                promotionTolerance, decayDrop, decayWindow, decayMinSamples);
    }

    public RetrainingConfig withPromotionTolerance(double v) {
        return new RetrainingConfig(confidenceThreshold, lookbackDays, minErrorSamples, replaySize, fineTune, learningRate, epochs, randomSeed,
                v, decayDrop, decayWindow, decayMinSamples);
    }
}
