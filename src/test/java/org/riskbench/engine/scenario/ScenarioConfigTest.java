package org.riskbench.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;

class ScenarioConfigTest {
    @TempDir
    Path dir;

    @Test
    void emptyMapGivesSpecDefaults() {
        ScenarioConfig c = ScenarioConfig.fromMap(Map.of());
        assertThat(c).isEqualTo(ScenarioConfig.defaults());
        assertThat(c.name()).isEqualTo("blrm_v1");
        assertThat(c.inputPath()).isNull();
        assertThat(c.outputDir()).isNull();
        assertThat(c.target()).isEqualTo("target");
        assertThat(c.nScenarios()).isEqualTo(5);
        assertThat(c.seed()).isEqualTo(42L);
        assertThat(c.shockSd()).isEqualTo(0.05);
        assertThat(c.bootstrap()).isTrue();
        assertThat(c.hitBand()).isEqualTo(2.0);
        assertThat(c.ridge()).isEqualTo(0.0);
        assertThat(c.maxRuntimeSec()).isEqualTo(300.0);
        assertThat(c.bestBy()).isEqualTo("avg_score");
    }

    @Test
    void refusesAnEmptyConfigFileNamingItButTakesBracesAsAllDefaults() {
        Path empty = TestFiles.write(dir, "empty.yaml", "# only a comment\n");
        Path braces = TestFiles.write(dir, "defaults.json", "{}");

        assertThatThrownBy(() -> ScenarioConfig.load(empty)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(empty + ": the scenario config is empty");
        assertThat(ScenarioConfig.load(braces)).isEqualTo(ScenarioConfig.defaults());
    }

    @Test
    void refusesUnknownKeyNamingItAndListingValidKeys() {
        assertThatThrownBy(() -> ScenarioConfig.fromMap(Map.of("n_scenario", 5)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("unknown key \"n_scenario\"")
                .hasMessageContaining("n_scenarios").hasMessageContaining("max_runtime_sec");
    }

    @Test
    void refusesWrongTypeNamingKeyValueAndExpectedType() {
        assertThatThrownBy(() -> ScenarioConfig.fromMap(Map.of("n_scenarios", "ten")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("\"n_scenarios\"").hasMessageContaining("\"ten\"")
                .hasMessageContaining("expected an integer");
        assertThatThrownBy(() -> ScenarioConfig.fromMap(Map.of("bootstrap", "yes")))
                .hasMessageContaining("\"bootstrap\"").hasMessageContaining("expected a boolean");
        assertThatThrownBy(() -> ScenarioConfig.fromMap(Map.of("shock_sd", true)))
                .hasMessageContaining("\"shock_sd\"").hasMessageContaining("expected a number");
        assertThatThrownBy(() -> ScenarioConfig.fromMap(Map.of("n_scenarios", 2.5)))
                .hasMessageContaining("\"n_scenarios\" has value 2.5").hasMessageContaining("expected an integer");
    }

    @Test
    void refusesOutOfRangeValuesNamingTheKey() {
        assertThatThrownBy(() -> ScenarioConfig.fromMap(Map.of("n_scenarios", 0))).hasMessageContaining("n_scenarios");
        assertThatThrownBy(() -> ScenarioConfig.fromMap(Map.of("ridge", -1))).hasMessageContaining("ridge");
        assertThatThrownBy(() -> ScenarioConfig.fromMap(Map.of("best_by", "mae"))).hasMessageContaining("best_by")
                .hasMessageContaining("avg_score, p_hit, rmse");
        assertThatThrownBy(() -> ScenarioConfig.fromMap(Map.of("max_runtime_sec", 0)))
                .hasMessageContaining("max_runtime_sec");
    }

    @Test
    void yamlFileResolvesRelativePathsAgainstItsFolder() {
        Path f = TestFiles.write(dir, "cfg.yaml", "name: t1\ninput_path: data/in.csv\noutput_dir: out\nseed: 7\n"
                + "shock_sd: 0\nridge: 1\n");
        ScenarioConfig c = ScenarioConfig.load(f);
        assertThat(c.name()).isEqualTo("t1");
        assertThat(c.inputPath()).isEqualTo(dir.toAbsolutePath().resolve("data/in.csv"));
        assertThat(c.outputDir()).isEqualTo(dir.toAbsolutePath().resolve("out"));
        assertThat(c.seed()).isEqualTo(7L);
        assertThat(c.shockSd()).isEqualTo(0.0);
        assertThat(c.ridge()).isEqualTo(1.0);
    }

    @Test
    void jsonFileErrorsNameTheFileAndKey() {
        Path f = TestFiles.write(dir, "cfg.json", "{\"seed\": \"abc\"}");
        assertThatThrownBy(() -> ScenarioConfig.load(f)).isInstanceOf(InputException.class)
                .hasMessageContaining("cfg.json").hasMessageContaining("\"seed\"");
        Path broken = TestFiles.write(dir, "broken.json", "{\"seed\": 1,,}");
        assertThatThrownBy(() -> ScenarioConfig.load(broken)).isInstanceOf(InputException.class)
                .hasMessageContaining("broken.json:1:");
    }

    @Test
    void sampleConfigsLoad() {
        ScenarioConfig blrm = ScenarioConfig.load(Path.of("sample-data/scenarios/blrm.yaml"));
        assertThat(blrm.inputPath()).exists();
        ScenarioConfig synth = ScenarioConfig.load(Path.of("sample-data/scenarios/synthetic.json"));
        assertThat(synth.inputPath()).isNull();
    }
}
