package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;

class CostMatrixOptionTest {
    @TempDir
    Path dir;

    @Test
    void modelTrainUsesTheGivenCostMatrixAndRecordsIt() throws Exception {
        Path tx = dir.resolve("train.csv");
        assertThat(CliTest.run("synth", "transactions", "--rows", "2000", "--seed", "9", "--out", tx.toString()).code()).isZero();
        Path costs = dir.resolve("costs.yaml");
        Files.writeString(costs, """
                classes: [limpio, relevante, inusual, preocupante]
                costs:
                  - [0, 1, 1, 1]
                  - [50, 0, 1, 1]
                  - [50, 50, 0, 1]
                  - [50, 50, 50, 0]
                """);
        Path bundle = dir.resolve("bundle");
        CliTest.Result r = CliTest.run("model", "train", "--data", tx.toString(), "--label", "label", "--out", bundle.toString(),
                "--cost-matrix", costs.toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode m = Json.MAPPER.readTree(bundle.resolve("manifest.json").toFile()).path("metrics").path("cost_matrix");
        assertThat(m.path("source").asText()).isEqualTo("costs.yaml");
        assertThat(m.path("costs").get(1).get(0).asDouble()).isEqualTo(50.0);
    }

    @Test
    void aBadCostIsRefusedWithFileAndKey() throws Exception {
        Path tx = dir.resolve("train.csv");
        assertThat(CliTest.run("synth", "transactions", "--rows", "1500", "--out", tx.toString()).code()).isZero();
        Path costs = dir.resolve("bad-costs.yaml");
        Files.writeString(costs, "classes: [limpio, relevante, inusual, preocupante]\ncosts:\n  - [0, 1, 2, 3]\n  - [4, 0, x, 2]\n"
                + "  - [8, 4, 0, 1]\n  - [12, 8, 4, 0]\n");
        CliTest.Result r = CliTest.run("model", "train", "--data", tx.toString(), "--label", "label", "--cost-matrix", costs.toString(),
                "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad-costs.yaml", "costs[1][2]");
        Files.writeString(costs, "classes: [limpio, relevante, inusual]\ncosts:\n  - [0, 1, 2]\n  - [4, 0, 1]\n  - [8, 4, 0]\n");
        CliTest.Result missing = CliTest.run("model", "train", "--data", tx.toString(), "--label", "label", "--cost-matrix",
                costs.toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("bad-costs.yaml", "classes", "preocupante");

        Files.writeString(costs, "classes: [limpio, relevante]\ncosts: [[0, 1], [1, 0]\n");
        CliTest.Result broken = CliTest.run("model", "train", "--data", tx.toString(), "--label", "label", "--cost-matrix",
                costs.toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err().strip().lines()).singleElement().asString().isEqualTo("riskbench: bad-costs.yaml:3:1: not valid "
                + "YAML: expected ',' or ']', but got <stream end> (while parsing a flow sequence that starts at 2:8).");
    }
}
