package org.riskbench.ui.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParetoPlotTest {

    @Test
    void aSingleValueGetsAReadableRangeAroundIt() {
        double[] r = ParetoPlot.readableRange(0.05, 0.05);
        assertThat(r[0]).isLessThan(0.05);
        assertThat(r[1]).isGreaterThan(0.05);
        // ticks a quarter apart read as different numbers
        assertThat(ParetoPlot.tick(r[0], r[1] - r[0])).isNotEqualTo(ParetoPlot.tick(r[0] + (r[1] - r[0]) / 4, r[1] - r[0]));
    }

    @Test
    void valuesThatBarelyDifferAreSpreadOverTheAxis() {
        double[] r = ParetoPlot.readableRange(0.0500, 0.0504);
        double first = (0.0500 - r[0]) / (r[1] - r[0]);
        double last = (0.0504 - r[0]) / (r[1] - r[0]);
        assertThat(last - first).as("share of the axis between the two").isGreaterThan(0.4);
    }

    @Test
    void aNonNegativeValueGetsNoAxisBelowZeroAndRoundEnds() {
        // coverage_abs_err 0.0033 at every point (the sample calibration): the axis read -0.0019 ... 0.0081
        double[] r = ParetoPlot.readableRange(0.0033, 0.0033);
        assertThat(r[0]).isEqualTo(0.0);
        assertThat(r[1]).isGreaterThan(0.0033);
        assertThat(ParetoPlot.tick(r[1], r[1] - r[0])).matches("0\\.0\\d*[05]0*");
    }
}
