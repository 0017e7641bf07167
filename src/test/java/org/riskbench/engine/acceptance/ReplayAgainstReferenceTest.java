package org.riskbench.engine.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.riskbench.core.Progress;

/** Step-by-step agreement with the naive second implementation in {@link ReferenceReplay}. */
class ReplayAgainstReferenceTest {

    private static final double REL = 1e-9;

    @Test
    void matchesTheReferenceWithTheBuiltInForecaster() {
        double[] y = AcceptanceBenchmark.synthetic(1500, 5);
        compare(AcceptanceProfile.defaults(), y, null, null, null, null);
    }

    @Test
    void matchesTheReferenceWithShortWindowsAndHeavyTails() {
        SplittableRandom rnd = new SplittableRandom(9);
        double[] y = new double[1200];
        double[] lat = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            y[t] = (t > 600 ? 20 : 0) + AcceptanceBenchmark.gaussian(rnd) * (rnd.nextInt(20) == 0 ? 8 : 1);
            lat[t] = rnd.nextInt(10) == 0 ? 700 : 100 + rnd.nextInt(250);
        }
        AcceptanceProfile p = AcceptanceProfile.defaults().with("warmup", 20).with("icp.window", 30)
                .with("surprisal.window", 25).with("latency.window", 10).with("width.window", 7)
                .with("icp.gamma", 0.05).with("hysteresis.fast_path", true).with("hysteresis.extended_recovery", 12)
                .with("hysteresis.block_cooldown", 8).with("hysteresis.dwell_derisk", 4).with("hysteresis.dwell_pass", 3)
                .with("guards.rel_width_p95.soft", 50.0);
        compare(p, y, null, null, lat, null);
    }

    @Test
    void matchesTheReferenceWithAnExternalForecastAndKappa() {
        SplittableRandom rnd = new SplittableRandom(13);
        int n = 800;
        double[] y = new double[n];
        double[] mu = new double[n];
        double[] sigma = new double[n];
        double[] kappa = new double[n];
        for (int t = 0; t < n; t++) {
            mu[t] = Math.sin(t / 30.0);
            sigma[t] = 0.5 + rnd.nextDouble();
            y[t] = mu[t] + sigma[t] * AcceptanceBenchmark.gaussian(rnd) * (t > 400 ? 3 : 1);
            kappa[t] = rnd.nextInt(5) == 0 ? Double.NaN : rnd.nextDouble();
        }
        AcceptanceProfile p = AcceptanceProfile.defaults().with("warmup", 10).with("execution.base_notional", 2.0)
                .with("execution.max_notional", 1.5).with("execution.hard_block_on_guard", false);
        compare(p, y, mu, sigma, null, kappa);
    }

    private static void compare(AcceptanceProfile p, double[] y, double[] mu, double[] sigma, double[] lat, double[] kappa) {
        Series s = new Series("test", 0, null, y, mu, sigma, lat, kappa);
        ReplayResult r = AcceptanceEngine.replay(p, s, Progress.NONE);
        List<ReferenceReplay.Row> ref = ReferenceReplay.run(p, y, mu, sigma, lat, kappa);
        Trace tr = r.trace();
        assertThat(tr.size()).isEqualTo(ref.size());
        int transitions = 0;
        for (int i = 0; i < ref.size(); i++) {
            ReferenceReplay.Row e = ref.get(i);
            String at = "step t=" + e.t();
            assertThat(tr.t()[i]).as(at).isEqualTo(e.t());
            close(tr.mu()[i], e.mu(), at + " mu");
            close(tr.sigma()[i], e.sigma(), at + " sigma");
            close(tr.lower()[i], e.lower(), at + " lower");
            close(tr.upper()[i], e.upper(), at + " upper");
            assertThat(tr.miss()[i]).as(at + " miss").isEqualTo(e.miss());
            close(tr.alpha()[i], e.alpha(), at + " alpha");
            close(tr.coverageEma()[i], e.cov(), at + " coverage_ema");
            close(tr.surprisal()[i], e.surprisal(), at + " surprisal");
            close(tr.surprisalP95()[i], e.surP95(), at + " surprisal_p95");
            close(tr.relWidthP95()[i], e.widthP95(), at + " rel_width_p95");
            close(tr.latencyP95()[i], e.latP95(), at + " latency_p95");
            close(tr.kappa()[i], e.kappa(), at + " kappa");
            close(tr.kappaPlus()[i], e.kappaPlus(), at + " kappa_plus");
            assertThat(Guard.join(tr.softMask(i))).as(at + " soft").isEqualTo(e.soft());
            assertThat(Guard.join(tr.hardMask(i))).as(at + " hard").isEqualTo(e.hard());
            assertThat(tr.raw(i).name()).as(at + " raw").isEqualTo(e.raw());
            assertThat(tr.state(i).name()).as(at + " state").isEqualTo(e.state());
            close(tr.riskScale()[i], e.risk(), at + " risk_scale");
            assertThat(tr.blockReason(i).key()).as(at + " block_reason").isEqualTo(e.reason());
            if (i > 0 && !ref.get(i - 1).state().equals(e.state())) {
                transitions++;
            }
        }
        if (!ref.get(0).state().equals("PASS")) {
            transitions++;
        }
        assertThat(r.summary().transitionCount()).isEqualTo(transitions);
        assertThat(r.summary().finalState().name()).isEqualTo(ref.get(ref.size() - 1).state());
    }

    private static void close(double actual, double expected, String what) {
        if (Double.isInfinite(expected) || expected == 0) {
            assertThat(actual).as(what).isEqualTo(expected);
        } else {
            assertThat(Math.abs(actual - expected)).as(what + " " + actual + " vs " + expected)
                    .isLessThanOrEqualTo(REL * Math.abs(expected));
        }
    }
}
