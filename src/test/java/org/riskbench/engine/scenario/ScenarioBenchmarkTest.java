package org.riskbench.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ScenarioBenchmarkTest {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioBenchmarkTest.class);

    @Test
    void smallBenchmarkReportsThroughput() {
        ScenarioBenchmark.BenchResult r = ScenarioBenchmark.run(10_000, 8, 4, 2);
        assertThat(r.rowScenariosPerSecond()).isPositive();
        assertThat(r.speedupVsPython()).isEqualTo(r.rowScenariosPerSecond() / 470_000.0);
    }

    /** The benchmark: {@code -Driskbench.bench=true}. */
    @Test
    @EnabledIfSystemProperty(named = "riskbench.bench", matches = "true")
    void millionRowsEightFeaturesHundredScenarios() {
        for (int threads : new int[] {1, 2}) {
            ScenarioBenchmark.BenchResult r = ScenarioBenchmark.run(1_000_000, 8, 100, threads);
            LOG.warn("BENCH {}", r);
        }
    }
}
