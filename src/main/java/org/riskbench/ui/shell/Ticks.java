package org.riskbench.ui.shell;

/** Round axis steps for the hand-drawn charts (1, 2 or 5 times a power of ten). */
public final class Ticks {
    private Ticks() {
    }

    /** The least of 1, 2 or 5 times a power of ten that is at least {@code atLeast} (> 0). */
    public static double niceStep(double atLeast) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(atLeast)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= atLeast * (1 - 1e-9)) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
