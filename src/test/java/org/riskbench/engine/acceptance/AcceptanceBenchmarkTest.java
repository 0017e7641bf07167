package org.riskbench.engine.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptanceBenchmarkTest {
    @Test
    void measuresAPositiveThroughputOnTheSyntheticSeries() {
        AcceptanceBenchmark.BenchResult r = AcceptanceBenchmark.run(Integer.getInteger("bench.steps", 5_000),
                Integer.getInteger("bench.reps", 3));
        assertThat(r.stepsPerSecond()).isPositive();
        assertThat(r.medianSeconds()).isPositive();
    }

    @Test
    void syntheticSeriesIsSeeded() {
        assertThat(AcceptanceBenchmark.synthetic(100, 1)).containsExactly(AcceptanceBenchmark.synthetic(100, 1));
    }
}
