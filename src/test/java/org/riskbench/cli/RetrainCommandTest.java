package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.List;
import org.riskbench.app.AppContext;
import org.riskbench.app.RetrainingService;
import org.riskbench.engine.retraining.RetrainingConfig;
import org.riskbench.engine.learning.Logistic;
import org.riskbench.engine.scoring.ScoringModel;
import org.riskbench.engine.scoring.Stacking;
import org.riskbench.testsupport.Feedbacks;

class RetrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void retrainsFromFeedbackListsRequestsAndActivatesAVersion() throws Exception {
        String ws = dir.resolve("ws").toString();
        CliTest.Result none = CliTest.run("retrain", "--job-id", "nightly-1", "--workspace", ws);
        assertThat(none.code()).as(none.err()).isZero();
        assertThat(none.out()).contains("retraining run nightly-1 completed: insufficient data (0 < 10): no action");
        CliTest.Result reused = CliTest.run("retrain", "--job-id", "nightly-1", "--workspace", ws);
        assertThat(reused.code()).isEqualTo(2);
        assertThat(reused.err()).contains("job id 'nightly-1' is already used");
        assertThat(CliTest.run("jobs", "show", "nightly-1", "--workspace", ws).out()).contains("retraining", "succeeded");

        try (AppContext app = AppContext.open(Path.of(ws), 1)) {
            Feedbacks.scoreAndContradict(app, dir, 300, 12);
            app.retraining().request("ana", "looks off", "high");
        }
        CliTest.Result r = CliTest.run("retrain", "--source", "auto_daily", "--fine-tune", "true", "--learning-rate", "0.02",
                "--epochs", "10", "--random-seed", "3", "--lookback-days", "2", "--confidence-threshold", "0.7", "--workspace", ws);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("completed:", "dataset 12012 rows", "holdout accuracy");
        Matcher m = Pattern.compile("model (r-[0-9a-z-]+) \\((active|rejected)\\)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();

        // auto_daily then took the pending request (see autoDailyDoesWhatAppStartDoes...)
        assertThat(r.out()).contains("request #1 (high, by ana): run retraining-");
        CliTest.Result reqs = CliTest.run("retrain", "requests", "--workspace", ws);
        assertThat(reqs.out()).contains("completed", "high", "ana", "looks off");

        // a rejected candidate needs --force (see activatingARejectedModelIsRefusedUnlessForced)
        CliTest.Result act = m.group(2).equals("active") ? CliTest.run("model", "activate", m.group(1), "--workspace", ws)
                : CliTest.run("model", "activate", m.group(1), "--force", "--workspace", ws);
        assertThat(act.code()).as(act.err()).isZero();
        assertThat(CliTest.run("model", "list", "--workspace", ws).out()).containsPattern(m.group(1) + "\\s+active");
        assertThat(CliTest.run("model", "activate", "missing", "--workspace", ws).code()).isEqualTo(2);
        assertThat(CliTest.run("retrain", "--source", "decay", "--workspace", ws).code()).isEqualTo(2);
        assertThat(CliTest.run("retrain", "--epochs", "0", "--workspace", ws).err()).contains("epochs");
    }

