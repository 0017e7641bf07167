package org.riskbench.engine.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RollingOrderStatisticsTest {

    @Test
    void agreesWithANaiveSortOnRandomDataWithTies() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int cap : new int[] {1, 2, 3, 17, 200}) {
            RollingOrderStatistics w = new RollingOrderStatistics(cap, true);
            List<Double> naive = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                double x = rnd.nextInt(4) == 0 ? rnd.nextInt(5) : rnd.nextDouble() * 10 - 5; // ties
                if (i % 97 == 0) {
                    x = Double.POSITIVE_INFINITY;
                }
                if (i % 89 == 0) {
                    x = -0.0;
                }
                w.push(x);
                naive.add(x + 0.0);
                if (naive.size() > cap) {
                    naive.remove(0);
                }
                List<Double> sorted = new ArrayList<>(naive);
                Collections.sort(sorted);
                assertThat(w.size()).isEqualTo(sorted.size());
                for (int k = 1; k <= sorted.size(); k++) {
                    assertThat(w.kth(k)).isEqualTo(sorted.get(k - 1));
                }
                assertThat(w.p95()).isEqualTo(sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1));
            }
        }
    }

    @Test
    void runningMeanStaysCloseToADirectSum() {
        SplittableRandom rnd = new SplittableRandom(3);
        RollingOrderStatistics w = new RollingOrderStatistics(50, true);
        List<Double> naive = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            double x = rnd.nextDouble() * 1e3;
            w.push(x);
            naive.add(x);
            if (naive.size() > 50) {
                naive.remove(0);
            }
            double s = 0;
            for (double d : naive) {
                s += d;
            }
            assertThat(w.mean()).isCloseTo(s / naive.size(), org.assertj.core.data.Percentage.withPercentage(1e-10));
        }
    }

    @Test
    void p95IsNearestRankAndZeroWhenEmpty() {
        RollingOrderStatistics w = new RollingOrderStatistics(100);
        assertThat(w.p95()).isZero();
        w.push(4);
        assertThat(w.p95()).isEqualTo(4); // ceil(0.95) - 1 = 0
        for (int i = 1; i <= 9; i++) {
            w.push(i * 10); // window: 4, 10..90 (n = 10)
        }
        assertThat(w.p95()).isEqualTo(90); // ceil(9.5) - 1 = 9
        for (int i = 0; i < 90; i++) {
            w.push(1000 + i); // n = 100: index ceil(95) - 1 = 94
        }
        assertThat(w.p95()).isEqualTo(1000 + 84); // sorted: 4, 10..90 (10 values), 1000..1089
    }

    @Test
    void conformalQuantileIsInfiniteWhenEmptyLargestWhenRankExceedsCountElseKthSmallest() {
        RollingOrderStatistics w = new RollingOrderStatistics(500);
        assertThat(w.conformalQuantile(0.1)).isEqualTo(Double.POSITIVE_INFINITY);
        w.push(3);
        w.push(1);
        w.push(2);
        // n = 3, k = ceil(4 * 0.9) = 4 > 3: the largest
        assertThat(w.conformalQuantile(0.1)).isEqualTo(3);
        // n = 3, a = 0.5: k = ceil(4 * 0.5) = 2
        assertThat(w.conformalQuantile(0.5)).isEqualTo(2);
        for (int i = 4; i <= 9; i++) {
            w.push(i); // n = 9: values 1..9
        }
        // k = ceil(10 * 0.75) = 8
        assertThat(w.conformalQuantile(0.25)).isEqualTo(8);
    }

    @Test
    void dropsTheOldestValueFirst() {
        RollingOrderStatistics w = new RollingOrderStatistics(3);
        w.push(100);
        w.push(1);
        w.push(2);
        w.push(3); // 100 leaves
        assertThat(w.kth(3)).isEqualTo(3);
        assertThat(w.kth(1)).isEqualTo(1);
    }
}
