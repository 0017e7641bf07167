package org.riskbench.engine.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DriftWatchTest {

    private static final CiGating CFG = new CiGating(0.2, 0.08, 2, 3);

    @Test
    void firstRunTakesTheErrorAsEmaAndObserves() {
        DriftWatch.Outcome o = DriftWatch.next(null, 0.095, CFG, "r1");
        assertThat(o.state().ema()).isEqualTo(0.095);
        assertThat(o.violation()).isTrue();
        assertThat(o.state().phase()).isEqualTo(DriftWatch.Phase.OBSERVE); // 1 of 2 violations
        assertThat(o.logLine()).isEqualTo(
                "[CI-GATING] metric=coverage_abs_err_ema value=0.095 threshold=0.080 relation=<= state:observe->observe violation=True run=r1");
    }

    @Test
    void entersWarnAfterConsecutiveViolationsAndLeavesToStableAfterConsecutiveOkRuns() {
        DriftWatch.Outcome a = DriftWatch.next(null, 0.10, CFG, "1");
        DriftWatch.Outcome b = DriftWatch.next(a.state(), 0.09, CFG, "2"); // ema = 0.2*0.09 + 0.8*0.10 = 0.098
        assertThat(b.state().ema()).isCloseTo(0.098, within(1e-15));
        assertThat(b.state().phase()).isEqualTo(DriftWatch.Phase.WARN);
        assertThat(b.logLine()).isEqualTo(
                "[CI-GATING] metric=coverage_abs_err_ema value=0.098 threshold=0.080 relation=<= state:observe->warn violation=True run=2");
        DriftWatch.DriftState s = b.state();
        // ema 0.098 -> 0.0784 (ok) -> 0.06272 -> 0.050176: three ok runs -> STABLE
        s = DriftWatch.next(s, 0.0, CFG, "3").state();
        assertThat(s.phase()).isEqualTo(DriftWatch.Phase.WARN);
        s = DriftWatch.next(s, 0.0, CFG, "4").state();
        DriftWatch.Outcome last = DriftWatch.next(s, 0.0, CFG, "5");
        assertThat(last.state().phase()).isEqualTo(DriftWatch.Phase.STABLE);
        assertThat(last.state().runs()).isEqualTo(5);
        assertThat(last.logLine()).endsWith("relation=<= state:warn->stable violation=False run=5");
        // STABLE goes back to WARN like OBSERVE does
        DriftWatch.DriftState st = DriftWatch.next(last.state(), 0.5, CFG, "6").state(); // 0.14
        assertThat(st.phase()).isEqualTo(DriftWatch.Phase.STABLE);
        assertThat(DriftWatch.next(st, 0.5, CFG, "7").state().phase()).isEqualTo(DriftWatch.Phase.WARN);
    }

    @Test
    void aViolationInWarnRestartsTheOkCount() {
        DriftWatch.DriftState warn = new DriftWatch.DriftState(DriftWatch.Phase.WARN, 0.079, 0, 2, 9);
        DriftWatch.Outcome o = DriftWatch.next(warn, 0.2, CFG, "x"); // 0.1032: violation
        assertThat(o.state().okStreak()).isZero();
        assertThat(o.state().phase()).isEqualTo(DriftWatch.Phase.WARN);
    }

    @Test
    void formatsThreeDecimalsRoundingTheExactValueHalfEven() {
        assertThat(DriftWatch.fixed3(0.08)).isEqualTo("0.080");
        assertThat(DriftWatch.fixed3(1.0005)).isEqualTo("1.000"); // 1.0005 is 1.000499999... in binary
        assertThat(DriftWatch.fixed3(0.0125)).isEqualTo("0.013"); // 0.01250000000000000069...
    }
}
