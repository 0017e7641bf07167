package org.riskbench.engine.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.riskbench.core.InputException;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.acceptance.ProfileLoader;

class ScoringTest {

    /** A hand-made summary. */
    static Metrics handMade() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("n_steps", 1000.0);
        m.put("pass_share", 0.7);
        m.put("derisk_share", 0.2);
        m.put("block_share", 0.1);
        m.put("coverage_empirical", 0.88);
        m.put("coverage_abs_err", 0.02);
        m.put("surprisal_p95", 2.0);
        m.put("latency_p95_ms", 150.0);
        m.put("violation_rate", 0.3);
        m.put("transitions.PASS->DERISK", 4.0);
        m.put("flap_rate_k", 12.0);
        m.put("exec_block_rate", 0.1);
        m.put("exec_block_rate.guard_coverage", 0.04);
        return Metrics.of(m, "PASS");
    }

    @Test
    void scoreV1OnAHandMadeSummaryWithDefaultWeights() {
        AcceptanceProfile p = AcceptanceProfile.defaults(); // latency soft 300, surprisal soft 2.5
        double expected = 1 * 0.7 - 0.5 * 0.2 - 2 * 0.1 - 1 * 0.3 - 0.5 * (150.0 / 300.0) - 0.5 * (2.0 / 2.5)
                - 0.5 * (12.0 / 10) - 2 * 0.02;
        // = 0.7 - 0.1 - 0.2 - 0.3 - 0.25 - 0.4 - 0.6 - 0.04 = -1.19
        assertThat(ObjectiveWeights.DEFAULTS.score(handMade(), p)).isCloseTo(-1.19, within(1e-12)).isEqualTo(expected);
    }

    @Test
    void scoreUsesThePointsOwnSoftBounds() {
        AcceptanceProfile p = AcceptanceProfile.defaults().with("guards.latency_p95.soft", 150.0);
        ObjectiveWeights w = ObjectiveWeights.parse("latency=2");
        assertThat(w.score(handMade(), p)).isEqualTo(-2.0);
    }

    @Test
    void parsesWeightsWithKeysAliasesAndBothSeparators() {
        ObjectiveWeights w = ObjectiveWeights.parse("w_pass=2, derisk:0.25,blocked=3,viol:1,w_lat=0.1,surprisal=0.2,flap:0.3,coverage=4");
        assertThat(w.asMap().values()).containsExactly(2.0, 0.25, 3.0, 1.0, 0.1, 0.2, 0.3, 4.0);
        ObjectiveWeights only = ObjectiveWeights.parse("pass=1");
        assertThat(only.asMap().values()).containsExactly(1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        assertThat(only.score(handMade(), AcceptanceProfile.defaults())).isEqualTo(0.7);
    }

    @Test
    void refusesUnknownOrRepeatedWeightKeys() {
        assertThatThrownBy(() -> ObjectiveWeights.parse("w_pass=1,w_speed=2")).isInstanceOf(InputException.class)
                .hasMessageContaining("w_speed").hasMessageContaining("w_pass, w_derisk");
        assertThatThrownBy(() -> ObjectiveWeights.parse("pass=1,w_pass=2")).hasMessageContaining("twice");
        assertThatThrownBy(() -> ObjectiveWeights.parse("pass=much")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ObjectiveWeights.parse("pass")).hasMessageContaining("key=value");
    }

    @Test
    void weightsComeFromTheOptionElseTheProfileElseTheDefaults() {
        AcceptanceProfile strict = ProfileLoader.load(java.nio.file.Path.of("sample-data/profiles/profiles.yaml"), "strict");
        ObjectiveWeights fromProfile = ObjectiveWeights.resolve(null, strict);
        assertThat(fromProfile.source()).isEqualTo("profile");
        assertThat(fromProfile.asMap().values()).containsExactly(1.0, 0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 4.0);
        assertThat(ObjectiveWeights.resolve("pass=1", strict).source()).isEqualTo("option");
        assertThat(ObjectiveWeights.resolve(null, AcceptanceProfile.defaults())).isEqualTo(ObjectiveWeights.DEFAULTS);
    }

    @Test
    void parsesEveryConstraintForm() {
        AcceptanceProfile p = AcceptanceProfile.defaults();
        Metrics m = handMade();
        HardConstraints c = HardConstraints.parse("coverage>=0.85, latency_p95 <= 200,surprisal<2.5,"
                + "flap_rate_k>11, coverage_min:0.88,latency_p95_max:150,blocked_ratio_max:0.1,flap_rate_max:12,"
                + "transitions.PASS->DERISK>=4,exec_block_rate.guard_coverage<=0.04,"
                + "exec_block_rate_by_reason.guard_coverage<0.05,violation_events.coverage>=0", "option");
        assertThat(c.items()).extracting(HardConstraints.Constraint::metric).containsExactly("coverage_empirical",
                "latency_p95_ms", "surprisal_p95", "flap_rate_k", "coverage_empirical", "latency_p95_ms", "block_share",
                "flap_rate_k", "transitions.PASS->DERISK", "exec_block_rate.guard_coverage",
                "exec_block_rate.guard_coverage", "violation_events.coverage");
        assertThat(c.items().get(0).op()).isEqualTo(HardConstraints.Op.GE);
        assertThat(c.items().get(2).op()).isEqualTo(HardConstraints.Op.LT);
        assertThat(c.failed(m, p)).isEmpty();
    }

    @Test
    void referencesAreReadFromThePointsProfile() {
        Metrics m = handMade(); // coverage 0.88, surprisal 2.0, latency 150
        HardConstraints c = HardConstraints.parse("coverage>=bound,surprisal<=guard,latency_p95<slo*0.5,"
                + "latency_p95<=SLO*0.5", "option");
        AcceptanceProfile p = AcceptanceProfile.defaults(); // bound 0.85, guard 2.5, slo 300
        assertThat(c.failed(m, p)).containsExactly("latency_p95<slo*0.5");
        AcceptanceProfile tight = p.with("guards.coverage_ema.soft", 0.9).with("guards.surprisal_p95.soft", 1.5);
        assertThat(c.failed(m, tight)).containsExactly("coverage>=bound", "surprisal<=guard", "latency_p95<slo*0.5");
        assertThat(c.items().get(2).bound(p)).isEqualTo(150.0);
    }

    @Test
    void infeasiblePointsScoreMinusOneBillionAndListTheFailedItems() {
        HardConstraints c = HardConstraints.parse("coverage_min:0.9, flap_rate_max:20, block_share<0.05", "option");
        PointResult r = CalibrationEngine.score(3, new Object[] {1}, handMade(), AcceptanceProfile.defaults(),
                ObjectiveWeights.DEFAULTS, c);
        assertThat(r.feasible()).isFalse();
        assertThat(r.score()).isEqualTo(-1e9);
        assertThat(r.failed()).containsExactly("coverage_min:0.9", "block_share<0.05");
        PointResult ok = CalibrationEngine.score(3, new Object[] {1}, handMade(), AcceptanceProfile.defaults(),
                ObjectiveWeights.DEFAULTS, HardConstraints.NONE);
        assertThat(ok.feasible()).isTrue();
        assertThat(ok.score()).isCloseTo(-1.19, within(1e-12));
    }

    @Test
    void refusesUnknownMetricsAndMalformedConstraints() {
        assertThatThrownBy(() -> HardConstraints.parse("coverage_emp>=0.9", "option")).isInstanceOf(InputException.class)
                .hasMessageContaining("coverage_emp>=0.9").hasMessageContaining("unknown metric 'coverage_emp'");
        assertThatThrownBy(() -> HardConstraints.parse("final_state>=1", "option")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> HardConstraints.parse("coverage_max:0.9", "option")).hasMessageContaining("unknown shorthand");
        assertThatThrownBy(() -> HardConstraints.parse("coverage>=high", "option")).hasMessageContaining("'high'");
        assertThatThrownBy(() -> HardConstraints.parse("coverage>=", "option")).hasMessageContaining("no bound");
        assertThatThrownBy(() -> HardConstraints.parse("coverage=0.9", "option")).hasMessageContaining("neither");
        assertThatThrownBy(() -> HardConstraints.parse("coverage>=x*2", "option")).hasMessageContaining("not a reference");
    }

    @Test
    void constraintsComeFromTheOptionElseTheProfile() {
        AcceptanceProfile strict = ProfileLoader.load(java.nio.file.Path.of("sample-data/profiles/profiles.yaml"), "strict");
        assertThat(HardConstraints.resolve(null, strict).texts()).containsExactly("coverage_min:0.93", "flap_rate_max:20");
        assertThat(HardConstraints.resolve("coverage>=0.5", strict).texts()).containsExactly("coverage>=0.5");
        assertThat(HardConstraints.resolve(null, AcceptanceProfile.defaults()).items()).isEmpty();
        AcceptanceProfile listed = ProfileLoader.loadString("calibration:\n  hard_constraints: [\"coverage>=0.8\", \"nope<1\"]\n");
        assertThatThrownBy(() -> HardConstraints.resolve(null, listed)).hasMessageContaining("calibration.hard_constraints")
                .hasMessageContaining("nope");
    }

    @Test
    void metricNamesFlattenNestedSummaryMaps() {
        assertThat(Metrics.NAMES).startsWith("n_steps", "pass_share").endsWith("final_alpha", "final_state")
                .contains("violation_events.coverage", "transitions.PASS->DERISK", "exec_block_rate.guard_coverage",
                        "exec_block_rate.decision");
        assertThat(Metrics.NAMES).hasSize(1 + 7 + 5 + 1 + 6 + 3 + 4 + 2);
        assertThat(List.copyOf(Metrics.NAMES)).doesNotHaveDuplicates();
    }
}
