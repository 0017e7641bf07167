package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;

/** The auto-reinforcement loop's manual requests, sources and request ids (docs/migration.md). */
class RetrainRequestCompatTest {
    @TempDir
    Path dir;

    private CliTest.Result run(String... args) {
        return CliTest.runIn(dir.resolve("ws"), args);
    }

    @Test
    void aFiledRequestIsPendingUntilARunTakesItByIdOrFromTheQueue() {
        CliTest.Result filed = run("retrain", "request", "--reason", "new structuring pattern since May", "--requested-by", "ana");
        assertThat(filed.code()).as(filed.err()).isZero();
        assertThat(filed.out()).startsWith("request #1 filed (normal, by ana); pending until the next run takes it");
        assertThat(run("retrain", "requests").out()).containsPattern("1 +pending +normal +ana +- +new structuring pattern since May");

        CliTest.Result byId = run("retrain", "--request-id", "1", "--job-id", "req-1");
        assertThat(byId.code()).as(byId.err()).isZero();
        assertThat(byId.out()).contains("retraining run req-1 completed");
        assertThat(run("retrain", "requests").out()).containsPattern("1 +completed +normal +ana +req-1 ");
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            assertThat(app.retraining().run("req-1").orElseThrow().source()).isEqualTo("manual");
        }
        CliTest.Result again = run("retrain", "--request-id", "1");
        assertThat(again.code()).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(again.err()).contains("--request-id: request #1 is completed, not pending");
        assertThat(run("retrain", "--request-id", "99").err()).contains("there is no request #99");

        // without --requested-by: this account's user; the daily run takes it from the queue
        assertThat(run("retrain", "request", "--reason", "quarterly refresh").out())
                .contains("by " + System.getProperty("user.name") + ")");
        CliTest.Result daily = run("retrain", "--source", "auto_daily", "--job-id", "daily-1");
        assertThat(daily.code()).as(daily.err()).isZero();
        assertThat(daily.out()).contains("request #2 (normal, by " + System.getProperty("user.name") + "): run ");
        assertThat(run("retrain", "request", "--reason", " ").code()).isEqualTo(Cli.EXIT_BAD_INPUT);
    }

    @Test
    void theDecayTriggeredSourceIsAcceptedAndRecorded() {
        CliTest.Result r = run("retrain", "--source", "decay_triggered", "--job-id", "decay-1");
        assertThat(r.code()).as(r.err()).isZero();
        try (AppContext app = AppContext.open(dir.resolve("ws"), 1)) {
            assertThat(app.retraining().run("decay-1").orElseThrow().source()).isEqualTo("decay_triggered");
        }
        CliTest.Result bad = run("retrain", "--source", "weekly");
        assertThat(bad.code()).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(bad.err()).contains("--source must be manual, auto_daily or decay_triggered, got 'weekly'");
    }
}
