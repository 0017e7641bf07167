package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code riskbench runs ...} on real runs made by {@code scenario run} and {@code replay} on the sample data. */
class RunsCommandTest {
    @TempDir
    static Path dir;
    static Path ws;

    @BeforeAll
    static void makeRuns() throws Exception {
        ws = dir.resolve("ws");
        Path seed7 = Files.writeString(dir.resolve("seed7.json"),
                Files.readString(Path.of("sample-data/scenarios/synthetic.json")).replace("\"seed\": 42", "\"seed\": 7"));
        ok(CliTest.run("scenario", "run", "--config", "sample-data/scenarios/synthetic.json", "--job-id", "sc-42",
                "--output-dir", dir.resolve("sc-42").toString(), "--threads", "1", "--workspace", ws.toString()));
        ok(CliTest.run("scenario", "run", "--config", seed7.toString(), "--job-id", "sc-7",
                "--output-dir", dir.resolve("sc-7").toString(), "--threads", "1", "--workspace", ws.toString()));
        ok(CliTest.run("replay", "--series", "sample-data/series/synthetic-regime.csv", "--profile",
                "sample-data/profiles/default.yaml", "--out", dir.resolve("rep").toString(), "--job-id", "rep-1",
                "--workspace", ws.toString()));
    }

    private static CliTest.Result ok(CliTest.Result r) {
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    private static CliTest.Result runs(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "runs";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--workspace";
        all[args.length + 2] = ws.toString();
        return CliTest.run(all);
    }

    @Test
    void listShowsEveryKindWithMetricsAndFiltersByQueryAndKind() {
        String out = ok(runs("list")).out();
        assertThat(out).contains("ID", "KIND", "STATUS", "DURATION", "sc-42", "sc-7", "rep-1", "succeeded", "blrm_synthetic");
        assertThat(out.lines().filter(l -> l.startsWith("sc-42")).findFirst().orElseThrow()).contains("=");

        String seeded = ok(runs("list", "--query", "params.seed = 42 and kind = scenario")).out();
        assertThat(seeded).contains("sc-42").doesNotContain("sc-7").doesNotContain("rep-1");
        assertThat(ok(runs("list", "--kind", "replay")).out()).contains("rep-1").doesNotContain("sc-42");
        assertThat(ok(runs("list", "--query", "metrics.pass_share >= 0 or params.seed < 10")).out())
                .contains("rep-1", "sc-7").doesNotContain("sc-42");
        assertThat(ok(runs("list", "--query", "params.profile.warmup > 0 and not status = failed")).out()).contains("rep-1");
        assertThat(ok(runs("list", "--query", "metrics.nothing > 1")).out()).contains("no runs match");
    }

    @Test
    void aQueryErrorIsBadInputWithItsPosition() {
        CliTest.Result r = runs("list", "--query", "metrics.mean_p_hit > and params.seed = 42");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: query:1:22: expected a value after '>' but found 'and'");
    }

    @Test
    void showPrintsParamsMetricsAndArtifactsWithSizes() {
        String out = ok(runs("show", "sc-42")).out();
        assertThat(out).contains("kind:      scenario", "status:    succeeded", "output:    " + dir.resolve("sc-42"),
                "params:", "seed", "42", "metrics:", "mean_p_hit", "artifacts:", "summary.json", "runs.csv", " B ");
        assertThat(runs("show", "ghost").code()).isEqualTo(2);
    }

    @Test
    void compareListsDifferingParamsAndTheMetricTable() {
        String out = ok(runs("compare", "sc-42", "sc-7")).out();
        String diff = out.substring(0, out.indexOf("metrics:"));
        assertThat(diff).contains("parameters that differ", "seed", "42", "7").doesNotContain("shock_sd");
        assertThat(out.substring(out.indexOf("metrics:"))).contains("sc-42", "sc-7", "mean_p_hit");
        assertThat(ok(runs("compare", "sc-42", "sc-7", "--all-params")).out()).contains("parameters equal in every run:", "shock_sd");
        assertThat(runs("compare", "sc-42").code()).isEqualTo(2);
    }

    @Test
    void exportMlflowWritesTheFileStoreLayout() {
        Path mlruns = dir.resolve("mlruns");
        String out = ok(runs("export-mlflow", "sc-42", "rep-1", "--out", mlruns.toString(), "--experiment", "bench")).out();
        assertThat(out).contains("run sc-42 exported to", "run rep-1 exported to");
        assertThat(mlruns.resolve("1/meta.yaml")).content().contains("name: bench");
        assertThat(mlruns.resolve("1/sc-42/params/seed")).hasContent("42");
        assertThat(mlruns.resolve("1/sc-42/metrics/mean_p_hit")).exists();
        assertThat(mlruns.resolve("1/sc-42/artifacts/summary.json")).exists();
        assertThat(mlruns.resolve("1/rep-1/artifacts/trace.csv")).exists();
        assertThat(runs("export-mlflow", "ghost", "--out", mlruns.toString()).code()).isEqualTo(2);
    }
}
