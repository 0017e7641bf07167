package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;
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

        CliTest.Result reqs = CliTest.run("retrain", "requests", "--workspace", ws);
        assertThat(reqs.out()).contains("pending", "high", "ana", "looks off");

        CliTest.Result act = CliTest.run("model", "activate", m.group(1), "--workspace", ws);
        assertThat(act.code()).as(act.err()).isZero();
        assertThat(CliTest.run("model", "list", "--workspace", ws).out()).containsPattern(m.group(1) + "\\s+active");
        assertThat(CliTest.run("model", "activate", "missing", "--workspace", ws).code()).isEqualTo(2);
        assertThat(CliTest.run("retrain", "--source", "decay", "--workspace", ws).code()).isEqualTo(2);
        assertThat(CliTest.run("retrain", "--epochs", "0", "--workspace", ws).err()).contains("epochs");
    }
}
