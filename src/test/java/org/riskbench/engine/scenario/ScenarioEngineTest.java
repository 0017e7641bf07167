package org.riskbench.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Hashing;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;

class ScenarioEngineTest {
    @TempDir
    Path dir;

    /** x = 0..4, target 1,3,2,5,4 (fit: 1.4 + 0.8 x), plus an id, a text column and a row with NA. */
    static final String HAND_CSV = """
            id,x,label,target
            1,0,"a, quoted",1
            2,1,b,3
            3,2,c,2
            4,NA,d,9
            5,3,e,5
            6,4,f,4
            """;

    static JsonNode json(Path p) throws Exception {
        return Json.MAPPER.readTree(p.toFile());
    }

    @Test
    void computesEveryMetricOnHandMadeCase() throws Exception {
        Path csv = TestFiles.write(dir, "hand.csv", HAND_CSV);
        ScenarioConfig c = ScenarioConfig.fromMap(Map.of("input_path", csv.toString(), "shock_sd", 0,
                "bootstrap", false, "hit_band", 1.0, "n_scenarios", 2, "seed", 10));
        Path out = dir.resolve("out");
        ScenarioResult r = ScenarioEngine.run(c, out, 1, Progress.NONE);

        assertThat(r.status()).isEqualTo(ScenarioResult.Status.COMPLETED);
        assertThat(r.model().coefficients()[0]).isCloseTo(0.8, offset(1e-12));
        assertThat(r.runs()).hasSize(2);
        // Scores = fitted values 1.4, 2.2, 3.0, 3.8, 4.6; errors -0.4, 0.8, -1.0, 1.2, -0.6; residual_sd = sqrt(1.2).
        for (ScenarioMetrics m : r.runs()) {
            assertThat(m.numRows()).isEqualTo(5);
            assertThat(m.avgScore()).isCloseTo(3.0, offset(1e-12));
            assertThat(m.maxScore()).isCloseTo(4.6, offset(1e-12));
            assertThat(m.minScore()).isCloseTo(1.4, offset(1e-12));
            assertThat(m.scoreP05()).isCloseTo(1.56, offset(1e-12));
            assertThat(m.scoreP50()).isCloseTo(3.0, offset(1e-12));
            assertThat(m.scoreP95()).isCloseTo(4.44, offset(1e-12));
            assertThat(m.es95()).isCloseTo(4.6, offset(1e-12));
            assertThat(m.rmse()).isCloseTo(Math.sqrt(3.6 / 5), offset(1e-12));
            assertThat(m.mae()).isCloseTo(0.8, offset(1e-12));
            assertThat(m.numHits()).isEqualTo(4); // |e| <= 1.0954: all but 1.2
            assertThat(m.pHit()).isCloseTo(0.8, offset(1e-12));
        }
        assertThat(r.runs().get(0).seed()).isEqualTo(10L);
        assertThat(r.runs().get(1).seed()).isEqualTo(11L);

        JsonNode meta = json(out.resolve("metadata.json"));
        assertThat(meta.get("status").asText()).isEqualTo("completed");
        assertThat(meta.get("num_scenarios").asInt()).isEqualTo(2);
        assertThat(meta.get("dropped_rows").asLong()).isEqualTo(1);
        assertThat(meta.get("ignored_columns").toString()).isEqualTo("[\"id\",\"label\"]");
        assertThat(meta.get("input").get("sha256").asText()).isEqualTo(Hashing.sha256(csv));
        assertThat(meta.get("engine_version").asText()).isEqualTo(ScenarioEngine.VERSION);
        assertThat(meta.get("completed_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(meta.get("artifacts").get("runs").asText()).endsWith("runs.csv");

        JsonNode sample = json(out.resolve("input_sample.json"));
        assertThat(sample).hasSize(6);
        assertThat(sample.get(0).get("label").asText()).isEqualTo("a, quoted");
        assertThat(sample.get(3).get("x").asText()).isEqualTo("NA");

        JsonNode summary = json(out.resolve("summary.json"));
        assertThat(summary.get("num_rows").asInt()).isEqualTo(5);
        assertThat(summary.get("best_scenario_id").asInt()).isZero();
        assertThat(summary.get("mean_p_hit").asDouble()).isCloseTo(0.8, offset(1e-12));
        assertThat(summary.get("model").get("coefficients").get("x").asDouble()).isCloseTo(0.8, offset(1e-12));
        assertThat(summary.get("model").get("r2").asDouble()).isCloseTo(0.64, offset(1e-12));

        List<String> lines = Files.readAllLines(out.resolve("runs.csv"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(String.join(",", ScenarioMetrics.COLUMNS));
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        ScenarioConfig c = ScenarioConfig.fromMap(Map.of("n_scenarios", 16, "seed", 5));
        ScenarioResult one = ScenarioEngine.run(c, dir.resolve("t1"), 1, Progress.NONE);
        ScenarioResult four = ScenarioEngine.run(c, dir.resolve("t4"), 4, Progress.NONE);
        assertThat(four.runs().stream().map(ScenarioMetrics::withoutRuntime).toList())
                .isEqualTo(one.runs().stream().map(ScenarioMetrics::withoutRuntime).toList());
        assertThat(one.runs()).extracting(ScenarioMetrics::scenarioId).containsExactly(
                0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        assertThat(one.summary().bestScenarioId()).isEqualTo(four.summary().bestScenarioId());
        // Scenarios differ from each other (their own seeds) and bootstrap draws repeat rows.
        assertThat(one.runs().get(0).avgScore()).isNotEqualTo(one.runs().get(1).avgScore());
    }

    @Test
    void syntheticRunWritesItsInputAndIsReproducible() throws Exception {
        ScenarioConfig c = ScenarioConfig.load(Path.of("sample-data/scenarios/synthetic.json"));
        ScenarioResult a = ScenarioEngine.run(c, dir.resolve("a"), 2, Progress.NONE);
        ScenarioResult b = ScenarioEngine.run(c, dir.resolve("b"), 2, Progress.NONE);
        Path synth = dir.resolve("a").resolve("input_synthetic.csv");
        assertThat(synth).exists();
        assertThat(Files.readAllBytes(synth)).isEqualTo(Files.readAllBytes(dir.resolve("b/input_synthetic.csv")));
        assertThat(a.input().synthetic()).isTrue();
        assertThat(a.summary().numRows()).isBetween(100, 300);
        assertThat(a.model().featureNames()).containsExactly("feature_1", "feature_2", "feature_3", "feature_4");
        JsonNode meta = json(dir.resolve("a/metadata.json"));
        assertThat(meta.get("artifacts").get("input_synthetic").asText()).endsWith("input_synthetic.csv");
        assertThat(meta.get("input").get("sha256").asText()).isEqualTo(Hashing.sha256(synth));
        assertThat(b.runs().stream().map(ScenarioMetrics::withoutRuntime).toList())
                .isEqualTo(a.runs().stream().map(ScenarioMetrics::withoutRuntime).toList());
        // Re-running on the written file reproduces the model.
        ScenarioResult again = ScenarioEngine.run(c.withInputPath(synth), dir.resolve("c"), 1, Progress.NONE);
        assertThat(again.model().coefficients()).isEqualTo(a.model().coefficients());
    }

    @Test
    void timeoutStopsAndWritesCompletedScenariosMarkedAsTimeout() throws Exception {
        Path csv = dir.resolve("big.csv");
        SyntheticData.write(csv, 5_000, 4, 1L);
        ScenarioConfig c = ScenarioConfig.fromMap(Map.of("input_path", csv.toString(), "n_scenarios", 1_000_000,
                "max_runtime_sec", 1.5));
        Path out = dir.resolve("out");
        ScenarioResult r = ScenarioEngine.run(c, out, 2, Progress.NONE);
        assertThat(r.status()).isEqualTo(ScenarioResult.Status.TIMEOUT);
        assertThat(r.message()).contains("max_runtime_sec").contains("of 1000000 scenarios");
        assertThat(r.runs()).isNotEmpty().hasSizeLessThan(1_000_000);
        JsonNode meta = json(out.resolve("metadata.json"));
        assertThat(meta.get("status").asText()).isEqualTo("timeout");
        assertThat(meta.get("num_scenarios").asInt()).isEqualTo(r.runs().size());
        assertThat(Files.readAllLines(out.resolve("runs.csv"))).hasSize(r.runs().size() + 1);
        assertThat(json(out.resolve("summary.json")).get("num_scenarios").asInt()).isEqualTo(r.runs().size());
    }

    @Test
    void aTimeLimitSpentOnReadingTheInputSaysSoAndClaimsNoResults() throws Exception {
        Path csv = dir.resolve("input.csv");
        SyntheticData.write(csv, 2_000, 4, 1L);
        ScenarioConfig c = ScenarioConfig.fromMap(Map.of("input_path", csv.toString(), "n_scenarios", 50,
                "max_runtime_sec", 1e-9));

        ScenarioResult r = ScenarioEngine.run(c, dir.resolve("out"), 1, Progress.NONE);

        assertThat(r.status()).isEqualTo(ScenarioResult.Status.TIMEOUT);
        assertThat(r.runs()).isEmpty();
        assertThat(r.message()).contains("while reading and fitting its input", "before any scenario ran",
                "no scenario completed").doesNotContain("the completed ones were written");
    }

    @Test
    void cancelStopsWithinAScenarioAndMarksTheRun() throws Exception {
        AtomicBoolean cancel = new AtomicBoolean();
        Progress progress = new Progress() {
            @Override
            public void report(double fraction, String message) {
                if (fraction >= 0.1) {
                    cancel.set(true);
                }
            }

            @Override
            public boolean isCancelled() {
                return cancel.get();
            }
        };
        ScenarioConfig c = ScenarioConfig.fromMap(Map.of("n_scenarios", 100));
        ScenarioResult r = ScenarioEngine.run(c, dir, 1, progress);
        assertThat(r.status()).isEqualTo(ScenarioResult.Status.CANCELLED);
        assertThat(r.runs()).hasSize(10);
        assertThat(json(dir.resolve("metadata.json")).get("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void aRunLetsTheTableGoOnceTheScenariosHoldWhatTheyNeedAndKeepsItsDescription() throws Exception {
        // a large table's memory goes back before the scenarios allocate theirs: the run keeps no column of it
        Path csv = dir.resolve("input.csv");
        SyntheticData.write(csv, 3_000, 4, 1L);
        ScenarioConfig c = ScenarioConfig.fromMap(Map.of("input_path", csv.toString(), "n_scenarios", 3, "seed", 2));
        ScenarioInput input = ScenarioInput.check(c);
        ScenarioResult result = ScenarioEngine.run(c, input, dir.resolve("out"), 2, Progress.NONE);
        assertThat(result.status()).isEqualTo(ScenarioResult.Status.COMPLETED);
        assertThat(result.runs()).hasSize(3);
        assertThat(input.data().rows()).isEqualTo(3_000);
        assertThat(input.data().featureNames()).hasSize(4);
        assertThatThrownBy(() -> input.data().x(0, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released");
        // and the results are those of a run that kept it: the same run again, from a fresh check
        ScenarioResult again = ScenarioEngine.run(c, dir.resolve("again"), 1, Progress.NONE);
        assertThat(again.runs()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("runtimeSec")
                .isEqualTo(result.runs());
    }

    @Test
    void refusesTableWithoutTargetColumn() {
        Path csv = TestFiles.write(dir, "t.csv", "a,b\n1,2\n3,4\n5,6\n7,8\n");
        ScenarioConfig c = ScenarioConfig.fromMap(Map.of("input_path", csv.toString()));
        assertThatThrownBy(() -> ScenarioEngine.run(c, dir.resolve("o"), 1, Progress.NONE))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("no target column \"target\"").hasMessageContaining("a, b");
    }

    @Test
    void refusesTableWithoutFeature() {
        Path csv = TestFiles.write(dir, "t.csv", "id,name,target\n1,x,2\n2,y,4\n3,z,5\n4,w,8\n");
        ScenarioConfig c = ScenarioConfig.fromMap(Map.of("input_path", csv.toString()));
        assertThatThrownBy(() -> ScenarioEngine.run(c, dir.resolve("o"), 1, Progress.NONE))
                .isInstanceOf(InputException.class).hasMessageContaining("no feature");
    }

    @Test
    void refusesTooFewRowsSayingHowMany() {
        Path csv = TestFiles.write(dir, "t.csv", "a,b,target\n1,2,3\n2,5,1\n3,,4\n4,1,inf\n");
        ScenarioConfig c = ScenarioConfig.fromMap(Map.of("input_path", csv.toString()));
        assertThatThrownBy(() -> ScenarioEngine.run(c, dir.resolve("o"), 1, Progress.NONE))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("too few rows: 2 usable row(s) (2 dropped")
                .hasMessageContaining("at least 4");
    }

    @Test
    void refusesNonNumericTargetNamingTheLine() {
        Path csv = TestFiles.write(dir, "t.csv", "a,target\n1,2\n2,x\n3,4\n4,5\n");
        ScenarioConfig c = ScenarioConfig.fromMap(Map.of("input_path", csv.toString()));
        assertThatThrownBy(() -> ScenarioEngine.run(c, dir.resolve("o"), 1, Progress.NONE))
                .hasMessageContaining("target column \"target\" is not numeric (\"x\" at line 3)");
    }

    @Test
    void runsOnTheDiabetesRegressionFile() throws Exception {
        Path csv = TestFiles.resource(dir, "/regression/diabetes_named.csv");
        ScenarioConfig c = ScenarioConfig.fromMap(Map.of("input_path", csv.toString(), "n_scenarios", 8,
                "best_by", "rmse"));
        ScenarioResult r = ScenarioEngine.run(c, dir.resolve("out"), 2, Progress.NONE);
        assertThat(r.status()).isEqualTo(ScenarioResult.Status.COMPLETED);
        assertThat(r.model().featureNames()).containsExactly("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5",
                "s6");
        assertThat(r.summary().numRows()).isEqualTo(442);
        assertThat(r.model().r2()).isCloseTo(0.5177, offset(1e-4));
        assertThat(r.runs()).allSatisfy(m -> {
            assertThat(m.numRows()).isEqualTo(442);
            assertThat(m.scoreP05()).isLessThan(m.scoreP50()).isLessThanOrEqualTo(m.avgScore() + 30);
            assertThat(m.scoreP95()).isLessThanOrEqualTo(m.es95()).isLessThanOrEqualTo(m.maxScore());
            assertThat(m.pHit()).isBetween(0.8, 1.0);
        });
        double bestRmse = r.runs().stream().mapToDouble(ScenarioMetrics::rmse).min().orElseThrow();
        assertThat(r.runs().get(r.summary().bestScenarioId()).rmse()).isEqualTo(bestRmse);
        JsonNode meta = json(dir.resolve("out/metadata.json"));
        assertThat(meta.get("input").get("rows_read").asLong()).isEqualTo(442);
        assertThat(meta.get("dropped_rows").asLong()).isZero();
    }

    @Test
    void missingInputFileFallsBackToSyntheticDataAndSaysSo() throws Exception {
        ScenarioConfig c = ScenarioConfig.fromMap(Map.of("input_path", dir.resolve("nope.csv").toString()));
        ScenarioResult r = ScenarioEngine.run(c, dir.resolve("o"), 1, Progress.NONE);
        assertThat(r.input().synthetic()).isTrue();
        assertThat(json(dir.resolve("o/metadata.json")).get("input").get("note").asText()).contains("nope.csv");
    }
}
