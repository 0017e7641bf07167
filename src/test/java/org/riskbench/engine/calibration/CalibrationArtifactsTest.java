package org.riskbench.engine.calibration;

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
import org.riskbench.core.Hashing;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;

class CalibrationArtifactsTest {

    @TempDir
    Path dir;

    @Test
    void writesTheResultsColumnsTopKParetoAndMetaKeys() throws Exception {
        CalibrationRequest q = CalibrationRequest.of(CalibrationEngineTest.SERIES, CalibrationEngineTest.PROFILE, null,
                "acceptance.hysteresis.dwell_pass=[5,10];kappa.tau_pass=0.40,0.45,0.50", "pass=1,blocked=2",
                "coverage_min:0.5,transitions.PASS->DERISK<=1", 3, null, 2, "job-7");
        CalibrationResult r = CalibrationEngine.run(q, Progress.NONE);
        CalibrationArtifacts.write(dir, r);

        List<CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(dir.resolve("calib_results.csv"))) {
            rows = new ArrayList<>(CSVFormat.DEFAULT.parse(in).getRecords());
        }
        List<String> header = rows.get(0).toList();
        assertThat(header).startsWith("point", "acceptance.hysteresis.dwell_pass", "kappa.tau_pass", "n_steps", "pass_share")
                .endsWith("final_alpha", "final_state", "score", "feasible", "failed_constraints")
                .contains("violation_events.coverage", "transitions.PASS->DERISK", "exec_block_rate",
                        "exec_block_rate.guard_coverage", "flap_rate_k");
        assertThat(header).hasSize(1 + 2 + Metrics.NAMES.size() + 3);
        assertThat(rows).hasSize(1 + 6);
        CSVRecord row4 = rows.get(5); // point 4 = (10, 0.45)
        assertThat(row4.get(0)).isEqualTo("4");
        assertThat(row4.get(1)).isEqualTo("10");
        assertThat(row4.get(2)).isEqualTo("0.45");
        assertThat(row4.get(header.indexOf("n_steps"))).isEqualTo(String.valueOf(q.series().size() - 50));
        PointResult p4 = r.points().get(4);
        assertThat(row4.get(header.indexOf("score"))).isEqualTo(Double.toString(p4.score()));
        assertThat(row4.get(header.indexOf("feasible"))).isEqualTo(String.valueOf(p4.feasible()));
        assertThat(row4.get(header.indexOf("failed_constraints"))).isEqualTo(String.join("|", p4.failed()));

        JsonNode topk = Json.MAPPER.readTree(dir.resolve("calib_topk.json").toFile());
        assertThat(topk.isArray()).isTrue();
        assertThat(topk.size()).isEqualTo(3);
        JsonNode first = topk.get(0);
        assertThat(iterable(first.fieldNames())).containsExactly("rank", "point", "score", "feasible",
                "failed_constraints", "params", "metrics", "patch");
        assertThat(first.get("rank").asInt()).isEqualTo(1);
        assertThat(first.get("point").asLong()).isEqualTo(r.ranking()[0]);
        assertThat(iterable(first.get("params").fieldNames())).containsExactly("acceptance.hysteresis.dwell_pass",
                "kappa.tau_pass");
        assertThat(iterable(first.get("metrics").fieldNames())).isEqualTo(Metrics.NAMES);
        for (int i = 1; i < topk.size(); i++) {
            assertThat(topk.get(i).get("score").asDouble()).isLessThanOrEqualTo(topk.get(i - 1).get("score").asDouble());
        }

        JsonNode pareto = Json.MAPPER.readTree(dir.resolve("pareto.json").toFile());
        assertThat(pareto.isArray()).isTrue();
        assertThat(pareto.size()).isEqualTo(r.pareto().length);
        for (JsonNode p : pareto) {
            assertThat(p.get("feasible").asBoolean()).isTrue();
            assertThat(iterable(p.get("objectives").fieldNames())).containsExactly("pass_share", "coverage_abs_err",
                    "flap_rate_k", "exec_block_rate");
        }

        JsonNode meta = Json.MAPPER.readTree(dir.resolve("calib_meta.json").toFile());
        assertThat(meta.get("series").get("sha256").asText()).isEqualTo(Hashing.sha256(CalibrationEngineTest.SERIES));
        assertThat(meta.get("series").get("path").asText()).isEqualTo(CalibrationEngineTest.SERIES.toString());
        assertThat(meta.get("profile").get("name").asText()).isEqualTo("default");
        assertThat(meta.get("grid").get("spec").asText()).startsWith("acceptance.hysteresis.dwell_pass=[5,10]");
        assertThat(meta.get("grid").get("assignments").get(0).get("key").asText()).isEqualTo("hysteresis.dwell_pass");
        assertThat(meta.get("grid_size").asLong()).isEqualTo(6);
        assertThat(meta.get("weights").get("w_block").asDouble()).isEqualTo(2.0);
        assertThat(meta.get("weights").get("w_derisk").asDouble()).isEqualTo(0.0);
        assertThat(meta.get("constraints").get(1).asText()).isEqualTo("transitions.PASS->DERISK<=1");
        assertThat(meta.get("threads").asInt()).isEqualTo(2);
        assertThat(meta.get("run_id").asText()).isEqualTo("job-7");
        assertThat(meta.get("engine_version").asText()).isEqualTo(CalibrationEngine.VERSION);
        assertThat(meta.get("timings").has("seconds")).isTrue();
        assertThat(meta.get("timings").has("started")).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly("calib_meta.json", "calib_results.csv", "calib_topk.json", "pareto.json");
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
