package org.riskbench.engine.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;

class ReplayArtifactsTest {

    @TempDir
    Path dir;

    @Test
    void writesTheTraceColumnsAndSummaryKeysInSpecOrder() throws Exception {
        double[] y = AcceptanceBenchmark.synthetic(300, 3);
        String[] ts = new String[y.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = "d," + i; // needs quoting
        }
        double[] lat = new double[y.length];
        java.util.Arrays.fill(lat, 700); // hard latency breach on every counted step
        AcceptanceProfile p = AcceptanceProfile.defaults().with("warmup", 2);
        ReplayResult r = AcceptanceEngine.replay(p, new Series("s", 0, ts, y, null, null, lat, null), Progress.NONE);
        ReplayArtifacts.write(dir, r);

        List<CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(dir.resolve("trace.csv"))) {
            rows = new ArrayList<>(CSVFormat.DEFAULT.parse(in).getRecords());
        }
        assertThat(rows.get(0).toList()).isEqualTo(Trace.COLUMNS);
        assertThat(rows).hasSize(r.trace().size() + 1);
        CSVRecord first = rows.get(1);
        assertThat(first.get(0)).isEqualTo("2");
        assertThat(first.get(1)).isEqualTo("d,2");
        assertThat(first.get(5)).isEqualTo("-inf"); // lower at t = 2: empty score window
        assertThat(first.get(6)).isEqualTo("inf");
        assertThat(first.get(7)).isEqualTo("0");
        assertThat(first.get(16)).isEqualTo("latency|width");
        assertThat(first.get(17)).isEqualTo("latency");
        assertThat(first.get(19)).isEqualTo("BLOCK");
        assertThat(first.get(21)).isEqualTo("guard_latency");
        for (int i = 0; i < r.trace().size(); i++) {
            assertThat(Double.parseDouble(rows.get(i + 1).get(15))).isEqualTo(r.trace().kappaPlus()[i]); // full precision
        }

        JsonNode summary = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        List<String> keys = new ArrayList<>();
        summary.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).isEqualTo(ReplaySummary.KEYS);
        assertThat(summary.get("n_steps").asInt()).isEqualTo(298);
        assertThat(summary.get("final_state").asText()).isEqualTo("BLOCK");
        assertThat(summary.get("transitions").get("PASS->BLOCK").asInt()).isEqualTo(1);
        assertThat(summary.get("exec_block_rate_by_reason").get("guard_latency").asDouble()).isEqualTo(1.0);
        assertThat(summary.get("violation_events").get("latency").asInt()).isEqualTo(298);
        assertThat(summary.get("latency_p95_ms").asDouble()).isEqualTo(700.0);
    }

    @Test
    void readsBackTheTraceAndSummaryItWroteIncludingInfiniteBandsAndQuotedLabels() {
        double[] y = AcceptanceBenchmark.synthetic(400, 11);
        String[] ts = new String[y.length];
        double[] lat = new double[y.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = i % 7 == 0 ? "d,\"" + i + "\"" : "d" + i;
            lat[i] = i % 50 == 0 ? 900 : 10;
        }
        AcceptanceProfile p = AcceptanceProfile.defaults().with("warmup", 2); // first steps have infinite bands
        ReplayResult r = AcceptanceEngine.replay(p, new Series("s", 0, ts, y, null, null, lat, null), Progress.NONE);
        ReplayArtifacts.write(dir, r);

        Trace back = ReplayArtifacts.readTrace(dir.resolve(ReplayArtifacts.TRACE_CSV));
        Trace tr = r.trace();
        assertThat(back.size()).isEqualTo(tr.size());
        assertThat(back.lower()[0]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(back.upper()[0]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(back.t()).isEqualTo(tr.t());
        for (double[][] pair : new double[][][] {{back.y(), tr.y()}, {back.mu(), tr.mu()}, {back.sigma(), tr.sigma()},
                {back.lower(), tr.lower()}, {back.upper(), tr.upper()}, {back.alpha(), tr.alpha()},
                {back.coverageEma(), tr.coverageEma()}, {back.surprisal(), tr.surprisal()},
                {back.surprisalP95(), tr.surprisalP95()}, {back.relWidthP95(), tr.relWidthP95()},
                {back.latencyP95(), tr.latencyP95()}, {back.kappa(), tr.kappa()}, {back.kappaPlus(), tr.kappaPlus()},
                {back.riskScale(), tr.riskScale()}}) {
            assertThat(pair[0]).isEqualTo(pair[1]);
        }
        assertThat(back.miss()).isEqualTo(tr.miss());
        for (int i = 0; i < tr.size(); i++) {
            assertThat(back.ts(i)).isEqualTo(tr.ts(i));
            assertThat(back.softMask(i)).isEqualTo(tr.softMask(i));
            assertThat(back.hardMask(i)).isEqualTo(tr.hardMask(i));
            assertThat(back.raw(i)).isEqualTo(tr.raw(i));
            assertThat(back.state(i)).isEqualTo(tr.state(i));
            assertThat(back.blockReason(i)).isEqualTo(tr.blockReason(i));
        }
        assertThat(ReplayArtifacts.readSummary(dir.resolve(ReplayArtifacts.SUMMARY_JSON))).isEqualTo(r.summary());
    }

    @Test
    void refusesAFileThatIsNotATraceNamingIt() throws Exception {
        Path other = Files.writeString(dir.resolve("other.csv"), "ts,y\n1,2\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReplayArtifacts.readTrace(other))
                .isInstanceOf(org.riskbench.core.InputException.class).hasMessageContaining("other.csv:1: not a replay trace");
    }
}
