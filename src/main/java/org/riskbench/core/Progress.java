package org.riskbench.core;

/**
 * How an engine reports progress and learns that it should stop. Engines call {@link #checkCancelled()}
 * once per unit of work (a scenario, a grid point, a block of steps), so cancel is prompt.
 */
public interface Progress {

    /** Reports the fraction done (0..1) and a short message for the user. */
    void report(double fraction, String message);

    /** True once the user (or a timeout) asked the work to stop. */
    boolean isCancelled();

    /** Throws {@link CancelledException} when cancel was requested. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }

    /** A progress sink that ignores reports and never cancels (tests, benchmarks). */
    Progress NONE = new Progress() {
        @Override
        public void report(double fraction, String message) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };
}
