package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.app.AppContext;
import org.riskbench.app.ReplayService;
import org.riskbench.core.Json;
import org.riskbench.engine.acceptance.ReplaySummary;
import org.riskbench.engine.acceptance.Trace;

class ReplayCommandTest {
    @TempDir
    Path dir;
    Path series;
    Path profile;

    @BeforeEach
    void writeInputs() throws Exception {
        StringBuilder csv = new StringBuilder("ts,y,latency_ms\n");
        Random random = new Random(11);
        double level = 100;
        for (int t = 0; t < 600; t++) {
            level += random.nextGaussian() * (t > 400 ? 3 : 1);
            csv.append("2026-01-01T00:").append(t).append(',').append(level).append(',').append(50 + random.nextInt(100)).append('\n');
        }
        series = Files.writeString(dir.resolve("series.csv"), csv);
        profile = Files.writeString(dir.resolve("profile.yaml"), "# test profile\nwarmup: 60\nhysteresis:\n  dwell_pass: 5\n");
    }

    @Test
    void writesTraceAndSummaryWithTheSpecColumnsAndKeysAndPrintsOneLine() throws Exception {
        Path out = dir.resolve("out");
        CliTest.Result r = CliTest.run("replay", "--series", series.toString(), "--profile", profile.toString(),
                "--out", out.toString(), "--workspace", dir.resolve("ws").toString(), "--job-id", "rep-1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip().lines()).hasSize(1);
        assertThat(r.out()).startsWith("replay rep-1: 540 steps");

        List<String> lines = Files.readAllLines(out.resolve("trace.csv"));
        assertThat(lines.get(0)).isEqualTo(String.join(",", Trace.COLUMNS));
        assertThat(lines).hasSize(1 + 540);
        assertThat(lines.get(1)).startsWith("60,2026-01-01T00:60,");

        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        List<String> keys = new ArrayList<>();
        summary.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyElementsOf(ReplaySummary.KEYS);
        assertThat(summary.path("n_steps").asInt()).isEqualTo(540);
        assertThat(summary.path("transitions").isObject()).isTrue();
    }

    @Test
    void persistsTheDriftWatchAcrossRunsAndLogsTheGatingLine() {
        Path ws = dir.resolve("ws");
        for (int i = 1; i <= 3; i++) {
            CliTest.Result r = CliTest.run("replay", "--series", series.toString(), "--profile", profile.toString(),
                    "--out", dir.resolve("out" + i).toString(), "--workspace", ws.toString(), "--job-id", "drift-" + i);
            assertThat(r.code()).as(r.err()).isZero();
        }
        try (AppContext app = AppContext.open(ws, 1)) {
            var row = app.replays().driftState(profile, "default").orElseThrow();
            assertThat(row.runs()).isEqualTo(3);
            assertThat(row.lastRunId()).isEqualTo("drift-3");
            assertThat(app.jobs().logTail("drift-2", 20)).anySatisfy(l -> assertThat(l.message())
                    .matches("\\[CI-GATING\\] metric=coverage_abs_err_ema value=\\d\\.\\d{3} threshold=0\\.080 relation=<= state:[a-z]+->[a-z]+ violation=(True|False) run=drift-2"));
            assertThat(app.runs().find("drift-3")).get().satisfies(run -> {
                assertThat(run.kind()).isEqualTo(ReplayService.KIND);
                assertThat(run.status()).isEqualTo("succeeded");
                assertThat(run.metricsJson()).contains("\"pass_share\"");
                assertThat(run.artifactsJson()).contains("trace.csv", "summary.json");
            });
        }
    }

    @Test
    void badSeriesIsRefusedWithFileLineColumnExit2AndNoJob() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "ts,y\na,1\nb,oops\n");
        Path ws = dir.resolve("ws");
        CliTest.Result r = CliTest.run("replay", "--series", bad.toString(), "--profile", profile.toString(),
                "--out", dir.resolve("never").toString(), "--workspace", ws.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("riskbench: " + bad + ":3:2:").doesNotContain("Exception");
        assertThat(dir.resolve("never")).doesNotExist();
        assertThat(CliTest.run("jobs", "list", "--workspace", ws.toString()).out()).contains("no jobs");
    }

    @Test
    void aSeriesOrProfileThatIsNotUtf8TextIsRefusedWithWhereAndExit2() throws Exception {
        // random bytes as the audit's binary.csv: 0xDB starts a two-byte character that 0xD3 cannot continue
        Path binary = Files.write(dir.resolve("binary.csv"), new byte[] {(byte) 0xDB, (byte) 0xD3, 0x75, 0x66, 0x0A});
        CliTest.Result r = CliTest.run("replay", "--series", binary.toString(), "--profile", profile.toString(),
                "--out", dir.resolve("never").toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: " + binary + ":1:1: not UTF-8 text (byte 0xDB at offset 0 is not "
                + "valid UTF-8: binary content, or text in another encoding?); save it as UTF-8.");

        Path latin1 = Files.write(dir.resolve("latin1.yaml"), "# r\u00e9glage\nwarmup: 60\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        CliTest.Result p = CliTest.run("replay", "--series", series.toString(), "--profile", latin1.toString(),
                "--out", dir.resolve("never").toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.err().strip()).startsWith("riskbench: " + latin1 + ":1:4: not UTF-8 text (byte 0xE9 at offset 3 ")
                .doesNotContain("Input length");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void brokenYamlInTheProfileIsOneLineWithLineAndColumn() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "warmup: 60\nhysteresis:\n  dwell_pass: 5\n   bad: [\n");
        CliTest.Result r = CliTest.run("replay", "--series", series.toString(), "--profile", broken.toString(),
                "--out", dir.resolve("never").toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).singleElement().asString()
                .isEqualTo("riskbench: " + broken + ":4:7: not valid YAML: mapping values are not allowed here.");
    }

    @Test
    void unknownProfileKeyIsRefusedNamingItAndTheValidKeys() throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "hysteresis:\n  dwel_pass: 5\n");
        CliTest.Result r = CliTest.run("replay", "--series", series.toString(), "--profile", typo.toString(),
                "--out", dir.resolve("x").toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("hysteresis.dwel_pass").contains("dwell_pass");
    }

    @Test
    void tooShortASeriesForTheWarmupIsBadInput() throws Exception {
        Path shortSeries = Files.writeString(dir.resolve("short.csv"), "y\n1\n2\n3\n");
        CliTest.Result r = CliTest.run("replay", "--series", shortSeries.toString(), "--profile", profile.toString(),
                "--out", dir.resolve("x").toString(), "--workspace", dir.resolve("ws").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("short.csv:4:", "3 rows", "warmup + 2");
    }
}
