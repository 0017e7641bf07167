package org.riskbench.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    static double sortedLinear(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        double h = (s.length - 1) * q;
        int k = (int) Math.floor(h);
        return k + 1 < s.length ? s[k] + (h - k) * (s[k + 1] - s[k]) : s[k];
    }

    @Test
    void handCaseUsesNumpyLinearInterpolation() {
        double[] a = {4.6, 1.4, 3.8, 2.2, 3.0};
        double[] out = new double[3];
        Percentiles.of(a.clone(), 5, new double[] {0.05, 0.5, 0.95}, out);
        // numpy.percentile([1.4, 2.2, 3.0, 3.8, 4.6], [5, 50, 95]) = [1.56, 3.0, 4.44]
        assertThat(out).containsExactly(new double[] {1.56, 3.0, 4.44}, offset(1e-12));
    }

    @Test
    void selectionAgreesWithSortingOnRandomAndTiedData() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] qs = {0.0, 0.05, 0.5, 0.95, 1.0};
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(3000);
            double[] a = new double[n];
            boolean ties = trial % 2 == 0;
            for (int i = 0; i < n; i++) {
                a[i] = ties ? rng.nextInt(5) : rng.nextGaussian();
            }
            double[] out = new double[qs.length];
            Percentiles.of(a.clone(), n, qs, out);
            for (int i = 0; i < qs.length; i++) {
                assertThat(out[i]).isEqualTo(sortedLinear(a, qs[i]));
            }
        }
    }

    @Test
    void selectionAgreesWithSortingOnLargeArraysThatUseTheSamplingStep() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] qs = {0.05, 0.05, 0.5, 0.95, 0.999};
        for (int trial = 0; trial < 12; trial++) {
            int n = 601 + rng.nextInt(200_000);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = switch (trial % 4) {
                    case 0 -> rng.nextGaussian();
                    case 1 -> rng.nextInt(3); // heavy ties
                    case 2 -> i; // already sorted
                    default -> Math.exp(4 * rng.nextGaussian()); // heavy right tail
                };
            }
            double[] out = new double[qs.length];
            Percentiles.of(a.clone(), n, qs, out);
            for (int i = 0; i < qs.length; i++) {
                assertThat(out[i]).as("trial %d n %d q %s", trial, n, qs[i]).isEqualTo(sortedLinear(a, qs[i]));
            }
        }
    }

    @Test
    void zigguratDrawsAreStandardNormal() {
        ZigguratGaussian g = new ZigguratGaussian(new SplittableRandom(1));
        double[] z = new double[200_000];
        for (int i = 0; i < z.length; i++) {
            z[i] = g.next();
        }
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new NormalDistribution(0, 1), z);
        assertThat(p).isGreaterThan(0.001);
        double tail = Arrays.stream(z).filter(v -> Math.abs(v) > 3.442619855899).count() / (double) z.length;
        assertThat(tail).isCloseTo(2 * (1 - new NormalDistribution().cumulativeProbability(3.442619855899)),
                offset(3e-4));
    }
}
