package org.riskbench.engine.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.riskbench.core.CancelledException;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.acceptance.AcceptanceBenchmark;
import org.riskbench.engine.acceptance.AcceptanceEngine;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.acceptance.Series;

class CalibrationEngineTest {

    static final Path SERIES = Path.of("sample-data/series/synthetic-regime.csv");
    static final Path PROFILE = Path.of("sample-data/profiles/default.yaml");

    static CalibrationRequest sampleRequest(int threads, String constraints) {
        return CalibrationRequest.of(SERIES, PROFILE, null, "@sample-data/grids/basic.txt", null, constraints, 5, null,
                threads, "run-1");
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        CalibrationResult one = CalibrationEngine.run(sampleRequest(1, "flap_rate_max:30"), Progress.NONE);
        CalibrationResult three = CalibrationEngine.run(sampleRequest(3, "flap_rate_max:30"), Progress.NONE);
        assertThat(one.points()).hasSize(18);
        for (int i = 0; i < 18; i++) {
            PointResult a = one.points().get(i);
            PointResult b = three.points().get(i);
            assertThat(a.point()).isEqualTo(i);
            assertThat(a.params()).containsExactly(b.params());
            assertThat(a.metrics().toJson()).isEqualTo(b.metrics().toJson());
            assertThat(a.score()).isEqualTo(b.score());
            assertThat(a.failed()).isEqualTo(b.failed());
        }
        assertThat(one.ranking()).containsExactly(three.ranking());
        assertThat(one.pareto()).containsExactly(three.pareto());
        assertThat(Json.pretty(CalibrationArtifacts.topK(one))).isEqualTo(Json.pretty(CalibrationArtifacts.topK(three)));
    }

    @Test
    void eachPointIsTheReplayOfItsOwnProfile() {
        CalibrationRequest q = sampleRequest(2, null);
        CalibrationResult r = CalibrationEngine.run(q, Progress.NONE);
        PointResult p = r.points().get(7);
        AcceptanceProfile expected = q.base().with("hysteresis.dwell_pass", 5).with("kappa.tau_pass", 0.50)
                .with("guards.latency_p95.soft", 300.0);
        assertThat(r.profileOf(7)).isEqualTo(expected);
        Metrics direct = Metrics.of(AcceptanceEngine.summarize(expected, q.series(), Progress.NONE));
        assertThat(p.metrics().toJson()).isEqualTo(direct.toJson());
        assertThat(p.score()).isEqualTo(ObjectiveWeights.DEFAULTS.score(direct, expected));
    }

    @Test
    void ranksByScoreDescendingWithTiesByLowerPoint() {
        List<PointResult> pts = new ArrayList<>();
        double[] scores = {0.5, 0.9, 0.5, -1e9, 0.9};
        for (int i = 0; i < scores.length; i++) {
            pts.add(new PointResult(i, new Object[0], ScoringTest.handMade(), scores[i], scores[i] > -1e9, List.of()));
        }
        assertThat(CalibrationResult.rank(pts)).containsExactly(1, 4, 0, 2, 3);
    }

