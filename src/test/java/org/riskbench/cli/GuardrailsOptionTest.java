package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;

class GuardrailsOptionTest {
    @TempDir
    Path dir;

    @Test
    void aRuleFileRaisesTheClassOfRowsAboveTheThreshold() throws Exception {
        Path tx = dir.resolve("tx.csv");
        assertThat(CliTest.run("synth", "transactions", "--rows", "600", "--seed", "4", "--out", tx.toString()).code()).isZero();
        Path rules = dir.resolve("strict.yaml");
        Files.writeString(rules, """
                rules:
                  reporting_threshold:
                    min_class: preocupante
                """);
        Path out = dir.resolve("out");
        CliTest.Result r = CliTest.run("infer", tx.toString(), "--guardrails", rules.toString(), "--threads", "2", "--out",
                out.toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).as(r.err()).isZero();
        Matcher m = Pattern.compile("processed (an-[0-9a-z-]+)").matcher(r.out());
        assertThat(m.find()).isTrue();
        JsonNode scoring = Json.MAPPER.readTree(out.resolve(m.group(1) + ".json").toFile()).path("scoring");
        // the result says which rules scored it, in words, so the GUI explains a fired rule as it was configured
        assertThat(scoring.path("guardrails_source").asText()).endsWith("strict.yaml");
        assertThat(scoring.path("guardrails_rules").path("reporting_threshold").asText()).endsWith("at least preocupante");
        assertThat(scoring.path("guardrails_rules").has("cash_limit")).isFalse();
        JsonNode rows = scoring.path("rows");
        int above = 0;
        for (JsonNode row : rows) {
            boolean fired = row.path("guardrails").toString().contains("reporting_threshold");
            if (fired) {
                above++;
                assertThat(row.path("class").asText()).isEqualTo("preocupante");
            }
            // the rules the file leaves out do not run
            assertThat(row.path("guardrails").toString()).doesNotContain("cash_limit", "structuring");
        }
        assertThat(above).isPositive();
    }

    @Test
    void aBadKeyIsRefusedWithItsNameBeforeAnythingRuns() throws Exception {
        Path tx = dir.resolve("tx.csv");
        assertThat(CliTest.run("synth", "transactions", "--rows", "50", "--out", tx.toString()).code()).isZero();
        Path rules = dir.resolve("typo.yaml");
        Files.writeString(rules, """
                rules:
                  cash_limit:
                    min_clas: inusual
                """);
        CliTest.Result r = CliTest.run("infer", tx.toString(), "--guardrails", rules.toString(), "--workspace",
                dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("typo.yaml", "rules.cash_limit.min_clas", "unknown key");
        assertThat(r.out()).doesNotContain("queued");

        Files.writeString(rules, "rules: [oops\n");
        CliTest.Result broken = CliTest.run("infer", tx.toString(), "--guardrails", rules.toString(), "--workspace",
                dir.resolve("ws").toString());
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err().strip().lines()).singleElement().asString().isEqualTo("riskbench: typo.yaml:2:1: not valid YAML: "
                + "expected ',' or ']', but got <stream end> (while parsing a flow sequence that starts at 1:8).");
        assertThat(broken.out()).doesNotContain("queued");

        Files.writeString(rules, "rules:\n  structuring:\n    min_class: rojo\n");
        CliTest.Result p = CliTest.run("inbox", "process", "--guardrails", rules.toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.err()).contains("typo.yaml", "rules.structuring.min_class", "rojo");
        Files.writeString(rules, "rules:\n  structuring:\n    min_class: preocupante\n    window_days: 0\n");
        CliTest.Result w = CliTest.run("inbox", "watch", "--rounds", "1", "--guardrails", rules.toString(), "--workspace",
                dir.resolve("ws").toString());
        assertThat(w.code()).isEqualTo(2);
        assertThat(w.err()).contains("typo.yaml", "rules.structuring.window_days");
    }
}
