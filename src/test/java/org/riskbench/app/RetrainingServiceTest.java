package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;
import org.riskbench.core.model.JobStatus;
import org.riskbench.engine.retraining.RetrainingConfig;
import org.riskbench.engine.learning.Logistic;
import org.riskbench.engine.scoring.ScoringModel;
import org.riskbench.engine.scoring.Stacking;
import org.riskbench.store.StoreException;
import org.riskbench.testsupport.Feedbacks;

class RetrainingServiceTest {
    @TempDir
    Path dir;

    static final RetrainingConfig FAST = RetrainingConfig.defaults().withReplaySize(500).withEpochs(20);

    @Test
    void withoutEnoughMistakesTheRunCompletesWithInsufficientData() {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            RetrainingService.Started s = app.retraining().retrain("manual", FAST, "test");
            assertThat(s.job().await().status()).isEqualTo(JobStatus.SUCCEEDED);
            RetrainingService.RunView run = app.retraining().run(s.runId()).orElseThrow();
            assertThat(run.status()).isEqualTo("completed");
            assertThat(run.reason()).isEqualTo("insufficient data (0 < 10): no action");
            assertThat(run.modelVersion()).isNull();
            assertThat(Path.of(run.logPath())).exists();
            assertThat(app.retraining().models()).isEmpty();
        }
    }

    @Test
    void promotedRunActivatesTheNewVersionAndRejectedOneKeepsTheReason() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            Feedbacks.scoreAndContradict(app, dir, 300, 12);
            String first = app.retraining().models().get(0).version();

            RetrainingService.Started ok = app.retraining().retrain("manual", FAST.withPromotionTolerance(0.5), "test");
            assertThat(ok.job().await().status()).isEqualTo(JobStatus.SUCCEEDED);
            RetrainingService.RunView run = app.retraining().run(ok.runId()).orElseThrow();
            assertThat(run.status()).isEqualTo("completed");
            assertThat(run.promoted()).isTrue();
            assertThat(run.datasetSize()).isEqualTo(512);
            assertThat(run.macroF1()).isNotNull();
            assertThat(Path.of(run.logPath()).resolveSibling("finetune_dataset.csv")).exists();
            assertThat(status(app, run.modelVersion())).isEqualTo("active");
            assertThat(status(app, first)).isEqualTo("retired");

            // a trainer that produces a model always saying the first class: rejected, the active model stays
            app.retraining().useTrainer((cur, d, valid, l, cfg, p) -> {
                Logistic m = cur.stacking().meta();
                double[][] w = new double[m.weights().length][m.weights()[0].length];
                w[0][w[0].length - 1] = 10;
                return new ScoringModel(cur.alignment(), cur.classes(), new Stacking(cur.stacking().logistic(), cur.stacking().forest(),
                        new Logistic(m.mean(), m.scale(), w)), cur.isolation(), cur.clusters(), null);
            });
            RetrainingService.Started bad = app.retraining().retrain("manual", FAST, "test");
            bad.job().await();
            RetrainingService.RunView rejected = app.retraining().run(bad.runId()).orElseThrow();
            assertThat(rejected.promoted()).isFalse();
            assertThat(status(app, rejected.modelVersion())).isEqualTo("rejected");
            assertThat(app.retraining().models().stream().filter(v -> v.version().equals(rejected.modelVersion())).findFirst()
                    .orElseThrow().reason()).startsWith("rejected: holdout macro-F1");
            assertThat(status(app, run.modelVersion())).isEqualTo("active");

            // activate and roll back
            app.retraining().activate(first);
            assertThat(status(app, first)).isEqualTo("active");
            assertThat(app.retraining().rollback()).isEqualTo(run.modelVersion());
            assertThat(status(app, run.modelVersion())).isEqualTo("active");
            assertThatThrownBy(() -> app.retraining().activate("nope")).hasMessageContaining("no model version 'nope'");
        }
    }

    @Test
    void aRejectedModelIsActivatedOnlyWhenForcedAndRollbackNeverBringsItBack() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            Feedbacks.scoreAndContradict(app, dir, 300, 12);
            String first = app.retraining().models().get(0).version();
            app.retraining().useTrainer((cur, d, valid, l, cfg, p) -> cur);
            RetrainingService.Started ok = app.retraining().retrain("manual", FAST, "test");
            ok.job().await();
            String good = app.retraining().run(ok.runId()).orElseThrow().modelVersion();
            app.retraining().useTrainer((cur, d, valid, l, cfg, p) -> alwaysFirstClass(cur));
            RetrainingService.Started bad = app.retraining().retrain("manual", FAST, "test");
            bad.job().await();
            String rejected = app.retraining().run(bad.runId()).orElseThrow().modelVersion();
            String why = model(app, rejected).reason();
            assertThat(why).startsWith("rejected: holdout macro-F1");
            List<RetrainingService.ModelView> before = app.retraining().models();

            // refused, naming the version and why it was rejected; nothing changes
            assertThatThrownBy(() -> app.retraining().activate(rejected)).isInstanceOf(InputException.class)
                    .hasMessage("model " + rejected + " was " + why + "; it stays inactive (to activate it anyway: riskbench model"
                            + " activate " + rejected + " --force)");
            assertThat(app.retraining().models()).isEqualTo(before);

            // forced: active, and its record says it was rejected and forced
            app.retraining().activate(rejected, true);
            assertThat(model(app, rejected).status()).isEqualTo("active");
            assertThat(model(app, rejected).reason()).isEqualTo("forced active; " + why);

            // rollback goes back to the model it replaced; the forced one is rejected again, with its reason
            assertThat(app.retraining().rollback()).isEqualTo(good);
            assertThat(model(app, rejected).status()).isEqualTo("rejected");
            assertThat(model(app, rejected).reason()).startsWith(why).contains("forced active, then replaced by " + good);
            // a second rollback skips the rejected model (which good replaced last) for the retired default one
            assertThat(app.retraining().rollback()).isEqualTo(first);
            assertThat(model(app, rejected).status()).isEqualTo("rejected");
            assertThat(app.retraining().rollback()).isEqualTo(good);
            assertThatThrownBy(() -> app.retraining().activate(rejected)).hasMessageContaining("was rejected: holdout macro-F1");
        }
    }

    private static RetrainingService.ModelView model(AppContext app, String version) {
        return app.retraining().models().stream().filter(m -> m.version().equals(version)).findFirst().orElseThrow();
    }

    @Test
    void promotionComparesWithTheModelActiveAtPromotionTimeNotTheOneTheRunStartedWith() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            Feedbacks.scoreAndContradict(app, dir, 300, 12);
            String good = app.retraining().models().get(0).version();
            // a poor model (always the first class) becomes active: the next run starts from it
            app.retraining().useTrainer((cur, d, valid, l, cfg, p) -> alwaysFirstClass(cur));
            RetrainingService.Started poorRun = app.retraining().retrain("manual", FAST.withPromotionTolerance(0.99), "test");
            poorRun.job().await();
            String poor = app.retraining().run(poorRun.runId()).orElseThrow().modelVersion();
            assertThat(status(app, poor)).isEqualTo("active");

            // while the candidate trains, another process re-activates the good model; the candidate is as poor as the
            // model the run started with (within tolerance of it) but far below the good one now active: rejected
            app.retraining().useTrainer((cur, d, valid, l, cfg, p) -> {
                app.retraining().activate(good);
                return alwaysFirstClass(cur);
            });
            RetrainingService.Started stale = app.retraining().retrain("manual", FAST, "test");
            assertThat(stale.job().await().status()).isEqualTo(JobStatus.SUCCEEDED);
            RetrainingService.RunView rejected = app.retraining().run(stale.runId()).orElseThrow();
            assertThat(rejected.promoted()).isFalse();
            assertThat(rejected.reason()).startsWith("rejected: holdout macro-F1")
                    .contains(good + " became active during this run (it started with " + poor);
            assertThat(status(app, rejected.modelVersion())).isEqualTo("rejected");
            assertThat(status(app, good)).isEqualTo("active");

            // the other way: the poor model is re-activated meanwhile; a candidate as good as the run's start model is
            // compared with the poor one and promoted, and the reason names the model it replaced
            app.retraining().useTrainer((cur, d, valid, l, cfg, p) -> {
                app.retraining().activate(poor);
                return cur;
            });
            RetrainingService.Started better = app.retraining().retrain("manual", FAST, "test");
            better.job().await();
            RetrainingService.RunView promoted = app.retraining().run(better.runId()).orElseThrow();
            assertThat(promoted.promoted()).isTrue();
            assertThat(promoted.reason()).startsWith("promoted: holdout macro-F1").contains(poor + " became active during this run");
            assertThat(status(app, promoted.modelVersion())).isEqualTo("active");
            assertThat(status(app, poor)).isEqualTo("retired");
        }
    }

    private static ScoringModel alwaysFirstClass(ScoringModel cur) {
        Logistic m = cur.stacking().meta();
        double[][] w = new double[m.weights().length][m.weights()[0].length];
        w[0][w[0].length - 1] = 10;
        return new ScoringModel(cur.alignment(), cur.classes(), new Stacking(cur.stacking().logistic(), cur.stacking().forest(),
                new Logistic(m.mean(), m.scale(), w)), cur.isolation(), cur.clusters(), null);
    }

    @Test
    void aFailingTrainingMarksTheRunFailedAndChangesNothingElse() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            Feedbacks.scoreAndContradict(app, dir, 300, 12);
            List<RetrainingService.ModelView> before = app.retraining().models();
            app.retraining().useTrainer((cur, d, valid, l, cfg, p) -> {
                throw new IllegalStateException("the learner diverged");
            });
            RetrainingService.Started s = app.retraining().retrain("manual", FAST, "test");
            assertThat(s.job().await().status()).isEqualTo(JobStatus.FAILED);
            RetrainingService.RunView run = app.retraining().run(s.runId()).orElseThrow();
            assertThat(run.status()).isEqualTo("failed");
            assertThat(run.errorMessage()).isEqualTo("the learner diverged");
            assertThat(run.modelVersion()).isNull();
            assertThat(app.retraining().models()).isEqualTo(before);
            assertThat(Files.list(app.workspace().modelsDir()).count()).isEqualTo(1);

            // a retry of the failed job runs again (config from the stored parameters) as a new run
            app.retraining().useTrainer((cur, d, valid, l, cfg, p) -> cur);
            var retried = app.jobs().retry(s.runId());
            assertThat(retried.await().status()).isEqualTo(JobStatus.SUCCEEDED);
            RetrainingService.RunView again = app.retraining().run(retried.id()).orElseThrow();
            assertThat(again.status()).isEqualTo("completed");
            assertThat(again.datasetSize()).isEqualTo(512);
        }
    }

    @Test
    void requestsAreTakenHighestPriorityFirstThenOldest() {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            RetrainingService r = app.retraining();
            long low = r.request("ana", "low one", "low");
            long normal1 = r.request("ana", "normal one", "normal");
            long high = r.request("bob", "urgent", "high");
            long normal2 = r.request("bob", "normal two", "normal");
            assertThat(r.requests()).extracting(RetrainingService.RequestView::id).containsExactly(high, normal1, normal2, low);
            List<String> runs = r.processRequests(FAST);
            assertThat(runs).hasSize(4);
            List<RetrainingService.RunView> done = r.runs(10);
            // runs newest first: the last taken is the low one
            assertThat(done.get(0).triggeredBy()).isEqualTo("request #" + low + " by ana");
            assertThat(done.get(3).triggeredBy()).isEqualTo("request #" + high + " by bob");
            assertThat(r.requests()).allMatch(v -> v.status().equals("completed") && v.runId() != null);
            assertThatThrownBy(() -> r.request("ana", "x", "urgent")).hasMessageContaining("low, normal, high");
        }
    }

    @Test
    void theStoreRefusesAStatusMoveOutsideTheGraph() {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            RetrainingService.Started s = app.retraining().retrain("manual", FAST, "test");
            s.job().await();
            try (org.riskbench.store.Database db = org.riskbench.store.Database.open(app.workspace())) {
                org.riskbench.store.RetrainingRepository repo = new org.riskbench.store.RetrainingRepository(db);
                assertThatThrownBy(() -> repo.markRunning(s.runId())).isInstanceOf(StoreException.class);
                assertThatThrownBy(() -> repo.fail(s.runId(), "x")).isInstanceOf(StoreException.class);
            }
            assertThat(app.retraining().run(s.runId()).orElseThrow().status()).isEqualTo("completed");
        }
    }

    @Test
    void decayFilesOneHighPriorityRequestAndTheDailyRunIsDueOnlyAfter24Hours() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            Feedbacks.scoreAndContradict(app, dir, 300, 30); // 30 wrong of 30 with feedback: accuracy 0
            var v = app.retraining().checkDecay(FAST).orElseThrow();
            assertThat(v.verdict().triggered()).isTrue();
            assertThat(v.filed()).isTrue();
            app.retraining().checkDecay(FAST);
            assertThat(app.retraining().requests()).singleElement().satisfies(r -> {
                assertThat(r.requestedBy()).isEqualTo(RetrainingService.DECAY_REQUESTER);
                assertThat(r.priority()).isEqualTo("high");
            });
            app.retraining().useTrainer((cur, d, valid, l, cfg, p) -> cur);
            assertThat(app.retraining().processRequests(FAST)).hasSize(1);
            assertThat(app.retraining().runs(1).get(0).source()).isEqualTo("decay_triggered");

            assertThat(app.retraining().runDailyIfDue(FAST)).isPresent().get().satisfies(s -> s.job().await());
            assertThat(app.retraining().runDailyIfDue(FAST)).isEmpty();
        }
    }

    @Test
    void aNewWorkspaceWithoutAModelGetsNoDailyRun() throws Exception {
        try (AppContext app = AppContext.open(dir.resolve("new-ws"), 1)) {
            assertThat(app.retraining().runDailyIfDue(FAST)).isEmpty();

            app.retraining().atStartup();

            assertThat(app.retraining().runs(10)).isEmpty();
            assertThat(app.jobs().list(java.util.List.of(), null, 10)).isEmpty();
        }
    }

    private static String status(AppContext app, String version) {
        return app.retraining().models().stream().filter(m -> m.version().equals(version)).findFirst().orElseThrow().status();
    }
}
