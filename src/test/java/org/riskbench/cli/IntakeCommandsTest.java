package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntakeCommandsTest {
    @TempDir
    Path dir;

    @Test
    void validateAcceptsTheSampleAndPrintsTypes() {
        CliTest.Result r = CliTest.run("validate", "sample-data/transactions/transacciones_es.csv", "--workspace", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("windows-1252", "semicolon", "monto", "decimal", "decimal_comma", "dd/MM/yyyy");
        assertThat(r.out()).contains("schema:     customer_id = column 1 (cliente_id), amount = column 2 (monto), date = column 3 (fecha),");
    }

    @Test
    void aNegativeSizeLimitIsBadUsage() {
        CliTest.Result r = CliTest.run("validate", "sample-data/transactions/transactions.csv", "--size-limit-mb", "-1",
                "--workspace", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: --size-limit-mb must be 0 (no limit) or more, got -1");
    }

    @Test
    void validateRefusesWithExitCode2AndLinesButNoStackTrace() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b\n1,2\n1,2,3\n");
        CliTest.Result r = CliTest.run("validate", bad.toString(), "--schema", "none", "--workspace", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("line 3", "3 fields");
        assertThat(r.err()).contains("refused").doesNotContain("Exception");
        CliTest.Result json = CliTest.run("validate", bad.toString(), "--schema", "none", "--json", "--max-bad-ratio", "0.6");
        assertThat(json.code()).isZero();
        assertThat(json.out()).contains("\"badRows\" : 1", "\"accepted\" : true");
        assertThat(CliTest.run("validate", dir.resolve("nope.csv").toString()).code()).isEqualTo(2);
    }

    @Test
    void synthInferAndInboxListWorkTogether() {
        Path tx = dir.resolve("tx.csv");
        assertThat(CliTest.run("synth", "transactions", "--rows", "300", "--out", tx.toString()).code()).isZero();
        Path ws = dir.resolve("ws");
        CliTest.Result infer = CliTest.run("infer", tx.toString(), "--workspace", ws.toString());
        assertThat(infer.code()).as(infer.err()).isZero();
        assertThat(infer.out()).contains("queued an-", "processed an-", "1 processed, 0 failed");
        CliTest.Result list = CliTest.run("inbox", "list", "--workspace", ws.toString());
        assertThat(list.out()).contains("processed", "tx.csv", "300");
        // an empty inbox is nothing to do, not an empty job in the history
        String jobsBefore = CliTest.run("jobs", "list", "--workspace", ws.toString()).out();
        CliTest.Result empty = CliTest.run("inbox", "process", "--workspace", ws.toString());
        assertThat(empty.code()).isZero();
        assertThat(empty.out()).startsWith("nothing pending in ");
        assertThat(CliTest.run("jobs", "list", "--workspace", ws.toString()).out()).isEqualTo(jobsBefore);
        assertThat(CliTest.run("inbox", "watch", "--interval", "0.01", "--rounds", "2", "--workspace", ws.toString()).code()).isZero();
    }

    @Test
    void inferRefusesABadFileWithExitCode2() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "customer_id,amount\nC1,5\n");
        CliTest.Result r = CliTest.run("infer", bad.toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("required column date").doesNotContain("Exception");
    }
}
