package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;

class ProjectPipelineTest {
    @TempDir
    Path dir;

    private CliTest.Result run(String... args) {
        return CliTest.runIn(dir.resolve("ws"), args);
    }

    private CliTest.Result step(Path project, String step, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("step", "--project", project.toString(), "--step", step));
        a.addAll(List.of(more));
        return run(a.toArray(String[]::new));
    }

    @Test
    void createsEveryTemplateWithItsFilesAndListsTheProjects() throws Exception {
        for (String t : List.of("tabular-classification", "risk-scenarios", "acceptance-calibration")) {
            CliTest.Result r = run("project", "create", t, "p-" + t);
            assertThat(r.code()).as(r.err()).isZero();
            Path p = dir.resolve("ws/projects/p-" + t);
            assertThat(p.resolve("project.yaml")).content().contains("name: p-" + t);
            for (String folder : List.of("data/raw", "data/interim", "data/prepared", "models", "runs")) {
                assertThat(p.resolve(folder)).isDirectory();
            }
            // template.json lists exactly the template's files, so the class-path copy is complete
            Path tdir = Path.of("projects-templates", t);
            JsonNode files = Json.MAPPER.readTree(tdir.resolve("template.json").toFile()).path("files");
            try (var walk = Files.walk(tdir)) {
                List<String> actual = walk.filter(Files::isRegularFile).map(f -> tdir.relativize(f).toString().replace('\\', '/'))
                        .filter(f -> !f.equals("template.json") && !f.endsWith(".keep")).sorted().toList();
                List<String> declared = new java.util.ArrayList<>();
                files.forEach(f -> declared.add(f.asText()));
                assertThat(declared).isEqualTo(actual);
            }
        }
        CliTest.Result list = run("project", "list");
        assertThat(list.out()).contains("p-tabular-classification", "p-risk-scenarios", "p-acceptance-calibration");
        assertThat(run("project", "create", "tabular-classification", "p-tabular-classification").code()).isEqualTo(2);
    }

    @Test
    void classificationPipelineRunsEveryStepInOneTrackedRun() throws Exception {
        Path p = dir.resolve("churn");
        assertThat(run("project", "create", "tabular-classification", "churn", "--dir", p.toString()).code()).isZero();
        CliTest.Result first = step(p, "etl", "--start-run");
        assertThat(first.code()).as(first.err()).isZero();
        String runId = first.out().lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow().split(" ")[1];
        for (String s : List.of("inspect", "clean", "prepare", "train", "evaluate", "deploy")) {
            CliTest.Result r = step(p, s);
            assertThat(r.code()).as(s + ": " + r.err()).isZero();
            assertThat(r.out()).contains("run " + runId + " (open)");
        }
        // monitor on the training data: no trigger
        CliTest.Result quiet = step(p, "monitor", "--batch", p.resolve("data/raw/churn.csv").toString(), "--end-run");
        assertThat(quiet.code()).as(quiet.out() + quiet.err()).isZero();
        assertThat(quiet.out()).contains("no drift past the limits", "(closed)");

        assertThat(p.resolve("data/interim/customers.csv")).exists();
        assertThat(p.resolve("data/interim/inspect/customers.json")).exists();
        assertThat(p.resolve("data/interim/inspect/customers_tenure.png")).exists();
        assertThat(p.resolve("data/interim/exclusions/default.csv")).content().contains("no total charges");
        JsonNode split = Json.MAPPER.readTree(p.resolve("data/prepared/split.json").toFile());
        assertThat(split.path("stratified").asBoolean()).isTrue();
        JsonNode metrics = Json.MAPPER.readTree(p.resolve("models/evaluation/metrics.json").toFile());
        assertThat(metrics.path("auc").asDouble()).isGreaterThan(0.7);
        assertThat(p.resolve("models/evaluation/confusion.json")).exists();
        try (ZipFile z = new ZipFile(p.resolve("models/bundles/churn-logistic-v1.zip").toFile())) {
            assertThat(z.stream().map(e -> e.getName()).collect(Collectors.toList()))
                    .contains("manifest.json", "model.json", "columns.json", "metrics.json", "project.yaml");
        }
        JsonNode runJson = Json.MAPPER.readTree(p.resolve("runs/" + runId + "/run.json").toFile());
        assertThat(runJson.path("status").asText()).isEqualTo("succeeded");
        assertThat(runJson.path("project").asText()).isEqualTo("churn");
        assertThat(runJson.path("config_sha256").asText()).hasSize(64);
        assertThat(runJson.path("steps")).hasSize(8);
        assertThat(runJson.path("metrics").path("evaluate.f1").isNumber()).isTrue();
        assertThat(runJson.path("artifacts").toString()).contains("models/model.json", "sha256");
        assertThat(p.resolve("runs/" + runId + "/log.txt")).content().contains("[train]", "[monitor]");

        CliTest.Result listed = run("runs", "list", "--project", "churn", "--kind", "pipeline-step");
        assertThat(listed.out()).contains(runId, "succeeded");
        assertThat(run("runs", "show", runId).out()).contains("models/bundles/churn-logistic-v1.zip");

        // monitor fires on a shifted batch
        List<String> lines = Files.readAllLines(p.resolve("data/raw/live_batch.csv"));
        StringBuilder shifted = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            f[5] = Integer.toString(Integer.parseInt(f[5]) + 40);                 // tenure
            f[18] = Double.toString(Double.parseDouble(f[18]) * 1.8);            // monthly_charges
            shifted.append(String.join(",", f)).append('\n');
        }
        Path batch = dir.resolve("shifted.csv");
        Files.writeString(batch, shifted);
        CliTest.Result fired = step(p, "monitor", "--batch", batch.toString());
        assertThat(fired.code()).isEqualTo(1);
        assertThat(fired.err()).contains("monitor trigger fired", "tenure");

        CliTest.Result update = step(p, "update");
        assertThat(update.code()).as(update.err()).isZero();
        assertThat(update.out()).contains("f1 is", "for the candidate", "for the current model (bundle v1");
    }

    @Test
    void aFailingStepFailsTheRunAndKeepsItsLog() throws Exception {
        Path p = dir.resolve("fail");
        run("project", "create", "tabular-classification", "fail", "--dir", p.toString());
        assertThat(step(p, "etl", "--start-run").code()).isZero();
        CliTest.Result r = step(p, "train");     // nothing prepared yet
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("run the prepare step first");
        String runId;
        try (var s = Files.list(p.resolve("runs"))) {
            runId = s.filter(Files::isDirectory).findFirst().orElseThrow().getFileName().toString();
        }
        JsonNode runJson = Json.MAPPER.readTree(p.resolve("runs/" + runId + "/run.json").toFile());
        assertThat(runJson.path("status").asText()).isEqualTo("failed");
        assertThat(p.resolve("runs/" + runId + "/log.txt")).content().contains("[etl]", "[train] FAILED");
        assertThat(p.resolve("runs/.open")).doesNotExist();
        assertThat(run("runs", "list", "--project", "fail").out()).contains(runId, "failed");
    }

    @Test
    void aSourceThatIsNotUtf8TextIsRefusedWithWhere() throws Exception {
        Path p = dir.resolve("bin");
        run("project", "create", "acceptance-calibration", "bin", "--dir", p.toString());
        Path source = p.resolve("data/raw/series.csv");
        Files.write(source, new byte[] {'y', '\n', '1', '\n', (byte) 0xFF, '\n'});
        CliTest.Result r = step(p, "etl");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("series.csv:3:1: not UTF-8 text (byte 0xFF at offset 4 ").doesNotContain("Input length");
    }

    @Test
    void brokenProjectYamlIsOneLineWithTheProblemAndWhere() throws Exception {
        Path p = dir.resolve("broken");
        run("project", "create", "acceptance-calibration", "broken", "--dir", p.toString());
        Files.writeString(p.resolve("project.yaml"), "name: broken\nsources: [{name: s, path: data/raw/series.csv}\n");
        CliTest.Result r = step(p, "etl");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: " + p.resolve("project.yaml") + ":3:1: not valid YAML: expected ',' "
                + "or ']', but got <stream end> (while parsing a flow sequence that starts at 2:10).");
    }

    @Test
    void riskScenariosAndAcceptanceTemplatesRunEndToEnd() {
        for (String t : List.of("risk-scenarios", "acceptance-calibration")) {
            Path p = dir.resolve(t);
            assertThat(run("project", "create", t, t, "--dir", p.toString()).code()).isZero();
            for (String s : List.of("etl", "inspect", "clean", "prepare", "train", "evaluate", "deploy")) {
                CliTest.Result r = step(p, s);
                assertThat(r.code()).as(t + " " + s + ": " + r.err()).isZero();
                assertThat(r.out()).contains("(closed)");
            }
            assertThat(p.resolve("models/evaluation/metrics.json")).exists();
            assertThat(p.resolve("models/bundles")).isDirectoryContaining(f -> f.toString().endsWith("-v1.zip"));
            CliTest.Result m = step(p, "monitor");
            assertThat(m.out()).contains("monitor");
            // risk-scenarios: the live batch is the older patients; acceptance: the live series jumps at step 1333
            assertThat(m.code()).isEqualTo(1);
            for (String s : List.of("update", "deploy")) {
                CliTest.Result r = step(p, s);
                assertThat(r.code()).as(t + " " + s + ": " + r.err()).isZero();
            }
            assertThat(p.resolve("models/bundles")).isDirectoryContaining(f -> f.toString().endsWith("-v2.zip"));
            assertThat(run("runs", "list", "--project", t).out()).contains("succeeded");
        }
    }

    private static String runId(CliTest.Result r) {
        return r.out().lines().filter(l -> l.startsWith("run ")).reduce((a, b) -> b).orElseThrow().split(" ")[1];
    }

    private static JsonNode json(Path file) throws java.io.IOException {
        return Json.MAPPER.readTree(file.toFile());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] entry(Path zip, String name) throws java.io.IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.getInputStream(z.getEntry(name)).readAllBytes();
        }
    }

    private void runSteps(Path p, String... steps) {
        for (String s : steps) {
            CliTest.Result r = step(p, s);
            assertThat(r.code()).as(s + ": " + r.err()).isZero();
        }
    }

    @Test
    void aBetterCandidateFromUpdateIsPromotedAndIsWhatTheNextDeployShips() throws Exception {
        Path p = dir.resolve("better");
        assertThat(run("project", "create", "tabular-classification", "better", "--dir", p.toString()).code()).isZero();
        Path yaml = p.resolve("project.yaml");
        String original = Files.readString(yaml);
        Files.writeString(yaml, original.replace("iterations: 2000", "iterations: 1"));     // a weak current model
        runSteps(p, "etl", "inspect", "clean", "prepare", "train", "evaluate", "deploy");
        String v1 = sha256(entry(p.resolve("models/bundles/churn-logistic-v1.zip"), "model.json"));
        Files.writeString(yaml, original);

        CliTest.Result update = step(p, "update");

        assertThat(update.code()).as(update.err()).isZero();
        assertThat(update.out()).contains("the candidate is better", "the next deploy ships it");
        String candidate = sha256(Files.readAllBytes(p.resolve("update/models/model.json")));
        assertThat(candidate).isNotEqualTo(v1);
        assertThat(sha256(Files.readAllBytes(p.resolve("models/model.json")))).isEqualTo(candidate);
        assertThat(sha256(Files.readAllBytes(p.resolve("update/previous/models/model.json")))).isEqualTo(v1);
        // monitor's training priors are the promoted model's training rows
        assertThat(p.resolve("data/prepared/train.csv")).hasSameTextualContentAs(p.resolve("update/prepared/train.csv"));
        JsonNode runJson = json(p.resolve("runs/" + runId(update) + "/run.json"));
        assertThat(runJson.path("metrics").path("update.promoted").asInt()).isEqualTo(1);
        assertThat(runJson.path("metrics").path("update.candidate_f1").asDouble())
                .isGreaterThan(runJson.path("metrics").path("update.current_f1").asDouble());
        assertThat(runJson.path("artifacts").findValues("path").stream().map(JsonNode::asText).toList())
                .contains("models/model.json");
        for (JsonNode a : runJson.path("artifacts")) {
            if (a.path("path").asText().equals("models/model.json")) {
                assertThat(a.path("sha256").asText()).isEqualTo(candidate);
            }
        }

        CliTest.Result deploy = step(p, "deploy");

        assertThat(deploy.code()).as(deploy.err()).isZero();
        assertThat(deploy.err()).isEmpty();
        Path v2 = p.resolve("models/bundles/churn-logistic-v2.zip");
        assertThat(sha256(entry(v2, "model.json"))).isEqualTo(candidate);
        assertThat(new String(entry(v2, "metrics.json"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(p.resolve("update/models/evaluation/metrics.json")));
    }

    @Test
    void aCandidateThatIsNotBetterStaysAsideAndTheNextDeployShipsTheCurrentModel() throws Exception {
        Path p = dir.resolve("worse");
        assertThat(run("project", "create", "tabular-classification", "worse", "--dir", p.toString()).code()).isZero();
        runSteps(p, "etl", "inspect", "clean", "prepare", "train", "evaluate", "deploy");
        String v1 = sha256(entry(p.resolve("models/bundles/churn-logistic-v1.zip"), "model.json"));
        Path yaml = p.resolve("project.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("iterations: 2000", "iterations: 1"));   // a weak candidate

        CliTest.Result update = step(p, "update");

        assertThat(update.code()).as(update.err()).isZero();
        assertThat(update.out()).contains("the candidate is not better", "not promoted");
        assertThat(json(p.resolve("runs/" + runId(update) + "/run.json")).path("metrics").path("update.promoted").asInt()).isZero();
        assertThat(sha256(Files.readAllBytes(p.resolve("update/models/model.json")))).isNotEqualTo(v1);
        assertThat(sha256(Files.readAllBytes(p.resolve("models/model.json")))).isEqualTo(v1);

        CliTest.Result deploy = step(p, "deploy");

        assertThat(deploy.code()).as(deploy.err()).isZero();
        assertThat(sha256(entry(p.resolve("models/bundles/churn-logistic-v2.zip"), "model.json"))).isEqualTo(v1);
        assertThat(deploy.err()).contains("warning: deploy: models/model.json is the model of bundle v1", "ships nothing new");
    }

    /** Calibration's own score of one parameter point on a series: a one-point grid of the tuned values. */
    private double calibrationScore(Path project, JsonNode params, Path series) throws Exception {
        StringBuilder grid = new StringBuilder();
        params.fields().forEachRemaining(e -> grid.append(e.getKey()).append(": [").append(e.getValue().asText()).append("]\n"));
        Path file = dir.resolve("one-point.yaml");
        Files.writeString(file, grid);
        org.riskbench.engine.calibration.CalibrationRequest req = org.riskbench.engine.calibration.CalibrationRequest.of(series,
                project.resolve("data/raw/profile.yaml"), null, "@" + file, null, null, 1, null, 1, null);
        return org.riskbench.engine.calibration.CalibrationEngine.run(req, org.riskbench.core.Progress.NONE).atRank(1).score();
    }

    @Test
    void acceptanceEvaluateScoresTheTunedProfileOnTheTestRowsAndUpdateComparesBothModelsOnTheSameRows() throws Exception {
        Path p = dir.resolve("acc");
        assertThat(run("project", "create", "acceptance-calibration", "acc", "--dir", p.toString()).code()).isZero();
        runSteps(p, "etl", "clean", "prepare", "train", "evaluate", "deploy");
        JsonNode model = json(p.resolve("models/model.json"));
        JsonNode metrics = json(p.resolve("models/evaluation/metrics.json"));
        double train = model.path("score").asDouble();
        double test = metrics.path("score").asDouble();

        assertThat(test).isNotEqualTo(train);
        assertThat(test).isEqualTo(calibrationScore(p, model.path("params"), p.resolve("data/prepared/test.csv")));
        assertThat(train).isEqualTo(calibrationScore(p, model.path("params"), p.resolve("data/prepared/train.csv")));
        assertThat(metrics.path("train_score").asDouble()).isEqualTo(train);

        CliTest.Result update = step(p, "update");

        assertThat(update.code()).as(update.err()).isZero();
        JsonNode m = json(p.resolve("runs/" + runId(update) + "/run.json")).path("metrics");
        Path candidateTest = p.resolve("update/prepared/test.csv");
        assertThat(m.path("update.current_score").asDouble())
                .isEqualTo(calibrationScore(p, model.path("params"), candidateTest));
        assertThat(m.path("update.candidate_score").asDouble())
                .isEqualTo(calibrationScore(p, json(p.resolve("update/models/model.json")).path("params"), candidateTest));
    }

    private static List<String> dataRows(Path csv) throws java.io.IOException {
        List<String> lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size());
    }

    /** The rows of a prepared or interim table without their first column (the key). */
    private static List<String> withoutKey(Path csv) throws java.io.IOException {
        return dataRows(csv).stream().map(l -> l.substring(l.indexOf(',') + 1)).toList();
    }

    @Test
    void riskScenariosTemplateUpdatesWithHeldBackRowsAndMonitorsADriftedBatchNeverTheTrainingRows() throws Exception {
        Path p = dir.resolve("rs");
        assertThat(run("project", "create", "risk-scenarios", "rs", "--dir", p.toString()).code()).isZero();
        Path raw = p.resolve("data/raw");
        List<String> train = dataRows(raw.resolve("diabetes.csv"));
        List<String> held = dataRows(raw.resolve("new_batch.csv"));
        List<String> live = dataRows(raw.resolve("live_batch.csv"));
        assertThat(train.size() + held.size() + live.size()).isEqualTo(442);
        assertThat(new java.util.HashSet<>(train)).doesNotContainAnyElementsOf(held).doesNotContainAnyElementsOf(live);
        assertThat(held).doesNotContainAnyElementsOf(live);
        assertThat(raw.resolve("README.md")).content().contains("diabetes.csv", "new_batch.csv", "live_batch.csv",
                "scikit-learn 1.2.1", "BSD-3-Clause");
        runSteps(p, "etl", "inspect", "clean", "prepare", "train", "evaluate", "deploy");

        CliTest.Result monitor = step(p, "monitor");

        assertThat(monitor.code()).isEqualTo(1);
        assertThat(monitor.out()).contains("monitor live_batch.csv (" + live.size() + " rows)", "age: PSI");

        CliTest.Result update = step(p, "update");

        assertThat(update.code()).as(update.err()).isZero();
        assertThat(update.err()).isEmpty();
        assertThat(update.out()).contains("added " + held.size() + " rows of new_batch.csv to patients",
                "etl patients: " + (train.size() + held.size()) + " rows read");
        List<String> rows = withoutKey(p.resolve("update/interim/patients.csv"));
        assertThat(rows).hasSize(train.size() + held.size()).doesNotHaveDuplicates();
        assertThat(new java.util.HashSet<>(withoutKey(p.resolve("update/prepared/train.csv"))))
                .doesNotContainAnyElementsOf(withoutKey(p.resolve("update/prepared/test.csv")));
        // the project's test rows stay test rows, so the current model is scored on rows it never trained on
        assertThat(withoutKey(p.resolve("update/prepared/test.csv"))).containsAll(withoutKey(p.resolve("data/prepared/test.csv")));
    }

    @Test
    void updateRefusesTheTrainingRowsAgainAndLeavesOutTheKnownRowsOfAMixedBatch() throws Exception {
        Path p = dir.resolve("dups");
        assertThat(run("project", "create", "risk-scenarios", "dups", "--dir", p.toString()).code()).isZero();
        runSteps(p, "etl", "clean", "prepare", "train", "evaluate");
        Path raw = p.resolve("data/raw");

        CliTest.Result same = step(p, "update", "--batch", raw.resolve("diabetes.csv").toString());

        assertThat(same.code()).isEqualTo(2);
        assertThat(same.err().strip()).startsWith("riskbench: " + raw.resolve("diabetes.csv").toAbsolutePath()
                + ": all 296 rows are identical to rows of source 'patients' (data/raw/diabetes.csv; the first, line 2, is line 2 there)")
                .contains("update needs new rows");

        List<String> lines = Files.readAllLines(raw.resolve("new_batch.csv"));
        List<String> mixed = new java.util.ArrayList<>(lines);
        mixed.addAll(Files.readAllLines(raw.resolve("diabetes.csv")).subList(10, 13));   // lines 11-13 of the training file
        Path batch = dir.resolve("mixed.csv");
        Files.write(batch, mixed);

        CliTest.Result update = step(p, "update", "--batch", batch.toString());

        assertThat(update.code()).as(update.err()).isZero();
        assertThat(update.err().strip()).isEqualTo("riskbench: warning: " + batch.toAbsolutePath() + ": 3 of " + (lines.size() + 2)
                + " rows are identical to rows of source 'patients' (data/raw/diabetes.csv; the first, line "
                + (lines.size() + 1) + ", is line 11 there); they are left out, as training rows would leak into the"
                + " candidate's test split.");
        assertThat(update.out()).contains("added " + (lines.size() - 1) + " rows of mixed.csv");
        assertThat(withoutKey(p.resolve("update/interim/patients.csv"))).doesNotHaveDuplicates();
    }

    private static void assertNoRunFolder(Path project) throws java.io.IOException {
        try (var s = Files.list(project.resolve("runs"))) {
            assertThat(s.filter(Files::isDirectory).toList()).isEmpty();
        }
    }

    @Test
    void aKeyOfProjectYamlThatNoStepReadsIsRefusedNamingFileAndKeyPathWithNoRun() throws Exception {
        Path p = dir.resolve("strict");
        assertThat(run("project", "create", "risk-scenarios", "strict", "--dir", p.toString()).code()).isZero();
        Path yaml = p.resolve("project.yaml");
        String original = Files.readString(yaml);
        Map<String, String> cases = Map.of(
                original + "bogus_top: 1\n", "unknown key 'bogus_top'; valid keys of the top level: name, model, key, sources",
                original.replace("  bins: 20", "  binz: 20"), "unknown key 'inspect.binz'; valid keys of 'inspect': table, bins, top.",
                original.replace("{column: target, type: double}", "{colum: target, type: double}"),
                "unknown key 'etl.transforms[0].cast.colum'; valid keys of 'etl.transforms[0].cast': column, type.",
                original.replace("  n_scenarios: 20", "  n_scenario: 20"),
                "unknown key 'train.n_scenario'; valid keys of 'train' (model blrm): name, n_scenarios");
        for (var c : cases.entrySet()) {
            Files.writeString(yaml, c.getKey());

            CliTest.Result r = step(p, "etl");

            assertThat(r.code()).as(c.getValue()).isEqualTo(2);
            assertThat(r.err().strip().lines()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("riskbench: " + yaml.toAbsolutePath() + ": ").contains(c.getValue()).doesNotContain("Exception"));
        }
        assertNoRunFolder(p);
        assertThat(run("runs", "list", "--project", "strict").out()).doesNotContain("pipeline-step");
    }

    @Test
    void creatingAProjectUnderATakenNameIsRefusedWithNothingCreated() {
        Path first = dir.resolve("x/proj-demo");
        Path second = dir.resolve("x/proj-demo2");
        assertThat(run("project", "create", "tabular-classification", "demo", "--dir", first.toString()).code()).isZero();

        CliTest.Result again = run("project", "create", "tabular-classification", "demo", "--dir", second.toString());
        CliTest.Result inWorkspace = run("project", "create", "risk-scenarios", "demo");

        for (CliTest.Result r : List.of(again, inWorkspace)) {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("riskbench: project 'demo' already exists at " + first.toAbsolutePath()
                    + "; choose another name.");
        }
        assertThat(second).doesNotExist();
        assertThat(dir.resolve("ws/projects/demo")).doesNotExist();
        CliTest.Result list = run("project", "list");
        assertThat(list.out().lines().filter(l -> l.startsWith("demo "))).singleElement()
                .satisfies(l -> assertThat(l).endsWith(first.toAbsolutePath().toString()));
    }

    @Test
    void aColumnOfNumbersWithATypoIsWarnedByInspectAndTrainOnStderrAndInTheRunLog() throws Exception {
        Path p = dir.resolve("typo");
        assertThat(run("project", "create", "risk-scenarios", "typo", "--dir", p.toString()).code()).isZero();
        Path raw = p.resolve("data/raw/diabetes.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(raw));
        lines.set(19, "abc" + lines.get(19).substring(lines.get(19).indexOf(',')));    // line 20, column 1 (age)
        Files.write(raw, lines);
        assertThat(step(p, "etl", "--start-run").code()).isZero();

        CliTest.Result inspect = step(p, "inspect");

        assertThat(inspect.code()).as(inspect.err()).isZero();
        assertThat(inspect.err().strip().lines()).singleElement().satisfies(l -> assertThat(l).startsWith("riskbench: warning: "
                + p.resolve("data/interim/patients.csv").toAbsolutePath() + ":20:1: column \"age\" is numeric except \"abc\"")
                .contains("categorical"));
        assertThat(step(p, "clean").code()).isZero();
        assertThat(step(p, "prepare").code()).isZero();

        CliTest.Result train = step(p, "train");

        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.err().strip().lines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("riskbench: warning: " + p.resolve("models/scenario/train_input.csv").toAbsolutePath())
                .contains("column \"age\" is numeric except \"abc\"", "ignored"));
        String runId = inspect.out().lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow().split(" ")[1];
        assertThat(p.resolve("runs/" + runId + "/log.txt")).content()
                .contains("[inspect] WARNING: ", "[train] WARNING: ");
    }
}
