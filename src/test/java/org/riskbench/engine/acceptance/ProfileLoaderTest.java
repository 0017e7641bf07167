package org.riskbench.engine.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;

class ProfileLoaderTest {

    @TempDir
    Path dir;

    @Test
    void aFileWithoutProfilesIsOneProfileNamedDefaultWithSpecDefaultsElsewhere() throws Exception {
        Path f = dir.resolve("p.yaml");
        Files.writeString(f, "warmup: 20\nhysteresis:\n  dwell_pass: 5\n  fast_path: true\nsigma_floor: 1e-9\n");
        AcceptanceProfile p = ProfileLoader.load(f, null);
        assertThat(p.name()).isEqualTo("default");
        assertThat(p.get("warmup")).isEqualTo(20);
        assertThat(p.get("hysteresis.dwell_pass")).isEqualTo(5);
        assertThat(p.get("hysteresis.fast_path")).isEqualTo(true);
        assertThat(p.get("sigma_floor")).isEqualTo(1e-9);
        assertThat(p.get("icp.gamma")).isEqualTo(0.005);
        assertThat(p.get("execution.scale_map.DERISK")).isEqualTo(0.5);
        assertThat(ProfileLoader.load(f, "default")).isEqualTo(p);
    }

    @Test
    void emptyDocumentGivesTheDefaults() {
        AcceptanceProfile p = ProfileLoader.loadString("");
        assertThat(p).isEqualTo(AcceptanceProfile.defaults());
        assertThat(p.ciGating()).isEqualTo(new CiGating(0.2, 0.08, 2, 3));
    }

    @Test
    void picksANamedProfileAndRequiresANameWhenThereAreSeveral() throws Exception {
        Path f = dir.resolve("multi.yaml");
        Files.writeString(f, "profiles:\n  default: {}\n  strict:\n    kappa: {tau_pass: 0.6}\n");
        assertThat(ProfileLoader.load(f, "strict").get("kappa.tau_pass")).isEqualTo(0.6);
        assertThat(ProfileLoader.load(f, "strict").name()).isEqualTo("strict");
        assertThat(ProfileLoader.loadAll(f)).containsOnlyKeys("default", "strict");
        assertThatThrownBy(() -> ProfileLoader.load(f, null)).isInstanceOf(InputException.class)
                .hasMessageContaining("default, strict");
        assertThatThrownBy(() -> ProfileLoader.load(f, "lax")).hasMessageContaining("no profile named 'lax'")
                .hasMessageContaining("default, strict");
    }

