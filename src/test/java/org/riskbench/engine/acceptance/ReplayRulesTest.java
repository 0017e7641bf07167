package org.riskbench.engine.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.riskbench.core.Progress;

/**
 * Hand-computed cases for each rule of docs/spec/acceptance.md. Most use a controlled series: y equal to
 * an external mu (no misses, surprisal 0, zero width after the first step), a kappa column that sets
 * kappa_plus directly and a latency column whose hard bound (600 ms) triggers hard breaches; windows
 * of 1 make every p95 the current value. Warm-up is 3 so that the infinite interval of t = 2 (empty
 * score window) stays out of the counted steps.
 */
class ReplayRulesTest {

    private static final AcceptanceProfile CONTROLLED = AcceptanceProfile.defaults().with("warmup", 3)
            .with("latency.window", 1).with("width.window", 1).with("surprisal.window", 1);

    /** Three warm-up rows, then one counted step per kappa value; latency 700 where {@code hard[i]}. */
    private static Series controlled(double[] kappa, boolean[] hard) {
        int n = kappa.length + 3;
        double[] y = new double[n];
        double[] mu = new double[n];
        double[] sigma = new double[n];
        double[] k = new double[n];
        double[] lat = new double[n];
        Arrays.fill(y, 1.0);
        Arrays.fill(mu, 1.0);
        Arrays.fill(sigma, 1.0);
        for (int i = 0; i < kappa.length; i++) {
            k[i + 3] = kappa[i];
            lat[i + 3] = hard != null && hard[i] ? 700 : 0;
        }
        return new Series("controlled", 0, null, y, mu, sigma, lat, k);
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static State[] states(ReplayResult r) {
        State[] s = new State[r.trace().size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = r.trace().state(i);
        }
        return s;
    }

    @Test
    void huberIsQuadraticInsideDeltaAndLinearOutside() {
        assertThat(AcceptanceEngine.huber(0.5, 1.0)).isEqualTo(0.125);
        assertThat(AcceptanceEngine.huber(-1.0, 1.0)).isEqualTo(0.5);
        assertThat(AcceptanceEngine.huber(3.0, 1.0)).isEqualTo(2.5); // 1 * (3 - 0.5)
        assertThat(AcceptanceEngine.huber(-3.0, 2.0)).isEqualTo(4.0); // 2 * (3 - 1)
    }

    @Test
    void forecasterUsesTheHalfLifeWeightAndSeedsFromTheFirstTwoSteps() {
        // h = 1 -> lam = 1 - 2^-1 = 0.5. y0 = 0, y1 = 2: m = 1, v = 4. Step 2: mu = 1, sigma = 2.
        // y2 = 3: e = 2, m = 2, v = 0.5*4 + 0.5*4 = 4. Step 3: mu = 2, sigma = 2.
        AcceptanceProfile p = AcceptanceProfile.defaults().with("warmup", 2).with("forecaster.mu_halflife", 1)
                .with("forecaster.sigma_halflife", 1);
        ReplayResult r = AcceptanceEngine.replay(p, Series.of("s", new double[] {0, 2, 3, 3}), Progress.NONE);
        assertThat(r.trace().mu()).containsExactly(1.0, 2.0);
        assertThat(r.trace().sigma()).containsExactly(2.0, 2.0);
        // the score window is empty at t = 2: infinite interval, no miss, infinite relative width
        assertThat(r.trace().lower()[0]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(r.trace().upper()[0]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(r.trace().relWidthP95()[0]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(r.trace().miss()[0]).isFalse();
        // t = 3: one score |3-1|/2 = 1 in the window; k = ceil(2 * (1 - alpha)) = 2 > 1: q = 1
        assertThat(r.trace().lower()[1]).isEqualTo(0.0);
        assertThat(r.trace().upper()[1]).isEqualTo(4.0);
        // surprisal of r = 1 at t = 2: log1p(3 * 0.5)
        assertThat(r.trace().surprisal()[0]).isEqualTo(Math.log1p(1.5));
    }

    @Test
    void adaptiveAlphaMovesByGammaAndIsClippedToItsBounds() {
        AcceptanceProfile p = CONTROLLED.with("icp.gamma", 0.2);
        ReplayResult r = AcceptanceEngine.replay(p, controlled(fill(4, 0.9), null), Progress.NONE);
        // no misses: alpha += 0.2 * 0.1 per step from 0.1, from t = 2 (warm-up steps update alpha too)
        assertThat(r.trace().alpha()[0]).isCloseTo(0.14, within(1e-12));
        assertThat(r.trace().alpha()[3]).isCloseTo(0.20, within(1e-12));
        ReplayResult capped = AcceptanceEngine.replay(CONTROLLED.with("icp.gamma", 3.0),
                controlled(fill(3, 0.9), null), Progress.NONE);
        assertThat(capped.trace().alpha()).containsOnly(0.5); // t=2: 0.1 + 0.3 = 0.4, t=3: 0.7 -> alpha_max 0.5
        // misses push alpha down: y far from mu once the score window holds zeros
        double[] y = {1, 1, 1, 9, 9};
        double[] one = fill(5, 1.0);
        Series missing = new Series("m", 0, null, y, one, one, null, null);
        ReplayResult low = AcceptanceEngine.replay(CONTROLLED.with("icp.gamma", 1.0), missing, Progress.NONE);
        // t = 2: empty score window, no miss, alpha 0.2; t = 3: q = 0, y = 9 misses: 0.2 - 0.9 -> alpha_min
        // t = 4: scores {0, 8}, k = ceil(3 * 0.999) = 3 > 2, q = 8: interval [-7, 9] holds y = 9
        assertThat(low.trace().miss()).containsExactly(true, false);
        assertThat(low.trace().alpha()[0]).isEqualTo(0.001);
        assertThat(low.trace().alpha()[1]).isCloseTo(0.101, within(1e-12));
        assertThat(low.trace().coverageEma()[0]).isCloseTo(0.98 * (0.98 * 0.9 + 0.02), within(1e-12));
    }

    @Test
    void passGoesToBlockAtOnceOnAHardBreach() {
        ReplayResult r = AcceptanceEngine.replay(CONTROLLED,
                controlled(fill(3, 0.9), new boolean[] {false, true, false}), Progress.NONE);
        assertThat(states(r)).containsExactly(State.PASS, State.BLOCK, State.BLOCK);
        assertThat(r.trace().hardBreaches(1)).containsExactly(Guard.LATENCY);
        assertThat(r.trace().softBreaches(1)).containsExactly(Guard.LATENCY); // a hard breach is also soft
        assertThat(r.trace().kappaPlus()[1]).isCloseTo(0.9 - 0.10, within(1e-12));
        assertThat(r.trace().blockReason(1)).isEqualTo(BlockReason.GUARD_LATENCY);
        assertThat(r.summary().transitions()).containsEntry("PASS->BLOCK", 1);
    }

    @Test
    void passDowngradesOnlyAfterDowngradeConfirmWorseSteps() {
        // raw DERISK (kappa 0.3: below tau_pass 0.45, above tau_derisk 0.25) from the second step
        double[] kappa = {0.9, 0.3, 0.3, 0.3, 0.3};
        ReplayResult r = AcceptanceEngine.replay(CONTROLLED, controlled(kappa, null), Progress.NONE);
        assertThat(r.trace().raw(1)).isEqualTo(State.DERISK);
        assertThat(states(r)).containsExactly(State.PASS, State.PASS, State.PASS, State.DERISK, State.DERISK);
        // an interrupted worse streak starts again
        double[] broken = {0.3, 0.3, 0.9, 0.3, 0.3, 0.3};
        assertThat(states(AcceptanceEngine.replay(CONTROLLED, controlled(broken, null), Progress.NONE)))
                .containsExactly(State.PASS, State.PASS, State.PASS, State.PASS, State.PASS, State.DERISK);
    }

    @Test
    void deriskReturnsToPassAfterDwellAndACleanStreak() {
        // DERISK entered at index 2 (third worse step); then clean steps (kappa 0.9 >= tau_pass_up 0.5).
        // At index 2 + j: in_state = j and clean_streak = j, so dwell_derisk = 15 decides: PASS at 17.
        double[] kappa = new double[25];
        Arrays.fill(kappa, 0.9);
        kappa[0] = kappa[1] = kappa[2] = 0.3;
        ReplayResult r = AcceptanceEngine.replay(CONTROLLED, controlled(kappa, null), Progress.NONE);
        State[] s = states(r);
        assertThat(s[2]).isEqualTo(State.DERISK);
        assertThat(s[16]).isEqualTo(State.DERISK);
        assertThat(s[17]).isEqualTo(State.PASS);
        // with a short dwell, the clean streak (dwell_pass = 10) decides: PASS at 2 + 10
        State[] s2 = states(AcceptanceEngine.replay(CONTROLLED.with("hysteresis.dwell_derisk", 2),
                controlled(kappa, null), Progress.NONE));
        assertThat(s2[11]).isEqualTo(State.DERISK);
        assertThat(s2[12]).isEqualTo(State.PASS);
    }

    @Test
    void blockCoolsDownToDeriskAfterStepsWithoutHardBreach() {
        double[] kappa = fill(40, 0.3);
        boolean[] hard = new boolean[40];
        hard[0] = true;
        ReplayResult r = AcceptanceEngine.replay(CONTROLLED, controlled(kappa, hard), Progress.NONE);
        State[] s = states(r);
        assertThat(s[0]).isEqualTo(State.BLOCK);
        assertThat(s[29]).isEqualTo(State.BLOCK); // nohard_streak 29
        assertThat(s[30]).isEqualTo(State.DERISK); // nohard_streak 30 and kappa_plus 0.3 >= 0.25
        assertThat(r.trace().blockReason(29)).isEqualTo(BlockReason.DECISION);
        assertThat(r.summary().transitions()).containsEntry("PASS->BLOCK", 1).containsEntry("BLOCK->DERISK", 1);
        // kappa_plus below tau_derisk keeps BLOCK
        double[] weak = fill(40, 0.22);
        assertThat(states(AcceptanceEngine.replay(CONTROLLED, controlled(weak, hard), Progress.NONE))[39])
                .isEqualTo(State.BLOCK);
    }

    @Test
    void fastPathGoesFromBlockStraightToPassAfterExtendedRecovery() {
        AcceptanceProfile p = CONTROLLED.with("hysteresis.fast_path", true).with("hysteresis.extended_recovery", 5);
        boolean[] hard = new boolean[10];
        hard[0] = true;
        State[] s = states(AcceptanceEngine.replay(p, controlled(fill(10, 0.9), hard), Progress.NONE));
        assertThat(s).containsExactly(State.BLOCK, State.BLOCK, State.BLOCK, State.BLOCK, State.BLOCK, State.PASS,
                State.PASS, State.PASS, State.PASS, State.PASS);
        State[] without = states(AcceptanceEngine.replay(CONTROLLED.with("hysteresis.extended_recovery", 5),
                controlled(fill(10, 0.9), hard), Progress.NONE));
        assertThat(without[5]).isEqualTo(State.BLOCK);
    }

    @Test
    void blockReasonIsTheFirstHardGuardInTheOrderSurprisalCoverageLatency() {
        AcceptanceProfile all = CONTROLLED.with("guards.surprisal_p95.hard", -1.0).with("guards.coverage_ema.hard", 2.0);
        boolean[] hard = {true, true};
        ReplayResult r = AcceptanceEngine.replay(all, controlled(fill(2, 0.9), hard), Progress.NONE);
        assertThat(r.trace().hardBreaches(0)).containsExactly(Guard.COVERAGE, Guard.LATENCY, Guard.SURPRISAL);
        assertThat(r.trace().blockReason(0)).isEqualTo(BlockReason.GUARD_SURPRISAL);
        ReplayResult covLat = AcceptanceEngine.replay(CONTROLLED.with("guards.coverage_ema.hard", 2.0),
                controlled(fill(2, 0.9), hard), Progress.NONE);
        assertThat(covLat.trace().blockReason(0)).isEqualTo(BlockReason.GUARD_COVERAGE);
        ReplayResult lat = AcceptanceEngine.replay(CONTROLLED, controlled(fill(2, 0.9), hard), Progress.NONE);
        assertThat(lat.trace().blockReason(0)).isEqualTo(BlockReason.GUARD_LATENCY);
        assertThat(lat.summary().execBlockRateByReason()).containsEntry("guard_latency", 1.0)
                .containsEntry("decision", 0.0);
        // without hard_block_on_guard a hard breach still moves PASS to BLOCK, whose scale is 0
        ReplayResult soft = AcceptanceEngine.replay(CONTROLLED.with("execution.hard_block_on_guard", false)
                .with("execution.scale_map.BLOCK", 0.25), controlled(fill(2, 0.9), hard), Progress.NONE);
        assertThat(soft.trace().riskScale()[0]).isEqualTo(0.25);
        assertThat(soft.trace().blockReason(0)).isEqualTo(BlockReason.NONE);
    }

    @Test
    void riskScaleFollowsTheScaleMapClippedToTheNotionalBounds() {
        AcceptanceProfile p = CONTROLLED.with("execution.base_notional", 4.0).with("execution.max_notional", 3.0);
        double[] kappa = {0.9, 0.3, 0.3, 0.3};
        ReplayResult r = AcceptanceEngine.replay(p, controlled(kappa, null), Progress.NONE);
        assertThat(r.trace().riskScale()).containsExactly(0.75, 0.75, 0.75, 0.5); // min(4, 3) / 4; 4 * 0.5 / 4
        assertThat(r.summary().avgRiskScale()).isCloseTo((0.75 * 3 + 0.5) / 4, within(1e-12));
    }

    @Test
    void warmUpStepsAreNotCounted() {
        AcceptanceProfile p = AcceptanceProfile.defaults().with("warmup", 10);
        ReplayResult r = AcceptanceEngine.replay(p, Series.of("s", AcceptanceBenchmark.synthetic(30, 1)), Progress.NONE);
        assertThat(r.summary().nSteps()).isEqualTo(20);
        assertThat(r.trace().t()[0]).isEqualTo(10);
        assertThat(r.trace().t()[19]).isEqualTo(29);
    }

    @Test
    void summaryCountsSharesViolationsTransitionsAndFlapRate() {
        double[] kappa = new double[20];
        Arrays.fill(kappa, 0.9);
        kappa[0] = kappa[1] = kappa[2] = 0.1; // soft kappa breach: kappa_plus = 0.0 -> raw DERISK? 0 < 0.25: BLOCK
        ReplayResult r = AcceptanceEngine.replay(CONTROLLED, controlled(kappa, null), Progress.NONE);
        ReplaySummary s = r.summary();
        assertThat(s.nSteps()).isEqualTo(20);
        assertThat(s.violationEvents()).containsEntry("kappa", 3).containsEntry("coverage", 0)
                .containsEntry("latency", 0).containsEntry("surprisal", 0).containsEntry("width", 0);
        assertThat(s.violationRate()).isEqualTo(3 / 20.0);
        assertThat(r.trace().raw(0)).isEqualTo(State.BLOCK);
        assertThat(states(r)[2]).isEqualTo(State.BLOCK); // third worse step: PASS -> raw BLOCK
        assertThat(s.passShare() + s.deriskShare() + s.blockShare()).isCloseTo(1.0, within(1e-12));
        assertThat(s.flapRateK()).isEqualTo(s.transitionCount() * 1000.0 / 20);
        assertThat(s.coverageEmpirical()).isEqualTo(1.0);
        assertThat(s.coverageAbsErr()).isCloseTo(0.1, within(1e-12));
        assertThat(s.finalState()).isEqualTo(r.trace().state(19));
    }
}
