package org.riskbench.engine.acceptance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The run-to-run coverage drift watch of docs/spec/acceptance.md as a pure function: the caller loads the
 * previous {@link DriftState} of a profile, calls {@link #next}, stores the new state and logs the line.
 */
public final class DriftWatch {

    /** The drift-watch states. */
    public enum Phase { OBSERVE, WARN, STABLE }

    /**
     * The persisted state of one profile's drift watch.
     *
     * @param phase           current state
     * @param ema             EMA of coverage_abs_err over runs
     * @param violationStreak consecutive violating runs up to the last one
     * @param okStreak        consecutive non-violating runs up to the last one
     * @param runs            runs seen
     */
    public record DriftState(Phase phase, double ema, int violationStreak, int okStreak, int runs) {
        public DriftState {
            Objects.requireNonNull(phase, "phase");
        }
    }

    /** The outcome of one run: the new state, whether the run violated, and the log line. */
    public record Outcome(DriftState state, boolean violation, String logLine) {
    }

    private DriftWatch() {
    }

    /**
     * Advances the watch by one run.
     *
     * @param previous       the state after the previous run, or null for the first run
     * @param coverageAbsErr the run's {@code coverage_abs_err}
     * @param config         the profile's {@code ci_gating} section
     * @param runId          the run's id, for the log line
     */
    public static Outcome next(DriftState previous, double coverageAbsErr, CiGating config, String runId) {
        Phase from = previous == null ? Phase.OBSERVE : previous.phase();
        double ema = previous == null ? coverageAbsErr
                : config.emaBeta() * coverageAbsErr + (1 - config.emaBeta()) * previous.ema();
        boolean violation = ema > config.tolerance();
        int violations = violation ? (previous == null ? 0 : previous.violationStreak()) + 1 : 0;
        int oks = violation ? 0 : (previous == null ? 0 : previous.okStreak()) + 1;
        Phase to = from;
        if (from == Phase.WARN) {
            if (oks >= config.exitWarnRuns()) {
                to = Phase.STABLE;
            }
        } else if (violations >= config.enterWarnRuns()) {
            to = Phase.WARN;
        }
        DriftState state = new DriftState(to, ema, violations, oks, (previous == null ? 0 : previous.runs()) + 1);
        // the AURORA documents' line, which their log readers and alerts parse: relation "<=" (ok while ema <= threshold),
        // lower-case states, Python's True/False
        String line = "[CI-GATING] metric=coverage_abs_err_ema value=" + fixed3(ema) + " threshold="
                + fixed3(config.tolerance()) + " relation=<= state:" + lower(from) + "->" + lower(to) + " violation="
                + (violation ? "True" : "False") + " run=" + runId;
        return new Outcome(state, violation, line);
    }

    private static String lower(Phase phase) {
        return phase.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Three decimals, rounding the exact binary value half-even (as C's printf and Python do). */
    static String fixed3(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(v).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }
}
