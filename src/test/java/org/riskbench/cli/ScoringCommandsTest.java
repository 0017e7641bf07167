package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;

class ScoringCommandsTest {
    @TempDir
    Path dir;

    @Test
    void feedbackWithoutRowsWithABadHeaderOrNotTextIsRefusedAtItsLineWithExit2() throws Exception {
        Path ws = dir.resolve("ws");
        Path fb = dir.resolve("fb.csv");
        Files.writeString(fb, "");
        assertRefused(fb, ws, "riskbench: fb.csv: no feedback rows; the file is empty (expected the header "
                + "analysis_id,row,true_class and one row per scored row).");
        Files.writeString(fb, "analysis_id,row,true_class\n\n");
        assertRefused(fb, ws, "riskbench: fb.csv: no feedback rows; the file holds only its header.");
        Files.writeString(fb, "analysis_id;row;true_class\nan-1;1;limpio\n");
        assertRefused(fb, ws, "riskbench: fb.csv:1: the header must be analysis_id,row,true_class "
                + "(found 'analysis_id;row;true_class'); separate the columns with commas.");
        Files.writeString(fb, "analysis,row,class\nan-1,1,limpio\n");
        assertRefused(fb, ws, "riskbench: fb.csv:1: the header must be analysis_id,row,true_class (found 'analysis,row,class').");
        Files.write(fb, new byte[] {(byte) 0xDB, (byte) 0xD3, 0x75, 0x66});
        assertRefused(fb, ws, "riskbench: fb.csv:1:1: not UTF-8 text (byte 0xDB at offset 0 is not valid UTF-8: binary content, "
                + "or text in another encoding?); save it as UTF-8.");
    }

    private static void assertRefused(Path file, Path ws, String message) {
        CliTest.Result r = CliTest.run("feedback", "--file", file.toString(), "--workspace", ws.toString());
        assertThat(r.code()).as(r.out()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(message);
        assertThat(r.out()).doesNotContain("recorded");
    }

    @Test
    void inferScoresEndToEndWithTheDefaultModelAndTakesFeedback() throws Exception {
        Path tx = dir.resolve("tx.csv");
        assertThat(CliTest.run("synth", "transactions", "--rows", "400", "--seed", "5", "--out", tx.toString()).code()).isZero();
        Path ws = dir.resolve("ws");
        Path out = dir.resolve("out");
        CliTest.Result infer = CliTest.run("infer", tx.toString(), "--out", out.toString(), "--workspace", ws.toString());
        assertThat(infer.code()).as(infer.err()).isZero();
        assertThat(infer.out()).contains("1 processed, 0 failed", "400 rows scored by default-", "\"limpio\":");
        Matcher m = Pattern.compile("processed (an-[0-9a-z-]+)").matcher(infer.out());
        assertThat(m.find()).isTrue();
        String id = m.group(1);

        JsonNode result = Json.MAPPER.readTree(out.resolve(id + ".json").toFile());
        JsonNode scoring = result.path("scoring");
        long total = 0;
        for (JsonNode c : scoring.path("counts")) {
            total += c.asLong();
        }
        assertThat(total).isEqualTo(400);
        assertThat(scoring.path("rows")).hasSize(400);
        JsonNode row = scoring.path("rows").get(0);
        assertThat(row.path("probabilities").size()).isEqualTo(4);
        assertThat(row.path("anomaly").asDouble()).isBetween(0.0, 1.0);
        assertThat(row.path("top_features")).hasSize(3);
        assertThat(result.path("timings_ms").has("scoring")).isTrue();
        List<String> csv = Files.readAllLines(out.resolve(id + "_results.csv"));
        assertThat(csv).hasSize(401);
        assertThat(csv.get(0)).contains("customer_id", "class", "p_limpio", "anomaly", "cluster", "guardrails", "top_features");

        Path fb = dir.resolve("fb.csv");
        Files.writeString(fb, "analysis_id,row,true_class\n" + id + ",1,inusual\n" + id + ",2,limpio\n");
        CliTest.Result feedback = CliTest.run("feedback", "--file", fb.toString(), "--workspace", ws.toString());
        assertThat(feedback.code()).as(feedback.err()).isZero();
        assertThat(feedback.out()).contains("2 row(s)");
        Files.writeString(fb, "analysis_id,row,true_class\n" + id + ",1,rojo\n");
        CliTest.Result bad = CliTest.run("feedback", "--file", fb.toString(), "--workspace", ws.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("fb.csv:2", "rojo");
        // a blank line counts as a line; a byte order mark (Excel's "CSV UTF-8") is accepted
        Files.writeString(fb, "\uFEFFanalysis_id,row,true_class\n\n" + id + ",3,rojo\n");
        CliTest.Result blank = CliTest.run("feedback", "--file", fb.toString(), "--workspace", ws.toString());
        assertThat(blank.code()).isEqualTo(2);
        assertThat(blank.err().strip()).startsWith("riskbench: fb.csv:3:3: true_class 'rojo' is not one of");
        Files.writeString(fb, "\uFEFFanalysis_id,row,true_class\n" + id + ",3,preocupante\n");
        CliTest.Result bom = CliTest.run("feedback", "--file", fb.toString(), "--workspace", ws.toString());
        assertThat(bom.code()).as(bom.err()).isZero();
        assertThat(bom.out()).contains("recorded feedback for 1 row(s)");

        try (org.riskbench.app.AppContext app = org.riskbench.app.AppContext.open(ws, 1)) {
            app.models().feedback(id, 3, "preocupante");
            assertThat(app.models().feedbackOf(id)).containsExactly(java.util.Map.entry(1L, "inusual"),
                    java.util.Map.entry(2L, "limpio"), java.util.Map.entry(3L, "preocupante"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> app.models().feedback(id, 999, "limpio"))
                    .isInstanceOf(org.riskbench.core.InputException.class).hasMessageContaining("row 999");
        }

        CliTest.Result list = CliTest.run("model", "list", "--workspace", ws.toString());
        assertThat(list.out()).contains("default-", "active");
    }

    @Test
    void modelTrainWritesABundleAndPrintsHoldoutMetrics() {
        Path tx = dir.resolve("train.csv");
        assertThat(CliTest.run("synth", "transactions", "--rows", "3000", "--seed", "9", "--out", tx.toString()).code()).isZero();
        Path bundle = dir.resolve("bundle");
        CliTest.Result r = CliTest.run("model", "train", "--data", tx.toString(), "--label", "label", "--out", bundle.toString(),
                "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("holdout", "accuracy", "macro-F1", "per-class F1", "confusion matrix");
        assertThat(bundle.resolve("manifest.json")).exists();
        assertThat(bundle.resolve("model.json")).exists();
        Path small = dir.resolve("small.csv");
        assertThat(CliTest.run("synth", "transactions", "--rows", "100", "--seed", "3", "--out", small.toString()).code()).isZero();
        CliTest.Result withModel = CliTest.run("infer", small.toString(), "--model", bundle.toString(), "--workspace",
                dir.resolve("ws").toString());
        assertThat(withModel.code()).as(withModel.err()).isZero();
        assertThat(withModel.out()).contains("100 rows scored by m-");
        CliTest.Result wrong = CliTest.run("model", "train", "--data", tx.toString(), "--label", "amount", "--workspace",
                dir.resolve("ws").toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("not the file's label column");
    }
}
