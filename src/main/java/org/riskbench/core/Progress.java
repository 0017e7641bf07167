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

    /**
     * The part {@code [from, to]} of this progress, for a step of the work: the step reports 0..1 of itself, this one
     * shows it within the range; cancel is this one's.
     */
    default Progress slice(double from, double to) {
        return slice(from, to, "");
    }

    /** The same, the step's messages after {@code prefix} (e.g. {@code "final model: "}). */
    default Progress slice(double from, double to, String prefix) {
        Progress whole = this;
        return new Progress() {
            @Override
            public void report(double fraction, String message) {
                whole.report(from + fraction * (to - from), prefix.isEmpty() ? message : prefix + message);
            }

            @Override
            public boolean isCancelled() {
                return whole.isCancelled();
            }
        };
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
