package org.riskbench.engine.retraining;

import java.util.Locale;

/** Step 7: the promotion gate on holdout macro-F1. */
public final class Promotion {
    private Promotion() {
    }

    public record Decision(boolean promote, String reason) {
    }

    /**
     * Promote unless the candidate's macro-F1 is below the current one by more than {@code tolerance} (the spec's rule):
     * a lower macro-F1 within the tolerance is promoted, and its reason names the drop and the tolerance.
     */
    public static Decision decide(double candidateF1, double currentF1, double tolerance) {
        double drop = currentF1 - candidateF1;
        if (drop > tolerance + 1e-12) {
            return new Decision(false, String.format(Locale.ROOT,
                    "rejected: holdout macro-F1 %.4f is %.4f below the current model's %.4f (tolerance %.4f)",
                    candidateF1, drop, currentF1, tolerance));
        }
        if (drop > 1e-12) {
            // the spec's rule (docs/spec/retraining.md, step 7): a drop within the tolerance is holdout noise (one or two
            // rare-class rows), so the candidate is promoted; the reason says so plainly rather than "vs"
            return new Decision(true, String.format(Locale.ROOT,
                    "promoted: holdout macro-F1 %.4f is %.4f below the current model's %.4f, within the tolerance %.4f",
                    candidateF1, drop, currentF1, tolerance));
        }
        return new Decision(true, String.format(Locale.ROOT,
                "promoted: holdout macro-F1 %.4f is not below the current model's %.4f (%+.4f)", candidateF1, currentF1, -drop));
    }

    /**
     * The same rule when the active model changed while the run trained: the candidate is compared with the model
     * active at promotion time ({@code activeVersion}, macro-F1 {@code activeF1} on the same fixed holdout), and the
     * reason says which model the run started with.
     */
    public static Decision decide(double candidateF1, String activeVersion, double activeF1, String startVersion, double startF1,
                                  double tolerance) {
        Decision d = decide(candidateF1, activeF1, tolerance);
        return new Decision(d.promote(), d.reason() + String.format(Locale.ROOT,
                "; %s became active during this run (it started with %s, macro-F1 %.4f)", activeVersion, startVersion, startF1));
    }
}
