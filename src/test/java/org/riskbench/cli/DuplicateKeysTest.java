package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key given twice in a YAML or JSON file is refused with the key and its line (one value silently won before). */
class DuplicateKeysTest {
    private static final String SERIES = "sample-data/series/co2.csv";
    private static final String PROFILE = "sample-data/profiles/default.yaml";

    @TempDir
    Path dir;

    private String ws() {
        return dir.resolve("ws").toString();
    }

    private static void refused(CliTest.Result r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: " + message);
    }

    @Test
    void aYamlScenarioConfigWithARepeatedKey() throws Exception {
        Path config = Files.writeString(dir.resolve("c.yaml"), "name: a\nn_scenarios: 5\nseed: 1\nn_scenarios: 7\n");
        refused(CliTest.run("scenario", "run", "--config", config.toString(), "--workspace", ws()),
                config + ":4:12: not valid YAML: the key 'n_scenarios' appears twice in one mapping; keep one.");
    }

    @Test
    void aJsonScenarioConfigWithARepeatedKey() throws Exception {
        Path config = Files.writeString(dir.resolve("c.json"), "{\n  \"name\": \"a\",\n  \"seed\": 1,\n  \"seed\": 2\n}\n");
        CliTest.Result r = CliTest.run("scenario", "run", "--config", config.toString(), "--workspace", ws());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).matches("riskbench: " + java.util.regex.Pattern.quote(config.toString())
                + ":4:\\d+: not valid JSON: the key 'seed' appears twice in one mapping; keep one\\.");
    }

    @Test
    void aProfileWithARepeatedNestedKey() throws Exception {
        Path profile = Files.writeString(dir.resolve("p.yaml"), Files.readString(Path.of(PROFILE))
                + "\nhysteresis:\n  dwell_pass: 3\n");
        CliTest.Result r = CliTest.run("replay", "--series", SERIES, "--profile", profile.toString(),
                "--out", dir.resolve("out").toString(), "--workspace", ws());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("riskbench: " + profile + ":").contains("'hysteresis' appears twice");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void guardrailsWithARepeatedRule() throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n  cash_limit:\n    enabled: true\n    enabled: false\n");
        CliTest.Result r = CliTest.run("infer", "sample-data/transactions/transactions.csv", "--guardrails", rules.toString(),
                "--workspace", ws());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: rules.yaml:4:12: not valid YAML: the key 'enabled' appears twice in"
                + " one mapping; keep one.");
    }

    @Test
    void aProjectYamlWithARepeatedKey() throws Exception {
        Path project = dir.resolve("demo");
        assertThat(CliTest.run("project", "create", "risk-scenarios", "demo", "--dir", project.toString(), "--workspace", ws())
                .code()).isZero();
        Path yaml = project.resolve("project.yaml");
        Files.writeString(yaml, Files.readString(yaml) + "name: again\n");
        CliTest.Result r = CliTest.run("step", "--project", project.toString(), "--step", "etl", "--workspace", ws());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("riskbench: ").contains("project.yaml:")
                .endsWith(": not valid YAML: the key 'name' appears twice in one mapping; keep one.");
    }
}