    @Test
    void activatingARejectedModelIsRefusedUnlessForcedAndRollbackSkipsIt() throws Exception {
        Path ws = dir.resolve("ws");
        String first;
        String rejected;
        try (AppContext app = AppContext.open(ws, 1)) {
            Feedbacks.scoreAndContradict(app, dir, 300, 12);
            first = app.retraining().models().get(0).version();
            app.retraining().useTrainer((cur, d, valid, l, cfg, p) -> firstClassOnly(cur));
            var run = app.retraining().retrain("manual", RetrainingConfig.defaults().withReplaySize(500), "test");
            run.job().await();
            rejected = app.retraining().run(run.runId()).orElseThrow().modelVersion();
        }
        String list = CliTest.run("model", "list", "--workspace", ws.toString()).out();
        assertThat(list).containsPattern(rejected + "\\s+rejected").containsPattern(first + "\\s+active");

        CliTest.Result refused = CliTest.run("model", "activate", rejected, "--workspace", ws.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err().strip()).doesNotContain("\n").startsWith("riskbench: model " + rejected + " was rejected: holdout macro-F1")
                .endsWith("(to activate it anyway: riskbench model activate " + rejected + " --force)");
        assertThat(CliTest.run("model", "list", "--workspace", ws.toString()).out()).isEqualTo(list);

        CliTest.Result forced = CliTest.run("model", "activate", rejected, "--force", "--workspace", ws.toString());
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(forced.out()).startsWith("model " + rejected + " is active (forced active; rejected: holdout macro-F1");

        // rollback brings back the model it replaced, and a second one does not bring back the rejected model
        CliTest.Result back = CliTest.run("model", "rollback", "--workspace", ws.toString());
        assertThat(back.out()).contains("rolled back: model " + first + " is active");
        assertThat(CliTest.run("model", "list", "--workspace", ws.toString()).out()).containsPattern(rejected + "\\s+rejected");
        CliTest.Result again = CliTest.run("model", "rollback", "--workspace", ws.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("no earlier model to roll back to");
        assertThat(CliTest.run("model", "list", "--workspace", ws.toString()).out()).containsPattern(first + "\\s+active")
                .containsPattern(rejected + "\\s+rejected");
    }

    @Test
    void autoDailyDoesWhatAppStartDoesTheDailyRunThenTheDecayCheckThenPendingRequests() throws Exception {
        Path ws = dir.resolve("ws");
        try (AppContext app = AppContext.open(ws, 1)) {
            Feedbacks.scoreAndContradict(app, dir, 300, 30); // every row with feedback was wrong: accuracy dropped to 0
            app.retraining().request("ana", "looks off", "normal");
        }
        // a manual run is only that run
        CliTest.Result manual = CliTest.run("retrain", "--confidence-threshold", "1", "--workspace", ws.toString());
        assertThat(manual.code()).as(manual.err()).isZero();
        assertThat(manual.out()).doesNotContain("decay check", "request #");

        // (confidence threshold 1: the runs stop at "insufficient data", which keeps this test short)
        CliTest.Result r = CliTest.run("retrain", "--source", "auto_daily", "--job-id", "daily-1", "--confidence-threshold", "1",
                "--workspace", ws.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("retraining run daily-1 completed: insufficient data");
        List<String> did = lines.subList(lines.indexOf(lines.stream().filter(l -> l.startsWith("decay check")).findFirst()
                .orElseThrow(() -> new AssertionError(r.out()))), lines.size());
        assertThat(did).hasSize(3);
        assertThat(did.get(0)).matches("decay check: rolling accuracy 0\\.0000 on the last 30 rows with feedback vs holdout accuracy"
                + " 0\\.\\d+ \\(drop limit 0\\.05\\): decay, retraining requested; request #2 filed \\(high priority\\)");
        // taken highest priority first: the decay request, then ana's; each with its run and outcome
        assertThat(did.get(1)).matches("request #2 \\(high, by decay-check\\): run retraining-\\S+ completed: insufficient data.*");
        assertThat(did.get(2)).matches("request #1 \\(normal, by ana\\): run retraining-\\S+ completed: insufficient data.*");
        try (AppContext app = AppContext.open(ws, 1)) {
            assertThat(app.retraining().requests()).allMatch(q -> q.status().equals("completed") && q.runId() != null);
            assertThat(app.retraining().runs(10)).extracting(RetrainingService.RunView::source)
                    .containsExactly("manual", "decay_triggered", "auto_daily", "manual");
        }
    }

    private static ScoringModel firstClassOnly(ScoringModel cur) {
        Logistic m = cur.stacking().meta();
        double[][] w = new double[m.weights().length][m.weights()[0].length];
        w[0][w[0].length - 1] = 10;
        return new ScoringModel(cur.alignment(), cur.classes(), new Stacking(cur.stacking().logistic(), cur.stacking().forest(),
                new Logistic(m.mean(), m.scale(), w)), cur.isolation(), cur.clusters(), null);
    }
}