    @Test
    void unknownKeyNamesItsPathAndTheValidKeysOfItsSection() {
        assertThatThrownBy(() -> ProfileLoader.loadString("hysteresis:\n  dwel_pass: 3\n", "p.yaml", null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("p.yaml: profile 'default'")
                .hasMessageContaining("unknown key 'hysteresis.dwel_pass'")
                .hasMessageContaining("tau_pass_up, downgrade_confirm, dwell_derisk, dwell_pass, block_cooldown, fast_path, extended_recovery");
        assertThatThrownBy(() -> ProfileLoader.loadString("warmpu: 3\n"))
                .hasMessageContaining("unknown key 'warmpu'").hasMessageContaining("the top level")
                .hasMessageContaining("forecaster, warmup, sigma_floor");
        assertThatThrownBy(() -> ProfileLoader.loadString("execution: {scale_map: {HOLD: 1}}"))
                .hasMessageContaining("'execution.scale_map.HOLD'").hasMessageContaining("PASS, DERISK, BLOCK");
    }

    @Test
    void wrongTypeNamesKeyValueAndExpectedType() {
        assertThatThrownBy(() -> ProfileLoader.loadString("warmup: abc"))
                .hasMessageContaining("'warmup'").hasMessageContaining("'abc'").hasMessageContaining("an integer");
        assertThatThrownBy(() -> ProfileLoader.loadString("hysteresis: {fast_path: 3}"))
                .hasMessageContaining("'hysteresis.fast_path'").hasMessageContaining("'3'").hasMessageContaining("boolean");
        assertThatThrownBy(() -> ProfileLoader.loadString("icp: {gamma: [1, 2]}"))
                .hasMessageContaining("'icp.gamma'").hasMessageContaining("a decimal number");
        assertThatThrownBy(() -> ProfileLoader.loadString("warmup: 2.5"))
                .hasMessageContaining("'warmup'").hasMessageContaining("'2.5'");
        assertThatThrownBy(() -> ProfileLoader.loadString("guards: 3"))
                .hasMessageContaining("'guards' must be a mapping");
    }

    @Test
    void outOfRangeValuesNameTheKey() {
        assertThatThrownBy(() -> ProfileLoader.loadString("warmup: 1")).hasMessageContaining("'warmup' is 1 but must be at least 2");
        assertThatThrownBy(() -> ProfileLoader.loadString("icp: {window: 0}")).hasMessageContaining("'icp.window'");
        assertThatThrownBy(() -> ProfileLoader.loadString("forecaster: {mu_halflife: 0}"))
                .hasMessageContaining("'forecaster.mu_halflife'");
        assertThatThrownBy(() -> ProfileLoader.loadString("icp: {alpha_min: 0.2}"))
                .hasMessageContaining("'icp.alpha_min'");
    }

    @Test
    void keepsTheCalibrationSectionRaw() {
        AcceptanceProfile p = ProfileLoader.loadString(
                "calibration:\n  objective_weights: {w_pass: 2, w_cov: 1.5}\n  hard_constraints: [\"coverage>=0.85\"]\n");
        JsonNode c = p.calibration().orElseThrow();
        assertThat(c.get("objective_weights").get("w_pass").asInt()).isEqualTo(2);
        assertThat(c.get("hard_constraints").get(0).asText()).isEqualTo("coverage>=0.85");
        assertThat(p.toTree().get("calibration")).isEqualTo(c);
        assertThat(ProfileLoader.loadString("calibration: {hard_constraints: 'coverage_min:0.8'}").calibration()).isPresent();
        assertThatThrownBy(() -> ProfileLoader.loadString("calibration: {objective_weights: {w_pass: high}}"))
                .hasMessageContaining("calibration.objective_weights.w_pass");
    }

    @Test
    void refusesDuplicateKeysAndBadYamlWithALocation() {
        assertThatThrownBy(() -> ProfileLoader.loadString("warmup: 3\nwarmup: 4\n", "d.yaml", null))
                .hasMessageStartingWith("d.yaml:2:");
        assertThatThrownBy(() -> ProfileLoader.loadString("icp: {gamma: 1\n", "b.yaml", null))
                .hasMessageStartingWith("b.yaml:");
        // SnakeYAML's nine lines (context, excerpt, caret) become one
        assertThatThrownBy(() -> ProfileLoader.loadString("icp:\n  alpha_target: [oops\n", "broken.yaml", null))
                .hasMessage("broken.yaml:3:1: not valid YAML: expected ',' or ']', but got <stream end> "
                        + "(while parsing a flow sequence that starts at 2:17).");
    }

    @Test
    void parameterPathsListEveryKeyWithItsType() {
        List<ParameterPath> paths = ProfileLoader.parameterPaths();
        assertThat(paths).hasSize(50);
        assertThat(paths).contains(new ParameterPath("hysteresis.dwell_pass", ParamType.INTEGER, 10),
                new ParameterPath("guards.latency_p95.soft", ParamType.DECIMAL, 300.0),
                new ParameterPath("execution.scale_map.DERISK", ParamType.DECIMAL, 0.5),
                new ParameterPath("icp.gamma", ParamType.DECIMAL, 0.005),
                new ParameterPath("hysteresis.fast_path", ParamType.BOOLEAN, false));
        AcceptanceProfile d = AcceptanceProfile.defaults();
        for (ParameterPath pp : paths) {
            assertThat(d.get(pp.path())).as(pp.path()).isEqualTo(
                    pp.type() == ParamType.DECIMAL ? ((Number) pp.defaultValue()).doubleValue() : pp.defaultValue());
        }
    }

    @Test
    void withReturnsANewProfileAcceptsLegacyPrefixesAndChecksTheValue() {
        AcceptanceProfile d = AcceptanceProfile.defaults();
        AcceptanceProfile p = d.with("governance.acceptance.hysteresis.dwell_pass", 5).with("acceptance.icp.gamma", "0.01")
                .with("hysteresis.fast_path", "true").with("guards.latency_p95.soft", 250);
        assertThat(p.get("hysteresis.dwell_pass")).isEqualTo(5);
        assertThat(p.get("icp.gamma")).isEqualTo(0.01);
        assertThat(p.get("hysteresis.fast_path")).isEqualTo(true);
        assertThat(p.get("guards.latency_p95.soft")).isEqualTo(250.0);
        assertThat(d.get("hysteresis.dwell_pass")).isEqualTo(10);
        assertThatThrownBy(() -> d.with("hysteresis.dwel_pass", 1)).isInstanceOf(InputException.class)
                .hasMessageContaining("dwell_pass");
        assertThatThrownBy(() -> d.with("warmup", "x")).hasMessageContaining("'warmup'");
        assertThatThrownBy(() -> d.with("warmup", 1)).hasMessageContaining("'warmup'");
    }

    @Test
    void toTreeRoundTripsThroughYaml() throws Exception {
        AcceptanceProfile p = AcceptanceProfile.defaults().with("hysteresis.dwell_pass", 7).with("icp.gamma", 0.02);
        String yaml = Json.YAML.writeValueAsString(p.toTree());
        assertThat(yaml).contains("dwell_pass: 7");
        assertThat(ProfileLoader.loadString(yaml)).isEqualTo(p);
    }
}
