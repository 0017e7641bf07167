package org.riskbench.engine.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.riskbench.core.Progress;
import org.riskbench.engine.learning.Gbdt;

/** TEMP: the shared heap walk gives the three copied walks' figures to the bit, before those go. */
class OldWalkTest {

    static double[][] rows(int n, int p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[i][j] = switch (r.nextInt(12)) {
                    case 0 -> Math.round(r.nextDouble() * 4);
                    case 1 -> r.nextDouble() * 1e6;
                    case 2 -> i % 7 == 0 ? Double.NaN : i % 7 == 1 ? Double.NEGATIVE_INFINITY : i % 7 == 2 ? Double.POSITIVE_INFINITY : -0.0;
                    default -> r.nextGaussian() * (j + 1);
                };
            }
        }
        return x;
    }

    @Test
    void theNewWalksEqualTheOld() {
        double[][] train = rows(4000, 12, 1);
        for (int i = 0; i < train.length; i++) {
            for (int j = 0; j < 12; j++) {
                if (!Double.isFinite(train[i][j])) {
                    train[i][j] = 0.5;
                }
            }
        }
        int[] y2 = new int[train.length];
        int[] y3 = new int[train.length];
        for (int i = 0; i < train.length; i++) {
            y2[i] = train[i][0] * train[i][1] > 0 ? 1 : 0;
            y3[i] = y2[i] + (train[i][2] > 1 ? 1 : 0);
        }
        double[][] x = rows(1003, 12, 2);
        for (int classes : new int[] {2, 3}) {
            int[] y = classes == 2 ? y2 : y3;
            for (int depth : new int[] {0, 3, 5, 10}) {
                Gbdt g = Gbdt.fit(train, y, classes, null, new Gbdt.Config(41, depth, 5, 0.2, 1.0, 32, 0.8, 3), Progress.NONE);
                Gbdt.Compiled c = g.compile();
                double[][] block = new double[x.length][classes];
                c.predict(x, 0, x.length, block);
                double[] raw = new double[classes];
                double[] old = new double[classes];
                double[] row = new double[classes];
                for (int i = 0; i < x.length; i++) {
                    c.predictOld(x[i], raw, old);
                    c.predict(x[i], row);
                    assertThat(row).isEqualTo(old);
                    assertThat(block[i]).isEqualTo(old);
                }
                Forest f = Forest.fit(train, y, classes, new Forest.Config(27, depth, 3, 32, 11));
                Forest.Compiled fc = f.compile();
                fc.predict(x, 0, x.length, block);
                for (int i = 0; i < x.length; i++) {
                    fc.predictOld(x[i], old);
                    fc.predict(x[i], row);
                    assertThat(row).isEqualTo(old);
                    assertThat(block[i]).isEqualTo(old);
                }
            }
        }
        for (int psi : new int[] {1, 2, 7, 256, 1024}) {
            IsolationForest iso = IsolationForest.fit(train, 100, psi, 5);
            IsolationForest.Compiled ic = iso.compile();
            double[] block = new double[x.length];
            double[] old = new double[x.length];
            ic.score(x, 0, x.length, block);
            ic.scoreOld(x, x.length, new double[x.length], old);
            for (int i = 0; i < x.length; i++) {
                assertThat(Double.doubleToLongBits(block[i])).isEqualTo(Double.doubleToLongBits(old[i]));
                assertThat(Double.doubleToLongBits(ic.score(x[i]))).isEqualTo(Double.doubleToLongBits(ic.scoreRowOld(x[i])));
            }
        }
    }
}
