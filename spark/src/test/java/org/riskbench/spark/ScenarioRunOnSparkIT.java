package org.riskbench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.engine.scenario.ScenarioArtifacts;

/**
 * {@code riskbench scenario run --spark local[2]} through the built jar: the same artifacts as a local run of the same
 * config apart from runtime fields, a tracked run, and the ways a Spark run is refused or fails.
 */
class ScenarioRunOnSparkIT {
    static final String CONFIG = "sample-data/scenarios/blrm.yaml";

    @TempDir
    Path tmp;

    @Test
    void runsTheScenariosOnSparkWithTheLocalResults() throws Exception {
        Path ws = tmp.resolve("ws");
        RiskbenchProcess.Result local = RiskbenchProcess.run(ws, List.of("scenario", "run", "--config", CONFIG,
                "--job-id", "sc-local", "--output-dir", tmp.resolve("local").toString()));
        assertThat(local.exit()).as(local.toString()).isZero();
        RiskbenchProcess.Result spark = RiskbenchProcess.run(ws, List.of("scenario", "run", "--config", CONFIG,
                "--job-id", "sc-spark", "--output-dir", tmp.resolve("spark").toString(), "--spark", "local[2]",
                "--spark-conf", "spark.ui.enabled=false"));
        assertThat(spark.exit()).as(spark.toString()).isZero();
        assertThat(spark.out()).startsWith("scenario job sc-spark succeeded: 20 scenarios, 442 rows, mean avg_score ");
        assertThat(spark.out().replace("sc-spark", "X").replace(tmp.resolve("spark").toString(), "D"))
                .isEqualTo(local.out().replace("sc-local", "X").replace(tmp.resolve("local").toString(), "D"));
        ScenariosOnSparkTest.assertSameRun(tmp.resolve("local"), tmp.resolve("spark"));

        assertThat(RiskbenchProcess.run(ws, List.of("jobs", "show", "sc-spark")).out())
                .contains("spark:     local-").contains("finished").contains("master local[2]");
        RiskbenchProcess.Result run = RiskbenchProcess.run(ws, List.of("runs", "show", "sc-spark"));
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("spark_master").contains("mean_avg_score")
                .contains(Path.of("sample-data/scenarios/diabetes.csv").toAbsolutePath().toUri().toString());
    }

    @Test
    void refusesWhatExecutorsCannotReadAndBadSparkSettingsBeforeAnyJob() throws Exception {
        Path ws = tmp.resolve("ws");
        Path out = tmp.resolve("out");
        List<String> base = List.of("scenario", "run", "--config", CONFIG, "--output-dir", out.toString());
        RiskbenchProcess.Result http = RiskbenchProcess.run(ws, concat(base, "--spark", "local[2]", "--table", "http://host/table.csv"));
        assertThat(http.exit()).isEqualTo(2);
        assertThat(said(http)).isEqualTo("riskbench: --table 'http://host/table.csv' is not on a path every Spark"
                + " executor can read: give file:/shared/mount/..., hdfs://namenode/... or s3a://bucket/... (or an absolute"
                + " path on a mount every node shares).");
        RiskbenchProcess.Result relative = RiskbenchProcess.run(ws, concat(base, "--spark", "local[2]", "--table", "data/table.csv"));
        assertThat(relative.exit()).isEqualTo(2);
        assertThat(said(relative)).contains("--table 'data/table.csv' is not on a path every Spark executor can read");
        RiskbenchProcess.Result missing = RiskbenchProcess.run(ws, concat(base, "--spark", "local[2]", "--table",
                tmp.resolve("nowhere.csv").toUri().toString()));
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(said(missing)).isEqualTo("riskbench: --table " + tmp.resolve("nowhere.csv").toUri()
                + ": no such file on this computer (the driver reads it there, each executor at the same path).");
        RiskbenchProcess.Result badConf = RiskbenchProcess.run(ws, concat(base, "--spark", "local[2]", "--spark-conf", "spark.executor.memory"));
        assertThat(badConf.exit()).isEqualTo(2);
        assertThat(said(badConf)).isEqualTo("riskbench: --spark-conf 'spark.executor.memory' is not KEY=VALUE"
                + " (for example spark.executor.memory=2g).");
        RiskbenchProcess.assertNoMasterThereRefusedBeforeAnyJob(ws, out, base);
    }

    @Test
    void aTableTheExecutorsCannotReachFailsTheJobWithTheReasonAndWritesNothing() throws Exception {
        Path ws = tmp.resolve("ws");
        Path out = tmp.resolve("out");
        String table = "hdfs://127.0.0.1:" + freePort() + "/risk/table.csv"; // no namenode there
        RiskbenchProcess.Result failed = RiskbenchProcess.run(ws, List.of("scenario", "run", "--config", CONFIG,
                "--job-id", "sc-hdfs", "--output-dir", out.toString(), "--spark", "local[2]", "--table", table,
                "--spark-conf", "spark.ui.enabled=false", "--spark-conf", "spark.hadoop.ipc.client.connect.max.retries=0"));
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
        List<String> said = failed.err().strip().lines().filter(l -> l.startsWith("riskbench:")).toList();
        assertThat(said).hasSize(1);
        assertThat(said.get(0)).startsWith("riskbench: scenario job sc-hdfs failed: the Spark application local-")
                .endsWith("ended failed: " + table + " cannot be read on " + java.net.InetAddress.getLocalHost().getHostName()
                        + ": ConnectException: Connection refused");
        assertThat(out.resolve(ScenarioArtifacts.RUNS)).doesNotExist();
        assertThat(out.resolve(ScenarioArtifacts.METADATA)).doesNotExist();
        assertThat(RiskbenchProcess.run(ws, List.of("runs", "show", "sc-hdfs")).out()).contains("failed");
    }

    /** What the CLI said as itself (scenario run also logs the job's lines at INFO on stderr). */
    static String said(RiskbenchProcess.Result r) {
        return String.join("\n", r.err().strip().lines().filter(l -> l.startsWith("riskbench:")).toList());
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again: nothing listens there
        }
    }

    static List<String> concat(List<String> a, String... b) {
        return CalibrateOnSparkIT.concat(a, List.of(b));
    }
}
