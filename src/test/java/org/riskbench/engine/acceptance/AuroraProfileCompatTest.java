package org.riskbench.engine.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;
import org.riskbench.engine.calibration.HardConstraints;
import org.riskbench.engine.calibration.ObjectiveWeights;
import org.riskbench.testsupport.CompatFiles;

/** The AURORA documents' profile spellings (docs/migration.md): each form read as Riskbench's own, or refused naming the replacement. */
class AuroraProfileCompatTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws Exception {
        return CompatFiles.copy("aurora", name, dir.resolve(name));
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theNestedExecutionGatingSnippetIsTheFlatExecutionSection() throws Exception {
        AcceptanceProfile nested = ProfileLoader.load(resource("execution_gating.yaml"), null);
        AcceptanceProfile flat = ProfileLoader.loadString("""
                execution:
                  base_notional: 1.0
                  scale_map: {PASS: 1.0, DERISK: 0.5, BLOCK: 0.0}
                  hard_block_on_guard: true
                  min_notional: 0.0
                  max_notional: 1.0e9
                """);
        assertThat(nested).isEqualTo(flat);
        AcceptanceProfile changed = ProfileLoader.loadString("execution: {gating: {scale_map: {DERISK: 0.25}, hard_block_on_guard: false}}");
        assertThat(changed.get("execution.scale_map.DERISK")).isEqualTo(0.25);
        assertThat(changed.get("execution.hard_block_on_guard")).isEqualTo(false);

        assertThatThrownBy(() -> ProfileLoader.loadString("execution: {min_notional: 0, gating: {min_notional: 1}}"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("key 'execution.min_notional' is given both as 'execution.gating.min_notional' and directly");
        assertThatThrownBy(() -> ProfileLoader.loadString("execution: {gating: {scale: 1}}"))
                .hasMessageContaining("unknown key 'execution.gating.scale'; valid keys of 'execution.gating': scale_map,"
                        + " hard_block_on_guard, min_notional, max_notional");
    }

    @Test
    void governanceProfileAcceptanceNestingIsTheProfilesForm() throws Exception {
        Path governance = write("master.yaml", """
                governance:
                  default:
                    acceptance:
                      hysteresis: {dwell_pass: 5, dwell_derisk: 30}
                      guards: {latency_p95: {soft: 250}}
                    execution: {gating: {scale_map: {DERISK: 0.4}}}
                  research:
                    acceptance:
                      kappa: {tau_pass: 0.72}
                """);
        Path profiles = write("profiles.yaml", """
                profiles:
                  default:
                    hysteresis: {dwell_pass: 5, dwell_derisk: 30}
                    guards: {latency_p95: {soft: 250}}
                    execution: {scale_map: {DERISK: 0.4}}
                  research:
                    kappa: {tau_pass: 0.72}
                """);
        assertThat(ProfileLoader.loadAll(governance)).isEqualTo(ProfileLoader.loadAll(profiles));
        assertThat(ProfileLoader.loadString("governance: {acceptance: {hysteresis: {dwell_pass: 7}}}").get("hysteresis.dwell_pass"))
                .isEqualTo(7);
        assertThatThrownBy(() -> ProfileLoader.loadString("governance: {p: {acceptance: {warmup: 60}, warmup: 70}}"))
                .hasMessageContaining("key 'warmup' is given both under 'acceptance' and directly");
    }

    @Test
    void objectiveWeightsWrittenAsAStringAreTheMapping() throws Exception {
        AcceptanceProfile production = ProfileLoader.load(resource("production.yaml"), null);
        assertThat(ObjectiveWeights.resolve(null, production)).usingRecursiveComparison().ignoringFields("source")
                .isEqualTo(ObjectiveWeights.parse("coverage:0.4,latency:0.15,surprisal:0.15,blocked:0.15,derisk:0.15"));
        assertThat(HardConstraints.resolve(null, production).texts())
                .containsExactly("coverage_min:0.86", "latency_p95_max:450", "blocked_ratio_max:0.25");
        AcceptanceProfile eq = ProfileLoader.loadString("calibration: {objective_weights: \"w_pass=1,w_derisk=0.5,w_block=2\"}");
        assertThat(ObjectiveWeights.resolve(null, eq)).usingRecursiveComparison().ignoringFields("source")
                .isEqualTo(ObjectiveWeights.parse("w_pass=1,w_derisk=0.5,w_block=2"));
        assertThatThrownBy(() -> ProfileLoader.loadString("calibration: {objective_weights: \"w_pass=high\"}"))
                .hasMessageContaining("key 'calibration.objective_weights': weight 'w_pass' is 'high', not a number");
    }

    @Test
    void ciGatingCoverageFormReadsItsToleranceFromTheThresholdsFile() throws Exception {
        Path master = resource("master_ci_gating.yaml");
        assertThatThrownBy(() -> ProfileLoader.load(master, null))
                .hasMessageContaining("'ci_gating.metrics[0].threshold_key' is 'ci.coverage_tolerance.max', to be read from")
                .hasMessageContaining("ci_thresholds.yaml, which does not exist");
        resource("ci_thresholds.yaml");
        CiGating gating = ProfileLoader.load(master, null).ciGating();
        assertThat(gating).isEqualTo(new CiGating(0.2, 0.08, 2, 3));
        // a literal dotted key in the thresholds file reads the same
        write("ci_thresholds.yaml", "ci.coverage_tolerance.max: 0.05\n");
        assertThat(ProfileLoader.load(master, null).ciGating().tolerance()).isEqualTo(0.05);

        Path other = write("other.yaml", Files.readString(master).replace("\"<=\"", "\">=\""));
        assertThatThrownBy(() -> ProfileLoader.load(other, null))
                .hasMessageContaining("'ci_gating.metrics[0].relation' is '>=' but must be '<='");
        // beside 'profiles', the section applies to every profile that has none of its own
        Path shared = write("shared.yaml", "profiles: {a: {warmup: 60}, b: {ci_gating: {tolerance: 0.1}}}\n"
                + Files.readString(master));
        assertThat(ProfileLoader.load(shared, "a").ciGating().tolerance()).isEqualTo(0.05);
        assertThat(ProfileLoader.load(shared, "b").ciGating().tolerance()).isEqualTo(0.1);
    }

    @Test
    void theServiceSectionsOfMasterYamlAreRefusedNamingWhatToDo() throws Exception {
        assertThatThrownBy(() -> ProfileLoader.load(resource("master_service.yaml"), null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("profile 'default': unknown key 'service'; the AURORA API service's settings are not"
                        + " part of an acceptance profile: remove the section");
    }

    @Test
    void theGatingTablesThresholdKeysAreRefusedNamingTheirRiskbenchBounds() {
        assertThatThrownBy(() -> ProfileLoader.loadString("acceptance: {max_interval_rel_width: 0.5}"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("unknown key 'max_interval_rel_width'; AURORA's width guard is Riskbench's optional"
                        + " 'guards.rel_width_p95.hard'; write guards: {rel_width_p95: {hard: NUMBER}}");
        assertThatThrownBy(() -> ProfileLoader.loadString("governance: {p: {acceptance: {surprisal_p95_guard: 3}}}"))
                .hasMessageContaining("'guards.surprisal_p95.hard'");
        assertThatThrownBy(() -> ProfileLoader.loadString("coverage_lower_bound: 0.8")).hasMessageContaining("'guards.coverage_ema.hard'");
        assertThatThrownBy(() -> ProfileLoader.loadString("latency_p95_max_ms: 500")).hasMessageContaining("'guards.latency_p95.hard'");
    }

    @Test
    void theOptionalHardWidthBoundIsAbsentByDefaultAndItsBreachBlocksWithReasonGuardWidth() {
        Series series = series();
        AcceptanceProfile spec = AcceptanceProfile.defaults();
        assertThat(spec.get("guards.rel_width_p95.hard")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(spec.toTree().path("guards").path("rel_width_p95").has("hard")).isFalse();
        ReplaySummary without = AcceptanceEngine.summarize(spec, series, Progress.NONE);
        assertThat(without.execBlockRateByReason()).doesNotContainKey("guard_width");
        assertThat(ProfileLoader.loadString("guards: {rel_width_p95: {hard: none}}")).isEqualTo(spec);

        AcceptanceProfile bounded = spec.with("guards.rel_width_p95.hard", 0.05);
        ReplayResult r = AcceptanceEngine.replay(bounded, series, Progress.NONE);
        assertThat(r.summary().execBlockRateByReason().get("guard_width")).isGreaterThan(0.5);
        assertThat(r.summary().blockShare()).isGreaterThan(without.blockShare());
        int i = 0;
        while (r.trace().blockReason(i) != BlockReason.GUARD_WIDTH) {
            i++;
        }
        assertThat(r.trace().riskScale()[i]).isZero();
        assertThat(Guard.fromMask(r.trace().hardMask(i))).contains(Guard.WIDTH);
        assertThat(bounded.toTree().path("guards").path("rel_width_p95").path("hard").asDouble()).isEqualTo(0.05);
        assertThat(ReplaySummary.fromJson(r.summary().toJson())).isEqualTo(r.summary());
    }

    /** A noisy level series with a few jumps, seeded. */
    static Series series() {
        Random rng = new Random(21);
        double[] y = new double[600];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + (t > 300 ? 10 : 0) + rng.nextGaussian() * 2;
        }
        return new Series("compat", y.length + 1, null, y, null, null, null, null);
    }
}
