package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;

/** {@code model train} on a table that is not transactions, and {@code infer} with the general bundle it writes. */
class GeneralModelCommandTest {
    @TempDir
    Path dir;

    /** The first rows of modeldata's lending_club (MIT): a credit table with a text target {@code Class}. */
    private Path credit(int rows, boolean withLabel) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(getClass().getResource("/classification/lending_club.csv").toURI()));
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(0, rows + 1)) {
            out.add(withLabel ? line : line.substring(0, line.lastIndexOf(',')));
        }
        Path f = dir.resolve(withLabel ? "credit.csv" : "new-loans.csv");
        Files.write(f, out);
        return f;
    }

    @Test
    void aCreditTableWithATextTargetTrainsWithOneCommandAndScoresNewRows() throws Exception {
        Path ws = dir.resolve("ws");
        Path bundle = dir.resolve("credit-model");
        CliTest.Result r = CliTest.run("model", "train", "--data", credit(3000, true).toString(), "--label", "Class",
                "--learner", "gbdt", "--cv", "3", "--seed", "5", "--out", bundle.toString(), "--workspace", ws.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("general model, gbdt, label Class, classes [bad, good]", "cross-validation: 3 stratified folds",
                "majority", "logistic", "holdout:", "permutation importance:");
        JsonNode manifest = Json.MAPPER.readTree(bundle.resolve("manifest.json").toFile());
        assertThat(manifest.path("kind").asText()).isEqualTo("tabular");
        assertThat(manifest.path("positive").asText()).isEqualTo("bad");
        assertThat(Files.readString(bundle.resolve("report.md"))).contains("## Cross-validation", "| majority |", "| logistic |");
        assertThat(CliTest.run("model", "list", "--workspace", ws.toString()).out()).contains("candidate", bundle.toString());

        Path out = dir.resolve("scored");
        CliTest.Result s = CliTest.run("infer", credit(200, false).toString(), "--model", bundle.toString(), "--out", out.toString(),
                "--workspace", ws.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("scored 200 rows of new-loans.csv");
        List<String> lines = Files.readAllLines(out.resolve("new-loans_scored.csv"));
        assertThat(lines).hasSize(201);
        assertThat(lines.get(0)).startsWith("funded_amnt,term,int_rate").endsWith(",p_bad,p_good,predicted_class,anomaly_score");
        String[] first = lines.get(1).split(",");
        double pBad = Double.parseDouble(first[first.length - 4]);
        double pGood = Double.parseDouble(first[first.length - 3]);
        assertThat(pBad + pGood).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(first[first.length - 2]).isIn("bad", "good");
        assertThat(CliTest.run("runs", "list", "--workspace", ws.toString()).out()).contains("inference", "model-train");
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path ws = dir.resolve("ws");
        Path data = credit(300, true);
        CliTest.Result r = CliTest.run("model", "train", "--data", data.toString(), "--label", "Status", "--workspace", ws.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).singleElement().asString().startsWith("riskbench: " + data + ": no column 'Status' for --label");
        CliTest.Result p = CliTest.run("model", "train", "--data", data.toString(), "--label", "Class", "--positive", "ok", "--cv", "2",
                "--learner", "logistic", "--workspace", ws.toString());
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.err().strip().lines()).singleElement().asString()
                .isEqualTo("riskbench: --positive: 'ok' is not a value of 'Class' (values: bad, good)");
        CliTest.Result l = CliTest.run("model", "train", "--data", data.toString(), "--label", "Class", "--learner", "svm",
                "--workspace", ws.toString());
        assertThat(l.code()).isEqualTo(2);
        assertThat(l.err()).contains("--learner: 'svm' is not one of auto, logistic, forest, gbdt, stacking");
    }
}
