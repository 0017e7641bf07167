package org.riskbench.engine.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void quickselectFindsTheSameValueAsASort() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int n = 1; n < 300; n += 7) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = rnd.nextInt(3) == 0 ? rnd.nextInt(4) : rnd.nextGaussian();
            }
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            for (int k = 0; k < n; k++) {
                assertThat(Stats.select(a.clone(), k)).isEqualTo(sorted[k]);
            }
            assertThat(Stats.p95InPlace(a.clone())).isEqualTo(sorted[(int) Math.ceil(0.95 * n) - 1]);
        }
        assertThat(Stats.p95InPlace(new double[0])).isZero();
    }
}
