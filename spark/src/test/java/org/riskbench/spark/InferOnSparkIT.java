package org.riskbench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code riskbench infer FILE --model M --out DIR --spark local[2]} through the built jar: the results row for row
 * those of a local {@code infer} of the same file, a tracked run with the counts and a sample, and the ways a Spark
 * inference is refused or fails.
 */
class InferOnSparkIT {
    static final Path FILE = Path.of("sample-data/transactions/transactions.csv").toAbsolutePath();
    @TempDir
    static Path tmp;
    static Path bundle;

    @BeforeAll
    static void trainABundle() throws Exception {
        bundle = tmp.resolve("bundle");
        RiskbenchProcess.Result trained = RiskbenchProcess.run(tmp.resolve("ws-train"), List.of("model", "train", "--data",
                FILE.toString(), "--label", "label", "--out", bundle.toString()));
        assertThat(trained.exit()).as(trained.toString()).isZero();
    }

    @Test
    void infersOnSparkRowForRowAsLocalInfer() throws Exception {
        Path ws = tmp.resolve("ws1");
        RiskbenchProcess.Result local = RiskbenchProcess.run(ws, List.of("infer", FILE.toString(), "--model", bundle.toString(),
                "--out", tmp.resolve("local").toString()));
        assertThat(local.exit()).as(local.toString()).isZero();
        RiskbenchProcess.Result spark = RiskbenchProcess.run(ws, List.of("infer", FILE.toString(), "--model", bundle.toString(),
                "--out", tmp.resolve("spark").toString(), "--job-id", "inf-spark", "--spark", "local[2]",
                "--spark-conf", "spark.ui.enabled=false"));
        assertThat(spark.exit()).as(spark.toString()).isZero();
        assertThat(spark.out()).startsWith("scored 2000 rows of " + FILE + " on Spark with model ");

        assertSameResults(localResults(tmp.resolve("local")), tmp.resolve("spark"));
        assertThat(tmp.resolve("spark/parquet")).isDirectory();
        assertThat(RiskbenchProcess.run(ws, List.of("jobs", "show", "inf-spark")).out())
                .contains("spark:     local-").contains("finished").contains("master local[2]");
        RiskbenchProcess.Result run = RiskbenchProcess.run(ws, List.of("runs", "show", "inf-spark"));
        assertThat(run.out()).contains("count_limpio").contains("row_count");
        Path folder = ws.resolve("runs/inf-spark");
        assertThat(Files.readAllLines(folder.resolve("sample.csv"))).hasSize(21)
                .containsExactlyElementsOf(Files.readAllLines(localResults(tmp.resolve("local"))).subList(0, 21));
        assertThat(Files.readString(folder.resolve("summary.json"))).contains("\"row_count\" : 2000");
    }

    @Test
    void refusesWhatExecutorsCannotReadAndBadSparkSettingsBeforeAnyJob() throws Exception {
        Path ws = tmp.resolve("ws2");
        Path out = tmp.resolve("out2");
        List<String> base = List.of("infer", FILE.toString(), "--model", bundle.toString(), "--out", out.toString());
        RiskbenchProcess.Result http = RiskbenchProcess.run(ws, List.of("infer", "http://host/t.csv", "--model",
                bundle.toString(), "--out", out.toString(), "--spark", "local[2]"));
        assertThat(http.exit()).isEqualTo(2);
        assertThat(http.err().strip()).isEqualTo("riskbench: FILE 'http://host/t.csv' is not on a path every Spark executor"
                + " can read: give file:/shared/mount/..., hdfs://namenode/... or s3a://bucket/... (or an absolute path on a"
                + " mount every node shares).");
        Path taken = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(taken.resolve("old.csv"), "x\n");
        RiskbenchProcess.Result full = RiskbenchProcess.run(ws, List.of("infer", FILE.toString(), "--model",
                bundle.toString(), "--out", taken.toString(), "--spark", "local[2]"));
        assertThat(full.exit()).isEqualTo(2);
        assertThat(full.err().strip()).isEqualTo("riskbench: --out " + taken + " already holds files: the results go into a"
                + " new or empty folder.");
        RiskbenchProcess.Result badConf = RiskbenchProcess.run(ws, CalibrateOnSparkIT.concat(base,
                List.of("--spark", "local[2]", "--spark-conf", "spark.executor.memory")));
        assertThat(badConf.exit()).isEqualTo(2);
        assertThat(badConf.err().strip()).isEqualTo("riskbench: --spark-conf 'spark.executor.memory' is not KEY=VALUE"
                + " (for example spark.executor.memory=2g).");
        RiskbenchProcess.assertNoMasterThereRefusedBeforeAnyJob(ws, out, base);
    }

    @Test
    void aFileTheDriverCannotReachFailsTheJobWithTheReasonAndWritesNothing() throws Exception {
        Path ws = tmp.resolve("ws3");
        Path out = tmp.resolve("out3");
        String file = "hdfs://127.0.0.1:" + ScenarioRunOnSparkIT.freePort() + "/risk/transactions.csv"; // no namenode there
        RiskbenchProcess.Result failed = RiskbenchProcess.run(ws, List.of("infer", file, "--model", bundle.toString(),
                "--out", out.toString(), "--job-id", "inf-hdfs", "--spark", "local[2]", "--spark-conf", "spark.ui.enabled=false",
                "--spark-conf", "spark.hadoop.ipc.client.connect.max.retries=0"));
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
        List<String> said = failed.err().strip().lines().filter(l -> l.startsWith("riskbench:")).toList();
        assertThat(said).hasSize(1);
        assertThat(said.get(0)).startsWith("riskbench: spark-inference job inf-hdfs failed: the Spark application local-")
                .endsWith("ended failed: " + file + " cannot be read on " + java.net.InetAddress.getLocalHost().getHostName()
                        + ": ConnectException: Connection refused");
        assertThat(out).doesNotExist();
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".riskbench-"));
        }
    }

    /** The results CSV a local infer copied into --out. */
    static Path localResults(Path out) throws Exception {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(p -> p.getFileName().toString().endsWith("_results.csv")).findFirst().orElseThrow();
        }
    }

    /** The CSV parts of a Spark inference, rows in row order, equal to the local results CSV line for line. */
    static void assertSameResults(Path localCsv, Path sparkOut) throws Exception {
        List<String> local = Files.readAllLines(localCsv, StandardCharsets.UTF_8);
        List<String> rows = new ArrayList<>();
        try (Stream<Path> parts = Files.list(sparkOut.resolve("csv"))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(part, StandardCharsets.UTF_8);
                assertThat(lines.get(0)).isEqualTo(local.get(0));
                rows.addAll(lines.subList(1, lines.size()));
            }
        }
        rows.sort(Comparator.comparingLong(l -> Long.parseLong(l.substring(0, l.indexOf(',')))));
        assertThat(rows).containsExactlyElementsOf(local.subList(1, local.size()));
    }
}
