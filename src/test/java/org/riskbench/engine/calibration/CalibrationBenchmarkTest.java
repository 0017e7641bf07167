package org.riskbench.engine.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CalibrationBenchmarkTest {

    @Test
    void benchmarkGridHasTheRequestedSizeAndReportsThroughput() {
        assertThat(CalibrationBenchmark.grid(1000).size()).isEqualTo(1000);
        assertThat(CalibrationBenchmark.grid(7).size()).isEqualTo(7);
        CalibrationBenchmark.BenchResult r = CalibrationBenchmark.run(20, 500, 2);
        assertThat(r.points()).isEqualTo(20);
        assertThat(r.pointsPerSecond()).isPositive();
    }
}
