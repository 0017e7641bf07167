package org.riskbench.ui.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnomalyHistogramTest {

    @ParameterizedTest
    @CsvSource({"1, 1", "5, 1", "6, 2", "7, 2", "10, 2", "11, 5", "34, 10", "332186, 100000", "924010, 200000", "1000000, 200000"})
    void yTicksAreRoundCountsAndAtMostFiveAboveZero(long tallestBar, long expectedStep) {
        long step = AnomalyHistogram.tickStep(tallestBar);

        assertThat(step).isEqualTo(expectedStep);
        long ticksAboveZero = (tallestBar + step - 1) / step;
        assertThat(ticksAboveZero).isBetween(1L, 5L);
    }

    @ParameterizedTest
    @CsvSource({"0.08, 0.1", "0.02, 0.02", "0.1, 0.1", "0.12, 0.2", "0.03, 0.05", "1.0, 1.0"})
    void scoreTicksAreOneTwoOrFiveTimesAPowerOfTen(double atLeast, double expected) {
        assertThat(AnomalyHistogram.niceStep(atLeast)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
    }
}
