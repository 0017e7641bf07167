package org.riskbench.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.testsupport.GoldenFiles;

/**
 * The documents the projects pipeline writes are the bytes the map-based code wrote: the golden files under
 * {@code src/test/resources/golden/pipeline/} were written by it for every step of the three templates (inspect's
 * column report, the split info, model.json, the evaluation's metrics and confusion, the bundle's manifest and
 * columns, the monitor report, each step's metrics) and for a model made by the project's own train command, with the
 * clock and the project folder masked. The golden model.json of an old project is read back and scores the test
 * split as it did, and every golden document reads back into its record and writes the same bytes.
 */
class PipelineDocumentsGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/pipeline");
    private static final Pattern CLOCK = Pattern.compile("\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z\"");
    /** The tuned profile's header names the calibration's run id and the series' folder, so its hash and size vary. */
    private static final Pattern PROFILE_SHA = Pattern.compile("(\"path\" : \"profile.yaml\",\\s+\"sha256\" : \")[0-9a-f]{64}(\",\\s+\"size\" : )[0-9]+");

    @TempDir
    Path dir;

    private String masked(String json) {
        String s = CLOCK.matcher(json).replaceAll("\"2026-01-01T00:00:00Z\"");
        s = PROFILE_SHA.matcher(s).replaceAll("$1" + "0".repeat(64) + "$20");
        return GoldenFiles.withoutFolder(s, dir);
    }

    private void assertGolden(String name, String content) throws IOException {
        GoldenFiles.assertGolden(GOLDEN.resolve(name), masked(content));
    }

    private void assertGoldenFile(String name, Path file) throws IOException {
        assertGolden(name, Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Every step of the template's pipeline, in order. After each step the documents it wrote are compared with their
     * golden files ({@code <prefix>-<document>}), and after evaluate the golden model.json, read back as an old
     * project's, scores the test split to the metrics evaluate wrote.
     */
    private void runAll(String template, String prefix, String table) throws IOException {
        Path project = copyTemplate(template);
        ProjectConfig config = ProjectConfig.load(project);
        Map<String, Object> stepMetrics = new LinkedHashMap<>();
        for (String step : Pipeline.STEPS) {
            StepResult r = Pipeline.run(step, config, Pipeline.Options.NONE, Progress.NONE);
            stepMetrics.put(step, new LinkedHashMap<>(r.metrics));
            switch (step) {
                case "inspect" -> assertGoldenFile(prefix + "-inspect.json", project.resolve("data/interim/inspect/" + table + ".json"));
                case "prepare" -> assertGoldenFile(prefix + "-split.json", project.resolve("data/prepared/split.json"));
                case "train" -> assertGoldenFile(prefix + "-model.json", project.resolve("models/model.json"));
                case "evaluate" -> {
                    assertGoldenFile(prefix + "-metrics.json", project.resolve("models/evaluation/metrics.json"));
                    Path confusion = project.resolve("models/evaluation/confusion.json");
                    if (config.model().equals("blrm")) {
                        assertThat(confusion).doesNotExist();
                    } else {
                        assertGoldenFile(prefix + "-confusion.json", confusion);
                    }
                    assertOldModelScoresAsBefore(config, prefix, project);
                }
                case "deploy" -> assertBundle(prefix, project);
                case "monitor" -> assertGoldenFile(prefix + "-monitor.json", project.resolve("models/monitor/report.json"));
                case "update" -> {
                    assertGoldenFile(prefix + "-update-split.json", project.resolve("update/prepared/split.json"));
                    assertGoldenFile(prefix + "-update-model.json", project.resolve("update/models/model.json"));
                }
                default -> { }
            }
        }
        assertGolden(prefix + "-steps.json", Json.pretty(stepMetrics));
    }

    /** A copy of the template's folder in the test's folder. */
    private Path copyTemplate(String template) throws IOException {
        Path project = dir.resolve(template);
        Path from = Path.of("projects-templates", template);
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path to = project.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return project;
    }

    /** The golden model.json read back scores the evaluated split to the metrics evaluate wrote (but its row count). */
    private void assertOldModelScoresAsBefore(ProjectConfig config, String prefix, Path project) throws IOException {
        Path split = project.resolve("data/prepared/test.csv");
        ModelDocument old = ModelDocument.read(GOLDEN.resolve(prefix + "-model.json"));
        var scored = Models.score(config, old, project.resolve("models/profile.yaml"), split, Table.read(split), Progress.NONE);
        Map<String, Object> written = new LinkedHashMap<>(Json.MAPPER.readValue(
                project.resolve("models/evaluation/metrics.json").toFile(), MAP));
        written.remove("rows");
        written.remove("train_score");
        assertThat(Json.pretty(scored.metrics().named(""))).isEqualTo(Json.pretty(written));
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP = new com.fasterxml.jackson.core.type.TypeReference<>() { };

    private void assertBundle(String prefix, Path project) throws IOException {
        try (var s = Files.list(project.resolve("models/bundles"))) {
            Path zip = s.filter(p -> p.getFileName().toString().endsWith("-v1.zip")).findFirst().orElseThrow();
            try (ZipFile z = new ZipFile(zip.toFile())) {
                for (String entry : new String[] {"manifest.json", "columns.json"}) {
                    try (var in = z.getInputStream(z.getEntry(entry))) {
                        assertGolden(prefix + "-bundle-" + entry, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    /** An old project's documents read back into their records and written again are the same bytes. */
    @Test
    void theDocumentsOfAnOldProjectReadBack() throws Exception {
        for (String prefix : new String[] {"logistic", "blrm", "acceptance"}) {
            for (String model : new String[] {"-model.json", "-update-model.json"}) {
                assertReadsBack(prefix + model, ModelDocument.class);
            }
            assertReadsBack(prefix + "-bundle-manifest.json", DeployManifest.class);
            assertReadsBack(prefix + "-bundle-columns.json", DeployManifest.Columns.class);
            assertReadsBack(prefix + "-monitor.json", MonitorReport.class);
            assertReadsBack(prefix + "-inspect.json", InspectReport.class);
            assertReadsBack(prefix + "-split.json", SplitInfo.class);
            assertReadsBack(prefix + "-update-split.json", SplitInfo.class);
        }
        ModelDocument logistic = ModelDocument.read(GOLDEN.resolve("logistic-model.json"));
        assertThat(logistic.encoding()).extracting(ModelDocument.FeatureEncoding::name).startsWith("tenure", "monthly_charge");
        assertThat(logistic.encoding().get(7).levels()).containsExactly("Month-to-month", "One year", "Two year");
        assertThat(logistic.weights()).hasSize(23);
        ModelDocument acceptance = ModelDocument.read(GOLDEN.resolve("acceptance-model.json"));
        assertThat(acceptance.params()).containsEntry("hysteresis.dwell_pass", 5);
        DeployManifest manifest = Json.MAPPER.readValue(GOLDEN.resolve("blrm-bundle-manifest.json").toFile(), DeployManifest.class);
        assertThat(manifest.version()).isEqualTo(1);
        assertThat(manifest.files()).extracting(DeployManifest.File::path).containsExactly("model.json", "metrics.json", "project.yaml");
        assertThat(manifest.metric("rmse")).isEqualTo(52.72327646671521);
        assertThat(manifest.metric("f1")).isNaN();
        MonitorReport monitor = Json.MAPPER.readValue(GOLDEN.resolve("blrm-monitor.json").toFile(), MonitorReport.class);
        assertThat(monitor.features().get("age").ksStatistic()).isEqualTo(1.0);
        assertThat(monitor.triggered()).isTrue();
        SplitInfo split = Json.MAPPER.readValue(GOLDEN.resolve("logistic-update-split.json").toFile(), SplitInfo.class);
        assertThat(split.rowsKeptFromPreviousSplit()).isEqualTo(997);
        assertThat(split.testClasses()).containsEntry("Yes", 51L);
        InspectReport inspect = Json.MAPPER.readValue(GOLDEN.resolve("logistic-inspect.json").toFile(), InspectReport.class);
        assertThat(inspect.columns().get("contract").top()).containsEntry("Month-to-month", 549);
        assertThat(inspect.columns().get("avg_monthly_spend").quantiles().p50()).isEqualTo(73.03571428571429);
    }

    private static void assertReadsBack(String name, Class<?> type) throws IOException {
        String text = Files.readString(GOLDEN.resolve(name), StandardCharsets.UTF_8);
        assertThat(Json.pretty(Json.MAPPER.readValue(text, type))).as(name).isEqualTo(text);
    }

    /** A model made by the project's own train command: model.json names the command, the step takes its metrics. */
    @Test
    void theCommandModelWritesTheModelOfBefore() throws Exception {
        Path project = copyTemplate("tabular-classification");
        Path yaml = project.resolve(ProjectConfig.FILE);
        String train = "train:\n  command: [sh, -c, \"echo '{\\\"auc\\\": 0.75, \\\"note\\\": \\\"x\\\"}'"
                + " > {model_dir}/metrics.json\"]\n  timeout_sec: 30\nevaluate:";
        String text = Files.readString(yaml, StandardCharsets.UTF_8).replace("model: logistic", "model: command")
                .replaceFirst("(?s)train:\n.*?\nevaluate:", java.util.regex.Matcher.quoteReplacement(train));
        Files.writeString(yaml, text, StandardCharsets.UTF_8);
        ProjectConfig config = ProjectConfig.load(project);
        Map<String, Object> stepMetrics = new LinkedHashMap<>();
        for (String step : new String[] {"etl", "clean", "prepare", "train"}) {
            stepMetrics.put(step, new LinkedHashMap<>(Pipeline.run(step, config, Pipeline.Options.NONE, Progress.NONE).metrics));
        }
        assertGoldenFile("command-model.json", project.resolve("models/model.json"));
        assertGolden("command-steps.json", Json.pretty(stepMetrics));
        assertReadsBack("command-model.json", ModelDocument.class);
        assertThat(ModelDocument.read(GOLDEN.resolve("command-model.json")).command()).startsWith("sh", "-c");
    }

    @Test
    void theLogisticTemplateWritesTheDocumentsOfBefore() throws Exception {
        runAll("tabular-classification", "logistic", "customers");
    }

    @Test
    void theBlrmTemplateWritesTheDocumentsOfBefore() throws Exception {
        runAll("risk-scenarios", "blrm", "patients");
    }

    @Test
    void theAcceptanceTemplateWritesTheDocumentsOfBefore() throws Exception {
        runAll("acceptance-calibration", "acceptance", "series");
    }
}
