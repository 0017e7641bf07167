package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The job results every front end reads (the CLI's last lines, the Jobs screen's detail, GET /api/v1/jobs/{id}) are
 * the same bytes as the ones the code wrote when results were maps: the golden files under
 * {@code src/test/resources/golden/job-results/} were written by that code, on the same inputs. Timings and the
 * generated analysis ids are masked; everything else, key order included, must match byte for byte.
 */
class JobResultsGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/job-results");
    /** Keys whose values are wall-clock timings. */
    private static final Pattern TIMING = Pattern.compile(
            "\"(total_runtime_sec|avg_scenario_runtime_sec|max_scenario_runtime_sec|seconds|points_per_second"
                    + "|runtime_sec|[a-z_]*_ms)\":(-?[0-9.eE+-]+)");
    /** Inbox analysis ids: a date, a time and random hex. */
    private static final Pattern ANALYSIS_ID = Pattern.compile("an-[0-9a-zA-Z_-]+");
    /** Model versions named after the clock: the default model's and a retrained one's. */
    private static final Pattern MODEL_VERSION = Pattern.compile("(default|r)-[0-9]{8}-[0-9]{6,9}(-[0-9a-z]{4})?");
    /** Project run ids: a date and a time. */
    private static final Pattern RUN_ID = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9a-f]{8}");

    @TempDir
    Path dir;

    static String masked(String json) {
        Matcher m = TIMING.matcher(json);
        String timed = m.replaceAll("\"$1\":\"<timing>\"");
        return ANALYSIS_ID.matcher(timed).replaceAll("<analysis-id>");
    }

    /**
     * @param reader how the front ends read this kind's result back: reading and writing it again gives the stored
     *               bytes, so nothing a stored result says is lost on the way
     */
    private void assertGolden(String name, JobHandle job, Function<String, Object> reader) throws Exception {
        JobRecord done = job.await();
        assertThat(done.status()).as(done.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        assertGolden(name, masked(done.resultJson()));
        assertThat(Json.compact(reader.apply(done.resultJson()))).as(name + " read back").isEqualTo(done.resultJson());
    }

    /** {@code text}, masked, is the golden file's content. */
    private void assertGolden(String name, String maskedText) throws Exception {
        String actual = GoldenFiles.withoutFolder(maskedText, dir) + "\n";
        Path golden = GOLDEN.resolve(name + ".json");
        GoldenFiles.assertGolden(golden, actual);
    }

    @Test
    void scenarioCalibrationReplayAndInferenceResultsAreTheBytesOfBefore() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            var config = app.scenarios().load(Path.of("sample-data/scenarios/synthetic.json"));
            assertGolden("scenario", app.scenarios().submit(config, "scenario-golden", 1), ScenarioJobResult::fromJson);

            Path series = Path.of("sample-data/series/synthetic-regime.csv");
            Path profile = Path.of("sample-data/profiles/default.yaml");
            assertGolden("calibration", app.calibrations().submit(new CalibrationService.CalibrationOptions(series,
                    profile, null, "@sample-data/grids/basic.txt", null, null, null, null, 1, dir.resolve("calib"),
                    "calibration-golden", null, null)), CalibrationJobResult::fromJson);

            assertGolden("replay", app.replays().submit(new ReplayService.ReplayRequest(series, profile, null, null,
                    dir.resolve("replay"), "replay-golden")), ReplayJobResult::fromJson);

            app.models().ensureActiveModel(Progress.NONE);
            Path tx = dir.resolve("tx.csv");
            SyntheticTransactions.write(tx, 300, 3, SyntheticTransactions.Dialect.EN);
            String id = app.inbox().submit(tx, IntakeOptions.defaults(), Progress.NONE).analysisId();
            assertThat(id).matches(ANALYSIS_ID);
            assertGolden("inference", app.inbox().process("drain-golden"), InboxService.DrainResult::fromJson);
        }
    }

    @Test
    void projectStepResultsAreTheBytesOfBefore() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            Path p = app.projects().create("tabular-classification", "golden", dir.resolve("golden")).dir();
            for (String step : new String[] {"etl", "clean", "prepare", "train", "evaluate"}) {
                JobRecord done = app.projects().submitStep(new ProjectService.StepRequest(p, step, step.equals("etl"),
                        step.equals("evaluate"), null, null)).handle().await();
                assertThat(done.status()).as(done.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
                assertGolden("project-step-" + step, RUN_ID.matcher(masked(done.resultJson())).replaceAll("<run-id>"));
                assertThat(Json.compact(ProjectStepJobResult.fromJson(done.resultJson()))).isEqualTo(done.resultJson());
            }
        }
    }

    @Test
    void generalModelTrainingAndScoringResultsAreTheBytesOfBefore() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            JobRecord trained = app.tabular().submitTrain(new TabularService.TrainRequest(
                    Path.of("sample-data/classification/churn.csv"), "churn", "Yes", java.util.List.of(), java.util.List.of(),
                    "logistic", 3, 42, null, null, dir.resolve("model"), "train-golden")).handle().await();
            assertThat(trained.status()).as(trained.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
            String version = TabularJobResults.Train.fromJson(trained.resultJson()).version();
            assertGolden("tabular-train", masked(trained.resultJson()).replace(version, "<version>"));
            assertThat(Json.compact(TabularJobResults.Train.fromJson(trained.resultJson()))).isEqualTo(trained.resultJson());

            JobRecord scored = app.tabular().submitScore(Path.of("sample-data/classification/new-customers.csv"),
                    dir.resolve("model"), dir.resolve("scored"), "score-golden").handle().await();
            assertThat(scored.status()).as(scored.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
            assertGolden("tabular-score", masked(scored.resultJson()).replace(version, "<version>"));
            assertThat(Json.compact(TabularJobResults.Score.fromJson(scored.resultJson()))).isEqualTo(scored.resultJson());
            // the summary file beside the results, as people read it
            assertGolden("tabular-score-summary", Files.readString(dir.resolve("scored/new-customers_summary.json"))
                    .replace(version, "<version>"));
        }
    }

    @Test
    void retrainingResultAndMetricsFileAreTheBytesOfBefore() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            org.riskbench.testsupport.Feedbacks.scoreAndContradict(app, dir, 300, 12);
            RetrainingService.Started run = app.retraining().retrain("manual", org.riskbench.engine.retraining.RetrainingConfig
                    .defaults().withReplaySize(500).withEpochs(20).withPromotionTolerance(0.5), "golden", "retrain-golden");
            JobRecord done = run.job().await();
            assertThat(done.status()).as(done.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
            assertGolden("retraining", MODEL_VERSION.matcher(masked(done.resultJson())).replaceAll("<version>"));
            assertThat(Json.compact(RetrainingJobResult.fromJson(done.resultJson()))).isEqualTo(done.resultJson());
            String metricsFile = Files.readString(Path.of(done.outputDir()).resolve("metrics.json"), StandardCharsets.UTF_8);
            assertGolden("retraining-metrics", MODEL_VERSION.matcher(metricsFile).replaceAll("<version>"));
        }
    }

    /** A retraining result an older version stored reads back whole, its holdouts typed. */
    @Test
    void anOldRetrainingResultReadsBackWithItsHoldouts() throws Exception {
        String old = Files.readString(GOLDEN.resolve("retraining.json"), StandardCharsets.UTF_8).strip();
        RetrainingJobResult r = RetrainingJobResult.fromJson(old);
        assertThat(Json.compact(r)).isEqualTo(old);
        assertThat(r.holdout().macroF1()).isEqualTo(0.776);
        assertThat(r.currentHoldout().perClass().get("relevante").support()).isEqualTo(39);
        assertThat(r.holdoutSupervised().confusionOrder()).containsExactly("limpio", "relevante", "inusual", "preocupante");
        assertThat(r.currentHoldoutSupervised().confusionMatrix()).hasSize(4);
    }

    /**
     * A run on Spark: the driver's summary file has its keys sorted; the job's result has the local run's keys in the
     * local run's order (the map-based code kept the file's order) and the application under {@code spark} as the
     * launcher made it.
     */
    @Test
    void aSparkDriversSummaryBecomesTheLocalRunsResultWithTheApplicationLast() throws Exception {
        SparkReply.Application spark = new SparkReply.Application("app-1", "FINISHED", null, "local[2]");
        org.riskbench.engine.scenario.ScenarioSummary summary = Json.MAPPER.readValue("{\"avg_scenario_runtime_sec\":0.5,"
                + "\"best_avg_score\":2.5,\"best_by\":\"p_hit\",\"best_scenario_id\":3,\"config_name\":\"s\","
                + "\"max_scenario_runtime_sec\":0.75,\"mean_avg_score\":2.0,\"mean_p_hit\":0.5,\"num_rows\":10,"
                + "\"num_scenarios\":4,\"seed\":42,\"total_runtime_sec\":1.5}", org.riskbench.engine.scenario.ScenarioSummary.class);
        assertThat(Json.compact(ScenarioJobResult.ofSpark(summary, spark))).isEqualTo("{\"num_rows\":10,\"num_scenarios\":4,"
                + "\"seed\":42,\"mean_avg_score\":2.0,\"mean_p_hit\":0.5,\"total_runtime_sec\":1.5,"
                + "\"avg_scenario_runtime_sec\":0.5,\"max_scenario_runtime_sec\":0.75,\"best_scenario_id\":3,"
                + "\"best_avg_score\":2.5,\"spark\":{\"app_id\":\"app-1\",\"state\":\"FINISHED\",\"ui_url\":null,"
                + "\"master\":\"local[2]\"}}");

        CalibrationJobResult calibration = Json.MAPPER.readValue("{\"best_feasible\":true,\"best_point\":2,"
                + "\"best_score\":-1.5,\"feasible_points\":18,\"grid_size\":18,\"pareto_points\":1,"
                + "\"points_per_second\":9.0,\"seconds\":2.0}", CalibrationJobResult.class);
        assertThat(Json.compact(CalibrationJobResult.ofSpark(new SparkReply<>(calibration, spark)))).isEqualTo("{\"grid_size\":18,"
                + "\"feasible_points\":18,\"pareto_points\":1,\"best_point\":2,\"best_score\":-1.5,"
                + "\"best_feasible\":true,\"seconds\":2.0,\"points_per_second\":9.0,\"spark\":{\"app_id\":\"app-1\","
                + "\"state\":\"FINISHED\",\"ui_url\":null,\"master\":\"local[2]\"}}");
    }

    /**
     * An inference on Spark stored the launcher's map as it was (the driver's file, its keys sorted, then
     * {@code spark}) and wrote it with sorted keys as {@code summary.json}: the record writes both the same.
     */
    @Test
    void aSparkInferenceResultAndSummaryAreWhatTheLaunchersMapGave() throws Exception {
        java.util.Map<String, Object> launched = Json.MAPPER.readValue("{\"counts\":{\"limpio\":1900,\"relevante\":20,"
                + "\"inusual\":60,\"preocupante\":20},\"csv\":\"file:/o/csv\",\"guardrails_raised\":7,\"input\":\"/i.csv\","
                + "\"model_version\":\"default-1\",\"output\":\"file:/o\",\"parquet\":null,\"partitions\":4,"
                + "\"row_count\":2000,\"rows_not_scored\":0,\"timings_ms\":{\"read\":12,\"tasks_enrich\":30,"
                + "\"tasks_score\":40,\"total\":99}}", java.util.LinkedHashMap.class);
        java.util.Map<String, Object> spark = new java.util.LinkedHashMap<>();
        spark.put("app_id", "local-1");
        spark.put("state", "FINISHED");
        spark.put("ui_url", null);
        spark.put("master", "local[2]");
        launched.put("spark", spark);
        SparkInferenceResult.DriverResult driver = Json.MAPPER.readValue(Json.compact(launched),
                SparkInferenceResult.DriverResult.class);
        SparkInferenceResult result = SparkInferenceResult.of(new SparkReply<>(driver,
                new SparkReply.Application("local-1", "FINISHED", null, "local[2]")));
        assertThat(Json.compact(result)).isEqualTo(Json.compact(launched));
        assertThat(Json.pretty(result.summaryFile())).isEqualTo(Json.pretty(launched));
        assertThat(Json.compact(SparkInferenceResult.fromJson(Json.compact(launched)))).isEqualTo(Json.compact(launched));
        assertThat(result.metrics()).containsExactly(java.util.Map.entry("row_count", 2000L),
                java.util.Map.entry("guardrails_raised", 7L), java.util.Map.entry("count_limpio", 1900L),
                java.util.Map.entry("count_relevante", 20L), java.util.Map.entry("count_inusual", 60L),
                java.util.Map.entry("count_preocupante", 20L), java.util.Map.entry("total_ms", 99L));
    }
}