    @Test
    void paretoKeepsTheFeasiblePointsNoOtherBeatsOnAllFour() {
        // (pass_share up, coverage_abs_err down, flap_rate_k down, exec_block_rate down)
        double[][] objs = {
            {0.8, 0.02, 10, 0.10}, // 0: front
            {0.7, 0.03, 12, 0.12}, // 1: beaten by 0 on all four
            {0.9, 0.05, 20, 0.05}, // 2: front (best pass and block)
            {0.8, 0.02, 10, 0.10}, // 3: equal to 0: neither beats the other, both stay
            {0.8, 0.02, 10, 0.11}, // 4: beaten by 0 (equal on three, worse block)
            {0.95, 0.0, 0, 0.0},   // 5: would beat everything but is infeasible
            {0.6, 0.01, 30, 0.30}, // 6: front (best coverage error)
        };
        List<PointResult> pts = new ArrayList<>();
        for (int i = 0; i < objs.length; i++) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("pass_share", objs[i][0]);
            m.put("coverage_abs_err", objs[i][1]);
            m.put("flap_rate_k", objs[i][2]);
            m.put("exec_block_rate", objs[i][3]);
            boolean feasible = i != 5;
            pts.add(new PointResult(i, new Object[0], Metrics.of(m, "PASS"), feasible ? 0 : -1e9, feasible,
                    feasible ? List.of() : List.of("x")));
        }
        assertThat(CalibrationResult.pareto(pts)).containsExactly(0, 2, 3, 6);
    }

    @Test
    void patchHoldsOnlyTheParametersThatDifferFromTheBase() {
        AcceptanceProfile base = AcceptanceProfile.defaults(); // dwell_pass 10, tau_pass 0.45, latency soft 300
        Grid g = Grid.parse("acceptance.hysteresis.dwell_pass=[5,10];kappa.tau_pass=0.45,0.5;guards.latency_p95.soft=300");
        ObjectNode patch = CalibrationResult.patch(base, g, g.point(1)); // (5, 0.5, 300.0)
        assertThat(patch.toString()).isEqualTo("{\"hysteresis\":{\"dwell_pass\":5},\"kappa\":{\"tau_pass\":0.5}}");
        assertThat(CalibrationResult.patch(base, g, g.point(2)).toString()).isEqualTo("{}"); // (10, 0.45, 300.0)
        Grid s = Grid.parse("execution.scale_map.DERISK=0.25");
        assertThat(CalibrationResult.patch(base, s, s.point(0)).toString())
                .isEqualTo("{\"execution\":{\"scale_map\":{\"DERISK\":0.25}}}");
    }

    @Test
    void reportsPointsDoneOverTotalAndHonoursCancel() {
        List<Double> fractions = new ArrayList<>();
        Progress record = new Progress() {
            @Override
            public synchronized void report(double fraction, String message) {
                fractions.add(fraction);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        CalibrationEngine.run(sampleRequest(2, null), record);
        assertThat(fractions).first().isEqualTo(0.0);
        assertThat(fractions).last().isEqualTo(1.0);
        assertThat(fractions).isSorted();

        AtomicInteger asked = new AtomicInteger();
        Progress cancelSoon = new Progress() {
            @Override
            public void report(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return asked.incrementAndGet() > 3;
            }
        };
        assertThatThrownBy(() -> CalibrationEngine.run(sampleRequest(2, null), cancelSoon))
                .isInstanceOf(CancelledException.class);
    }

    @Test
    void refusesBeforeWorkAPointWhoseProfileIsInvalid() {
        Series s = Series.of("s", AcceptanceBenchmark.synthetic(200, 1));
        Grid g = Grid.parse("icp.alpha_max=0.5,0.08;icp.gamma=0.01");
        assertThatThrownBy(() -> CalibrationRequest.of(AcceptanceProfile.defaults(), s, g, ObjectiveWeights.DEFAULTS,
                HardConstraints.NONE, 5, 1)).isInstanceOf(InputException.class)
                .hasMessageContaining("grid point 1 (icp.alpha_max=0.08, icp.gamma=0.01)")
                .hasMessageContaining("alpha_target");
        Grid w = Grid.parse("warmup=50,199");
        assertThatThrownBy(() -> CalibrationRequest.of(AcceptanceProfile.defaults(), s, w, ObjectiveWeights.DEFAULTS,
                HardConstraints.NONE, 5, 1)).hasMessageContaining("warmup + 2 = 201");
    }

    @Test
    void refusesBadOptionsBeforeWork() {
        assertThatThrownBy(() -> CalibrationRequest.of(SERIES, PROFILE, null, "kappa.tau_pass=0.4", "w_nope=1", null, 5,
                null, 1, null)).isInstanceOf(InputException.class).hasMessageContaining("w_nope");
        assertThatThrownBy(() -> CalibrationRequest.of(SERIES, PROFILE, null, "kappa.tau_pass=0.4", null, "nope>1", 5,
                null, 1, null)).hasMessageContaining("unknown metric 'nope'");
        assertThatThrownBy(() -> CalibrationRequest.of(SERIES, PROFILE, null, "kappa.tau_pass=0.4,0.5", null, null, 5,
                1L, 1, null)).hasMessageContaining("2 points");
        assertThatThrownBy(() -> CalibrationRequest.of(SERIES, PROFILE, null, "kappa.tau_pass=0.4", null, null, 0,
                null, 1, null)).hasMessageContaining("--top-k");
    }
}
