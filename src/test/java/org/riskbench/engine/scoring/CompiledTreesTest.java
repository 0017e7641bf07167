package org.riskbench.engine.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The branch-free tree layouts used for batch scoring give the node walk's values to the bit. */
class CompiledTreesTest {

    /** Rows with repeated values (ties at split points), extremes, and non-finite cells. */
    private static double[][] rows(int n, int p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[i][j] = switch (r.nextInt(10)) {
                    case 0 -> Math.round(r.nextDouble() * 4);
                    case 1 -> r.nextDouble() * 1e6;
                    default -> r.nextGaussian() * (j + 1);
                };
            }
        }
        return x;
    }

    private static double[][] withNonFinite(double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
            int j = i % y[i].length;
            y[i][j] = i % 3 == 0 ? Double.NaN : i % 3 == 1 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return y;
    }

    @Test
    void isolationForestScoresEqualTheNodeWalk() {
        double[][] train = rows(3000, 5, 1);
        for (int psi : new int[] {1, 2, 7, 256, 1024}) {
            IsolationForest f = IsolationForest.fit(train, 37, psi, 5);
            IsolationForest.Compiled compiled = f.compile();
            for (double[][] x : List.of(rows(203, 5, 2), withNonFinite(rows(203, 5, 3)), train)) {
                double[] got = new double[x.length];
                compiled.score(x, 0, x.length, got);
                for (int i = 0; i < x.length; i++) {
                    assertThat(Double.doubleToLongBits(compiled.score(x[i]))).as("psi %d row %d, alone", psi, i)
                            .isEqualTo(Double.doubleToLongBits(f.score(x[i])));
                    assertThat(Double.doubleToLongBits(got[i])).as("psi %d row %d", psi, i)
                            .isEqualTo(Double.doubleToLongBits(f.score(x[i])));
                }
            }
        }
    }

    @Test
    void randomForestProbabilitiesEqualTheNodeWalk() {
        double[][] train = rows(2000, 6, 4);
        SplittableRandom r = new SplittableRandom(9);
        int[] y = new int[train.length];
        for (int i = 0; i < y.length; i++) {
            // learnable with noise, so trees have leaves at many depths
            y[i] = (train[i][0] > 0 ? 1 : 0) + (train[i][1] > 1 ? 2 : 0);
            if (r.nextInt(10) == 0) {
                y[i] = r.nextInt(4);
            }
        }
        for (int depth : new int[] {0, 1, 4, 10, 16}) {
            for (int trees : new int[] {1, 6, 25}) {
                Forest f = Forest.fit(train, y, 4, new Forest.Config(trees, depth, 3, 32, 11));
                Forest.Compiled compiled = f.compile();
                double[] got = new double[4];
                for (double[][] x : List.of(rows(150, 6, 5), withNonFinite(rows(150, 6, 6)), train)) {
                    double[][] block = new double[x.length][4];
                    compiled.predict(x, 0, x.length, block);
                    for (int i = 0; i < x.length; i++) {
                        compiled.predict(x[i], got);
                        assertThat(got).as("depth %d, %d trees", depth, trees).containsExactly(f.predict(x[i]));
                        assertThat(block[i]).as("block, depth %d, %d trees", depth, trees).containsExactly(f.predict(x[i]));
                    }
                }
            }
        }
    }

    @Test
    void scoringABlockGivesTheStackingProbabilitiesToTheBit() {
        double[][] train = rows(1500, 4, 7);
        int[] y = new int[train.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = train[i][0] + train[i][2] > 0.5 ? 2 : train[i][1] > 0 ? 1 : 0;
        }
        Stacking stacking = Stacking.fit(train, y, 3, Stacking.Config.defaults(3), org.riskbench.core.Progress.NONE);
        Alignment alignment = new Alignment(List.of("a", "b", "c", "d"), java.util.Map.of(), List.of("a", "b", "c", "d"));
        ScoringModel model = new ScoringModel(alignment, List.of("x", "y", "z"), stacking,
                IsolationForest.fit(train, 20, 128, 1), Clusters.fit(train, 3, 1000, 1), null);
        ScoringModel.Block block = new ScoringModel.Block(model);
        double[][] x = rows(64, 4, 8);
        System.arraycopy(x, 0, block.x, 0, x.length);
        model.scoreBlock(block, x.length);
        for (int i = 0; i < x.length; i++) {
            assertThat(block.rows[i].probabilities).containsExactly(stacking.predict(x[i]));
        }
    }
}
