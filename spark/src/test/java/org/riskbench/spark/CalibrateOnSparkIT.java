package org.riskbench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.engine.calibration.CalibrationArtifacts;

/**
 * {@code riskbench calibrate --spark local[2]} through the built jar, as a user runs it in a checkout: spark-submit
 * from spark/target/spark-deps, the job jar, the same four files as a local calibrate, Spark's application in the job,
 * and the ways it is refused or fails.
 */
class CalibrateOnSparkIT {
    private static final List<String> INPUTS = List.of("--series", "sample-data/series/synthetic-regime.csv",
            "--profile", "sample-data/profiles/default.yaml", "--grid", "@sample-data/grids/basic.txt",
            "--hard-constraints", "pass_share>=0.5");

    @TempDir
    Path tmp;

    @Test
    void calibratesOnSparkWithTheLocalResults() throws Exception {
        Path ws = tmp.resolve("ws");
        RiskbenchProcess.Result local = RiskbenchProcess.run(ws, concat(List.of("calibrate", "--job-id", "calib-local",
                "--calib-out-dir", tmp.resolve("local").toString()), INPUTS));
        assertThat(local.exit()).as(local.toString()).isZero();
        RiskbenchProcess.Result spark = RiskbenchProcess.run(ws, concat(List.of("calibrate", "--job-id", "calib-spark",
                "--calib-out-dir", tmp.resolve("spark").toString(), "--spark", "local[2]",
                "--spark-conf", "spark.ui.enabled=false"), INPUTS));
        assertThat(spark.exit()).as(spark.toString()).isZero();
        assertThat(spark.out()).startsWith("calibration calib-spark: 18 points (");

        assertSameCalibration(tmp.resolve("local"), tmp.resolve("spark"));
        RiskbenchProcess.Result show = RiskbenchProcess.run(ws, List.of("jobs", "show", "calib-spark"));
        assertThat(show.out()).contains("spark:     local-").contains("finished").contains("master local[2]");
        RiskbenchProcess.Result runs = RiskbenchProcess.run(ws, List.of("runs", "show", "calib-spark"));
        assertThat(runs.exit()).as(runs.toString()).isZero();
        assertThat(runs.out()).contains("spark_master").contains("grid_size");
    }

    @Test
    void refusesABadSparkConfAndAnUnreachableMasterBeforeAnyJob() throws Exception {
        Path ws = tmp.resolve("ws");
        Path out = tmp.resolve("out");
        RiskbenchProcess.Result badConf = RiskbenchProcess.run(ws, concat(List.of("calibrate", "--calib-out-dir", out.toString(),
                "--spark", "local[2]", "--spark-conf", "executor.memory=2g"), INPUTS));
        assertThat(badConf.exit()).isEqualTo(2);
        assertThat(badConf.err().strip()).isEqualTo("riskbench: --spark-conf 'executor.memory' is not a Spark setting:"
                + " keys start with 'spark.' (for example spark.executor.cores=2).");

        RiskbenchProcess.assertNoMasterThereRefusedBeforeAnyJob(ws, out, concat(List.of("calibrate", "--calib-out-dir",
                out.toString()), INPUTS));
    }

    @Test
    void aFailedApplicationFailsTheJobWithTheDriversReason() throws Exception {
        Path ws = tmp.resolve("ws");
        Path out = tmp.resolve("out");
        // more cpus per task than local[2] has: SparkContext refuses to start
        RiskbenchProcess.Result failed = RiskbenchProcess.run(ws, concat(List.of("calibrate", "--job-id", "calib-bad",
                "--calib-out-dir", out.toString(), "--spark", "local[2]", "--spark-conf", "spark.task.cpus=3"), INPUTS));
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.err()).contains("riskbench: calibration job calib-bad failed: the Spark application")
                .contains("ended failed: SparkException: The number of cores per executor (=2) has to be >= the number of cpus per task = 3.");
        assertThat(failed.err().strip().lines().filter(l -> l.startsWith("riskbench:")).count()).isEqualTo(1);
        assertThat(out.resolve(CalibrationArtifacts.RESULTS_CSV)).doesNotExist();
    }

    @Test
    void cancelKillsTheSparkApplication() throws Exception {
        Path ws = tmp.resolve("ws");
        Path out = tmp.resolve("out");
        String grid = "hysteresis.dwell_pass=[3,4,5,6,7,8,9,10];kappa.tau_pass=0.30,0.35,0.40,0.45,0.50,0.55;"
                + "guards.latency_p95.soft=[200,250,300,350,400,450,500,550];"
                // 38,400 points: about a minute on one core, so the job is still running when it is cancelled
                + "guards.surprisal_p95.soft=[2.0,2.1,2.2,2.3,2.4,2.5,2.6,2.7,2.8,2.9];"
                + "guards.coverage_ema.soft=[0.80,0.81,0.82,0.83,0.84,0.85,0.86,0.87,0.88,0.89]";
        Process cli = RiskbenchProcess.start(ws, List.of("calibrate", "--job-id", "calib-cancel", "--calib-out-dir",
                out.toString(), "--series", "sample-data/series/synthetic-regime.csv", "--profile",
                "sample-data/profiles/default.yaml", "--grid", grid, "--spark", "local[1]"));
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
            while (!RiskbenchProcess.run(ws, List.of("jobs", "show", "calib-cancel")).out().contains("spark application local-")) {
                assertThat(System.nanoTime()).as("the Spark application runs within 5 minutes").isLessThan(deadline);
                assertThat(cli.isAlive()).as("the calibration is still running").isTrue();
                Thread.sleep(500);
            }
            RiskbenchProcess.Result cancel = RiskbenchProcess.run(ws, List.of("jobs", "cancel", "calib-cancel"));
            assertThat(cancel.exit()).as(cancel.toString()).isZero();
            assertThat(cli.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            assertThat(cli.exitValue()).isEqualTo(1);
            assertThat(RiskbenchProcess.read(cli, ".err")).contains("calibration job calib-cancel cancelled");
            // spark-submit (named after the job) is gone with it
            long gone = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains("calibrate calib-cancel"))) {
                assertThat(System.nanoTime()).as("the Spark driver of the cancelled job ends").isLessThan(gone);
                Thread.sleep(200);
            }
            assertThat(out.resolve(CalibrationArtifacts.RESULTS_CSV)).doesNotExist();
            assertThat(RiskbenchProcess.run(ws, List.of("jobs", "show", "calib-cancel")).out())
                    .contains("killing spark application");
        } finally {
            cli.descendants().forEach(ProcessHandle::destroyForcibly);
            cli.destroyForcibly();
        }
    }

    static void assertSameCalibration(Path expected, Path actual) throws Exception {
        for (String f : List.of(CalibrationArtifacts.RESULTS_CSV, CalibrationArtifacts.TOPK_JSON, CalibrationArtifacts.PARETO_JSON)) {
            assertThat(Files.readString(actual.resolve(f))).as(f).isEqualTo(Files.readString(expected.resolve(f)));
        }
        assertThat(metaWithoutRunFields(actual)).isEqualTo(metaWithoutRunFields(expected));
    }

    /** calib_meta.json without what differs between two runs of the same calibration: timings, folder, run id, threads. */
    static ObjectNode metaWithoutRunFields(Path dir) throws Exception {
        ObjectNode meta = (ObjectNode) Json.MAPPER.readTree(dir.resolve(CalibrationArtifacts.META_JSON).toFile());
        meta.remove(List.of("timings", "output_dir", "run_id", "threads"));
        return meta;
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
