package org.riskbench.engine.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.intake.EnrichmentConfig;
import org.riskbench.engine.intake.SyntheticTransactions;

class ModelBundleTest {
    @TempDir
    static Path dir;
    static Table data;
    static Trainer.Result trained;
    static long trainMillis;

    @BeforeAll
    static void train() {
        Path csv = dir.resolve("tx.csv");
        // exactly the default model's data and seeds (ModelService), so the printed metrics are the default bundle's
        SyntheticTransactions.write(csv, 20_000, 42, SyntheticTransactions.Dialect.EN);
        data = TransactionsData.load(csv, "label", EnrichmentConfig.defaults(), Progress.NONE);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        trained = Trainer.trainTransactions(data, "label", Trainer.Config.defaults(42), Progress.NONE);
        trainMillis = (System.nanoTime() - t0) / 1_000_000;
        long cpuMillis = (mx.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
        System.err.println("trained in " + trainMillis + " ms wall, " + cpuMillis + " ms CPU: " + Json.compact(trained.metrics()));
    }

    @Test
    void trainsAUsefulModelOnTheSyntheticSample() {
        assertThat(trained.metrics().holdout().accuracy()).isGreaterThan(0.8);
        assertThat(trained.metrics().holdout().macroF1()).isGreaterThan(0.5);
        assertThat(trained.model().classes()).containsExactly("limpio", "relevante", "inusual", "preocupante");
    }

    @Test
    void roundTripGivesTheSamePredictions() {
        Path b = dir.resolve("bundle");
        ModelBundle.save(b, "v-test", "2026-01-01T00:00:00Z", "abc", trained.metrics().asMap(), trained.model());
        ModelBundle loaded = ModelBundle.load(b);
        Table sample = data.select(java.util.stream.IntStream.range(0, 500).toArray());
        ScoringModel.Scores a = trained.model().score(sample);
        ScoringModel.Scores c = loaded.model().score(sample);
        assertThat(c.probabilities()).isDeepEqualTo(a.probabilities());
        assertThat(c.finalClass()).containsExactly(a.finalClass());
        assertThat(c.anomaly()).containsExactly(a.anomaly());
        assertThat(c.cluster()).containsExactly(a.cluster());
        assertThat(loaded.columns()).isEqualTo(trained.model().alignment().columns());
        assertThat(loaded.version()).isEqualTo("v-test");
    }

    @Test
    void refusesAnotherFormatVersion() throws Exception {
        Path b = dir.resolve("old");
        ModelBundle.save(b, "v-old", "2026-01-01T00:00:00Z", "abc", Map.of(), trained.model());
        Path m = b.resolve("manifest.json");
        Files.writeString(m, Files.readString(m).replace("\"format_version\" : 1", "\"format_version\" : 99"));
        assertThatThrownBy(() -> ModelBundle.load(b)).isInstanceOf(InputException.class)
                .hasMessageContaining("format version 99 is not supported");
    }
}
