package org.riskbench.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScenarioKernelTest {

    /** One row repeated n times, with the model score = 2 + 3 x1 - 4 x2 + 0.5 x3. */
    private static ScenarioData repeatedRow(int n, double[] row) {
        int p = row.length;
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            System.arraycopy(row, 0, x, i * p, p);
        }
        return new ScenarioData(new String[] {"x1", "x2", "x3"}, "target", n, x, new double[n], List.of(), n, 0,
                List.of(), null, true);
    }

    private static LinearModel model() {
        return new LinearModel(List.of("x1", "x2", "x3"), 2.0, new double[] {3.0, -4.0, 0.5}, 0, new double[3], 1, 1,
                0, 100);
    }

    @Test
    void shockedScoresHaveTheDistributionOfAnIndependentShockPerFeature() {
        double[] row = {10.0, 5.0, -8.0};
        double shock = 0.1;
        int n = 400_000;
        ScenarioKernel kernel = new ScenarioKernel(repeatedRow(n, row), model(), shock, false, 2.0, 7);
        ScenarioMetrics m = kernel.run(0, new double[n], new int[n], () -> false);

        // The spec's definition, drawn naively: each feature times (1 + shock z_j), one normal per feature.
        SplittableRandom rng = new SplittableRandom(99);
        ZigguratGaussian g = new ZigguratGaussian(rng);
        double[] b = model().coefficients();
        double[] naive = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 2.0;
            for (int j = 0; j < 3; j++) {
                s += b[j] * row[j] * (1 + shock * g.next());
            }
            naive[i] = s;
        }
        Arrays.sort(naive);
        double mean = Arrays.stream(naive).average().orElseThrow();
        // sd of the score: shock * sqrt(30^2 + 20^2 + 4^2) = 3.6277; standard error of the mean ~0.006
        assertThat(m.avgScore()).isCloseTo(8.0, offset(0.03)).isCloseTo(mean, offset(0.04));
        assertThat(m.scoreP05()).isCloseTo(naive[(int) (0.05 * n)], offset(0.06)).isCloseTo(8.0 - 1.6449 * 3.6277, offset(0.06));
        assertThat(m.scoreP95()).isCloseTo(naive[(int) (0.95 * n)], offset(0.06)).isCloseTo(8.0 + 1.6449 * 3.6277, offset(0.06));
        assertThat(m.scoreP50()).isCloseTo(naive[n / 2], offset(0.05));
    }

    @Test
    void withoutShockEveryScoreIsTheFittedValue() {
        int n = 1000;
        ScenarioKernel kernel = new ScenarioKernel(repeatedRow(n, new double[] {1, 2, 3}), model(), 0.0, true, 2.0, 7);
        ScenarioMetrics m = kernel.run(3, new double[n], new int[n], () -> false);
        double fitted = 2 + 3 - 8 + 1.5;
        assertThat(m.minScore()).isEqualTo(fitted);
        assertThat(m.maxScore()).isEqualTo(fitted);
        assertThat(m.seed()).isEqualTo(10L);
    }
}
