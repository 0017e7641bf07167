package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.SyntheticTransactions;
import org.riskbench.jobs.JobHandle;
import org.riskbench.testsupport.GoldenFiles;

/**
 * A job's parameters (stored with the job, shown by {@code jobs show} and the API, read again by a retry) and its
 * tracked run's parameters (the run index, which queries and the Runs screen address by name) are the bytes the
 * map-based code wrote: the golden files under {@code src/test/resources/golden/job-params/} were written by that code
 * on the same inputs, the temporary folder masked. A retry reads the stored parameters back into the same run.
 */
class JobParamsGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/job-params");

    @TempDir
    Path dir;

    private String masked(String json) {
        return GoldenFiles.withoutFolder(json, dir)
                .replace(Json.compact(Path.of("").toAbsolutePath().toString()).replaceAll("^\"|\"$", ""), "<checkout>")
                .replaceAll("g-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}", "<version>")
                .replaceAll("an-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}", "<analysis>")
                .replaceAll("default-[0-9]{8}-[0-9]{6}", "<model>");
    }

    /** The job's stored parameters and its tracked run's, each a golden file; the job succeeded. */
    private JobRecord assertGolden(AppContext app, String name, JobHandle job) throws Exception {
        JobRecord done = job.await();
        assertThat(done.status()).as(done.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        GoldenFiles.assertGolden(GOLDEN.resolve(name + "-job.json"), masked(done.paramsJson()) + "\n");
        String run = app.runs().find(done.id()).orElseThrow().paramsJson();
        if (name.startsWith("inbox")) {
            run = run.replaceAll("\"threads\":[0-9]+", "\"threads\":<cores>"); // the scoring's threads, as many as cores
        }
        GoldenFiles.assertGolden(GOLDEN.resolve(name + "-run.json"), masked(run) + "\n");
        return done;
    }

    @Test
    void calibrationScenarioAndRetrainingParametersAreTheBytesOfBefore() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            Path series = Path.of("sample-data/series/synthetic-regime.csv");
            Path profile = Path.of("sample-data/profiles/default.yaml");
            assertGolden(app, "calibration", app.calibrations().submit(
                    new CalibrationService.CalibrationOptions(series, profile, null, "@sample-data/grids/basic.txt", null,
                            "pass_share>=0.5", 5, null, 1, dir.resolve("calib"), "calibration-params",
                            dir.resolve("calibrated.yaml"), 1, true)));

            var config = app.scenarios().load(Path.of("sample-data/scenarios/synthetic.json"));
            assertGolden(app, "scenario", app.scenarios().submit(config, "scenario-params", 1, "forge", true, w -> { }));

            assertGolden(app, "replay", app.replays().submit(new ReplayService.ReplayRequest(series, profile, null, null,
                    dir.resolve("replay"), "replay-params")));

            assertGolden(app, "retraining", app.retraining().retrain("manual", org.riskbench.engine.retraining
                    .RetrainingConfig.defaults().withEpochs(20), "golden", "retraining-params").job());
        }
    }

    /** Parameters an older version stored read back into the records a retry runs from, and write the same bytes. */
    @Test
    void storedParametersOfBeforeReadBack() throws Exception {
        assertReadsBack("calibration-job.json", CalibrationService.Params.class);
        CalibrationService.Params calibration = Json.MAPPER.readValue(golden("calibration-job.json"), CalibrationService.Params.class);
        assertThat(calibration.options().applyRank()).isEqualTo(1);
        assertThat(calibration.options().constraints()).isEqualTo("pass_share>=0.5");
        assertThat(calibration.overwrite()).isTrue();
        assertReadsBack("scenario-job.json", ScenarioService.Params.class);
        assertThat(Json.MAPPER.readValue(golden("scenario-job.json"), ScenarioService.Params.class).sphere()).isEqualTo("forge");
        assertReadsBack("replay-job.json", ReplayService.Params.class);
        assertReadsBack("replay-run.json", ReplayService.Params.class);
        assertReadsBack("retraining-job.json", RetrainingService.Params.class);
        assertThat(Json.MAPPER.readValue(golden("retraining-job.json"), RetrainingService.Params.class).config().epochs())
                .isEqualTo(20);
        assertReadsBack("tabular-train-job.json", TabularService.TrainParams.class);
        TabularService.TrainRequest train = Json.MAPPER.readValue(golden("tabular-train-job.json"), TabularService.TrainParams.class)
                .request();
        assertThat(train.exclude()).containsExactly("female");
        assertThat(train.folds()).isEqualTo(3);
        assertReadsBack("tabular-score-job.json", TabularService.ScoreParams.class);
        assertReadsBack("tabular-score-run.json", TabularService.ScoreParams.class);
    }

    /** Stored parameters that are not the job's (a hand-edited store, another kind's) say so, naming the job. */
    @Test
    void storedParametersOfTheWrongShapeAreRefusedNamingTheJob() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobParams.read(Json.MAPPER.readTree("{\"top_k\":\"five\"}"),
                        CalibrationService.Params.class, "a calibration"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a calibration's parameters: ");
    }

    private static String golden(String name) throws Exception {
        return java.nio.file.Files.readString(GOLDEN.resolve(name)).strip();
    }

    private static void assertReadsBack(String name, Class<? extends Record> type) throws Exception {
        assertThat(Json.compact(JobParams.asMap(Json.MAPPER.readValue(golden(name), type)))).as(name).isEqualTo(golden(name));
    }

    @Test
    void inboxDrainParametersAreTheBytesOfBefore() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            Path file = dir.resolve("tx.csv");
            SyntheticTransactions.write(file, 120, 3, SyntheticTransactions.Dialect.EN);
            String one = app.inbox().submit(file, IntakeOptions.defaults(), Progress.NONE).analysisId();
            assertGolden(app, "inbox-drain-one", app.inbox().process("drain-one-params", one));
            SyntheticTransactions.write(file, 80, 4, SyntheticTransactions.Dialect.EN);
            app.inbox().submit(file, IntakeOptions.defaults(), Progress.NONE);
            assertGolden(app, "inbox-drain", app.inbox().process("drain-params"));
        }
    }

    /**
     * An inference on Spark needs a Spark to be queued, so its parameters are checked here as the map-based code put them
     * (input, output, model, guardrails even when null, the intake's limits, then where it ran), and a stored job's read
     * back into the same parameters for a retry.
     */
    @Test
    void sparkInferenceParametersKeepTheMapsOrderAndReadBack() throws Exception {
        SparkInference.Params p = new SparkInference.Params("file:/shared/in.csv", "file:/shared/out", "/ws/models/v1", null,
                0.05, 500);
        Map<String, Object> params = p.withSpark(new SparkTarget("spark://127.0.0.1:7077",
                Map.of("spark.executor.memory", "1g", "spark.cores.max", "2")));
        String stored = "{\"input\":\"file:/shared/in.csv\",\"output\":\"file:/shared/out\",\"model\":\"/ws/models/v1\","
                + "\"guardrails\":null,\"max_bad_ratio\":0.05,\"size_limit_mb\":500,\"spark_master\":\"spark://127.0.0.1:7077\","
                + "\"spark_conf\":{\"spark.cores.max\":\"2\",\"spark.executor.memory\":\"1g\"}}";
        assertThat(Json.compact(params)).isEqualTo(stored);
        assertThat(Json.MAPPER.readValue(stored, SparkInference.Params.class)).isEqualTo(p);
        assertThat(Json.compact(Json.MAPPER.readValue(stored, SparkInference.Params.class)
                .withSpark(CalibrationService.sparkTarget(Json.MAPPER.readTree(stored))))).isEqualTo(stored);
        assertReadsBack("inbox-drain-one-job.json", InboxDrainJob.Params.class);
        assertThat(Json.MAPPER.readValue(golden("inbox-drain-job.json"), InboxDrainJob.Params.class).analysisId()).isNull();
    }

    @Test
    void generalModelParametersAreTheBytesOfBefore() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            JobRecord trained = assertGolden(app, "tabular-train", app.tabular().submitTrain(new TabularService.TrainRequest(
                    Path.of("sample-data/classification/churn.csv"), "churn", "Yes", java.util.List.of(),
                    java.util.List.of("female"), "logistic", 3, 42, null, "balanced", dir.resolve("model"),
                    "train-params")).handle());
            assertGolden(app, "tabular-score", app.tabular().submitScore(Path.of("sample-data/classification/new-customers.csv"),
                    dir.resolve("model"), dir.resolve("scored"), "score-params").handle());
            assertThat(trained.paramsJson()).contains("\"class_weight\":\"balanced\"");
        }
    }
}
