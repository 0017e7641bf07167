package org.riskbench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on 127.0.0.1: a Master and one Worker as separate JVMs from the build's Spark jars, on free
 * ports; calibrations, scenario runs and inferences submitted through the riskbench CLI give the local results, a
 * calibration also when the executor JVM is killed in the middle (Spark runs the lost tasks again). Everything started here is stopped here. Runs with -Pspark-it.
 */
class StandaloneClusterIT {
    private static final String BIG_GRID = "hysteresis.dwell_pass=[3,4,5,6,7,8,9,10];kappa.tau_pass=0.30,0.35,0.40,0.45,0.50,0.55;"
            + "guards.latency_p95.soft=[200,250,300,350,400]";
    @TempDir
    static Path tmp;
    private static Process master;
    private static Process worker;
    private static String masterUrl;

    @BeforeAll
    static void startCluster() throws Exception {
        int port = freePort();
        int ui = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        master = sparkJvm(List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "" + port,
                "--webui-port", "" + ui), tmp.resolve("master.log"), null);
        // a Spark home for the Worker: it builds executors' class path from SPARK_HOME/jars
        Path home = Files.createDirectories(tmp.resolve("spark-home"));
        Files.createSymbolicLink(home.resolve("jars"), Path.of("spark/target/spark-deps").toAbsolutePath());
        worker = sparkJvm(List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "2",
                "--memory", "1g", "--webui-port", "" + freePort(), "--work-dir", tmp.resolve("work").toString(), masterUrl),
                tmp.resolve("worker.log"), home);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            try {
                String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui + "/json/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (json.contains("\"aliveworkers\" : 1") || json.contains("\"aliveworkers\":1")) {
                    break;
                }
            } catch (IOException e) {
                // the master's UI is not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the standalone cluster did not come up in 3 minutes; see " + tmp);
            }
            Thread.sleep(500);
        }
    }

    @AfterAll
    static void stopCluster() {
        for (Process p : new Process[] {worker, master}) {
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    @Test
    void calibratesOnTheClusterWithTheLocalResults() throws Exception {
        Path ws = tmp.resolve("ws1");
        List<String> inputs = List.of("--series", "sample-data/series/synthetic-regime.csv", "--profile",
                "sample-data/profiles/default.yaml", "--grid", "@sample-data/grids/basic.txt");
        assertThat(RiskbenchProcess.run(ws, concat(List.of("calibrate", "--calib-out-dir", tmp.resolve("l1").toString()), inputs))
                .exit()).isZero();
        RiskbenchProcess.Result onCluster = RiskbenchProcess.run(ws, concat(List.of("calibrate", "--job-id", "on-cluster",
                "--calib-out-dir", tmp.resolve("c1").toString(), "--spark", masterUrl), inputs));
        assertThat(onCluster.exit()).as(onCluster.toString()).isZero();
        CalibrateOnSparkIT.assertSameCalibration(tmp.resolve("l1"), tmp.resolve("c1"));
        assertThat(RiskbenchProcess.run(ws, List.of("jobs", "show", "on-cluster")).out())
                .contains("spark:     app-").contains(" finished, UI http://").contains("master " + masterUrl);
    }

    @Test
    void anExecutorKilledMidCalibrationChangesNothing() throws Exception {
        Path ws = tmp.resolve("ws2");
        List<String> inputs = List.of("--series", "sample-data/series/synthetic-regime.csv", "--profile",
                "sample-data/profiles/default.yaml", "--grid", BIG_GRID);
        assertThat(RiskbenchProcess.run(ws, concat(List.of("calibrate", "--calib-out-dir", tmp.resolve("l2").toString()), inputs))
                .exit()).isZero();
        Process cli = RiskbenchProcess.start(ws, concat(List.of("calibrate", "--calib-out-dir", tmp.resolve("c2").toString(),
                "--spark", masterUrl, "--spark-conf", "spark.task.maxFailures=8"), inputs));
        try {
            ProcessHandle executor = awaitExecutor(cli);
            Thread.sleep(1500); // let it take tasks
            assertThat(cli.isAlive()).as("the calibration is still running when its executor is killed").isTrue();
            executor.destroyForcibly();
            assertThat(cli.waitFor(10, TimeUnit.MINUTES)).isTrue();
            assertThat(cli.exitValue()).as(RiskbenchProcess.read(cli, ".err")).isZero();
        } finally {
            cli.descendants().forEach(ProcessHandle::destroyForcibly);
            cli.destroyForcibly();
        }
        CalibrateOnSparkIT.assertSameCalibration(tmp.resolve("l2"), tmp.resolve("c2"));
    }

    @Test
    void runsScenariosOnTheClusterWithTheLocalResults() throws Exception {
        Path ws = tmp.resolve("ws3");
        RiskbenchProcess.Result local = RiskbenchProcess.run(ws, List.of("scenario", "run", "--config",
                ScenarioRunOnSparkIT.CONFIG, "--output-dir", tmp.resolve("l3").toString()));
        assertThat(local.exit()).as(local.toString()).isZero();
        RiskbenchProcess.Result onCluster = RiskbenchProcess.run(ws, List.of("scenario", "run", "--config",
                ScenarioRunOnSparkIT.CONFIG, "--job-id", "sc-cluster", "--output-dir", tmp.resolve("c3").toString(),
                "--spark", masterUrl));
        assertThat(onCluster.exit()).as(onCluster.toString()).isZero();
        ScenariosOnSparkTest.assertSameRun(tmp.resolve("l3"), tmp.resolve("c3"));
        assertThat(RiskbenchProcess.run(ws, List.of("jobs", "show", "sc-cluster")).out())
                .contains("spark:     app-").contains(" finished, UI http://").contains("master " + masterUrl);
    }

    @Test
    void infersOnTheClusterRowForRowAsLocalInfer() throws Exception {
        Path ws = tmp.resolve("ws4");
        Path bundle = tmp.resolve("bundle4");
        String file = InferOnSparkIT.FILE.toString();
        RiskbenchProcess.Result trained = RiskbenchProcess.run(ws, List.of("model", "train", "--data", file, "--label",
                "label", "--out", bundle.toString()));
        assertThat(trained.exit()).as(trained.toString()).isZero();
        RiskbenchProcess.Result local = RiskbenchProcess.run(ws, List.of("infer", file, "--model", bundle.toString(),
                "--out", tmp.resolve("l4").toString()));
        assertThat(local.exit()).as(local.toString()).isZero();
        RiskbenchProcess.Result onCluster = RiskbenchProcess.run(ws, List.of("infer", file, "--model", bundle.toString(),
                "--out", tmp.resolve("c4").toString(), "--job-id", "inf-cluster", "--spark", masterUrl));
        assertThat(onCluster.exit()).as(onCluster.toString()).isZero();
        InferOnSparkIT.assertSameResults(InferOnSparkIT.localResults(tmp.resolve("l4")), tmp.resolve("c4"));
        assertThat(tmp.resolve("c4/parquet")).isDirectory();
        assertThat(RiskbenchProcess.run(ws, List.of("jobs", "show", "inf-cluster")).out())
                .contains("spark:     app-").contains(" finished, UI http://").contains("master " + masterUrl);
    }

    /** The executor JVM the Worker started for the application. */
    private static ProcessHandle awaitExecutor(Process cli) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && cli.isAlive()) {
            Optional<ProcessHandle> e = worker.descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).findFirst();
            if (e.isPresent()) {
                return e.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no executor JVM appeared while the calibration ran");
    }

    private static Process sparkJvm(List<String> mainAndArgs, Path log, Path sparkHome) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        cmd.addAll(List.of(System.getProperty("spark.jvm.options", "").split(" ")));
        cmd.removeIf(String::isBlank);
        cmd.addAll(List.of("-cp", Path.of("spark/target/spark-deps").toAbsolutePath() + "/*"));
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        if (sparkHome != null) {
            pb.environment().put("SPARK_HOME", sparkHome.toString());
            pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        }
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return CalibrateOnSparkIT.concat(a, b);
    }
}
