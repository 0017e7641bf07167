package org.riskbench.engine.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;

class LinearModelTest {
    @TempDir
    Path dir;

    static ScenarioData table(double[][] rows, double[] y) {
        int p = rows[0].length;
        String[] names = new String[p];
        double[] x = new double[rows.length * p];
        for (int j = 0; j < p; j++) {
            names[j] = "x" + (j + 1);
        }
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, x, r * p, p);
        }
        return new ScenarioData(names, "target", rows.length, x, y, List.of(), rows.length, 0, List.of(), null, false);
    }

    /** The design matrix of {@code d}: a column of ones (the intercept), then the features. */
    static RealMatrix design(ScenarioData d) {
        RealMatrix xm = new Array2DRowRealMatrix(d.rows(), d.features() + 1);
        for (int r = 0; r < d.rows(); r++) {
            xm.setEntry(r, 0, 1.0);
            for (int j = 0; j < d.features(); j++) {
                xm.setEntry(r, j + 1, d.x(r, j));
            }
        }
        return xm;
    }

    static RealVector target(ScenarioData d) {
        RealVector yv = new ArrayRealVector(d.rows());
        for (int r = 0; r < d.rows(); r++) {
            yv.setEntry(r, d.y(r));
        }
        return yv;
    }

    /** Reference: normal equations (X'X) b = X'y solved by Commons Math LU, intercept first. */
    static double[] normalEquations(ScenarioData d, double ridge) {
        int p = d.features();
        RealMatrix xm = design(d);
        RealVector yv = target(d);
        RealMatrix xtx = xm.transpose().multiply(xm);
        for (int j = 1; j <= p; j++) {
            xtx.addToEntry(j, j, ridge);
        }
        return new LUDecomposition(xtx).getSolver().solve(xm.transpose().operate(yv)).toArray();
    }

    static ScenarioData wellConditioned(int n, int p, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] rows = new double[n][p];
        double[] y = new double[n];
        for (int r = 0; r < n; r++) {
            double t = 3.0;
            for (int j = 0; j < p; j++) {
                rows[r][j] = rng.nextDouble(-5, 5) + j;
                t += (j + 1) * 0.7 * rows[r][j];
            }
            y[r] = t + rng.nextDouble(-1, 1);
        }
        return table(rows, y);
    }

    @Test
    void recoversExactCoefficientsOnExactLinearData() {
        double[][] rows = {{1, 2}, {2, 1}, {3, 5}, {4, 3}, {5, 8}, {6, 1}};
        double[] y = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            y[r] = 4.0 + 2.5 * rows[r][0] - 1.5 * rows[r][1];
        }
        LinearModel m = LinearModel.fit(table(rows, y), 0.0);
        assertThat(m.intercept()).isCloseTo(4.0, offset(1e-12));
        assertThat(m.coefficients()).containsExactly(new double[] {2.5, -1.5}, offset(1e-12));
        assertThat(m.r2()).isCloseTo(1.0, offset(1e-12));
        assertThat(m.residualSd()).isCloseTo(0.0, offset(1e-12));
    }

    @Test
    void matchesNormalEquationsReferenceToOneEMinus8Relative() {
        ScenarioData d = wellConditioned(500, 6, 99L);
        LinearModel m = LinearModel.fit(d, 0.0);
        double[] ref = normalEquations(d, 0.0);
        assertThat(m.intercept()).isCloseTo(ref[0], offset(1e-8 * Math.abs(ref[0])));
        for (int j = 0; j < 6; j++) {
            assertThat(m.coefficients()[j]).isCloseTo(ref[j + 1], offset(1e-8 * Math.abs(ref[j + 1])));
        }
    }

    @Test
    void matchesCommonsMathQrOnTheDiabetesTable() {
        ScenarioData d = ScenarioDataReader.read(TestFiles.resource(dir, "/regression/diabetes_named.csv"), "target");
        LinearModel m = LinearModel.fit(d, 0.0);
        int p = d.features();
        RealMatrix xm = design(d);
        RealVector yv = target(d);
        double[] ref = new QRDecomposition(xm).getSolver().solve(yv).toArray();
        assertThat(m.intercept()).isCloseTo(ref[0], offset(1e-8 * Math.abs(ref[0])));
        for (int j = 0; j < p; j++) {
            assertThat(m.coefficients()[j]).isCloseTo(ref[j + 1], offset(1e-8 * Math.abs(ref[j + 1])));
        }
        assertThat(m.r2()).isCloseTo(0.5177, offset(1e-4)); // the well-known full-model R^2 of this data set
    }

    @Test
    void ridgeMatchesPenalisedNormalEquationsAndShrinksCoefficients() {
        ScenarioData d = wellConditioned(200, 4, 7L);
        LinearModel ols = LinearModel.fit(d, 0.0);
        LinearModel ridge = LinearModel.fit(d, 500.0);
        double[] ref = normalEquations(d, 500.0);
        for (int j = 0; j < 4; j++) {
            assertThat(ridge.coefficients()[j]).isCloseTo(ref[j + 1], offset(1e-8 * Math.abs(ref[j + 1])));
        }
        assertThat(ridge.intercept()).isCloseTo(ref[0], offset(1e-8 * Math.abs(ref[0])));
        double olsNorm = 0;
        double ridgeNorm = 0;
        for (int j = 0; j < 4; j++) {
            olsNorm += ols.coefficients()[j] * ols.coefficients()[j];
            ridgeNorm += ridge.coefficients()[j] * ridge.coefficients()[j];
        }
        assertThat(ridgeNorm).isLessThan(olsNorm);
        for (double c : LinearModel.fit(d, 1e9).coefficients()) {
            assertThat(Math.abs(c)).isLessThan(0.01);
        }
    }

    @Test
    void standardErrorsMatchHandComputation() {
        // x = 0..4, y = 1,3,2,5,4: slope 0.8, intercept 1.4, RSS 3.6, sigma^2 = 1.2, Sxx = 10.
        LinearModel m = LinearModel.fit(table(new double[][] {{0}, {1}, {2}, {3}, {4}}, new double[] {1, 3, 2, 5, 4}), 0);
        assertThat(m.coefficients()[0]).isCloseTo(0.8, offset(1e-12));
        assertThat(m.intercept()).isCloseTo(1.4, offset(1e-12));
        assertThat(m.residualSd()).isCloseTo(Math.sqrt(1.2), offset(1e-12));
        assertThat(m.r2()).isCloseTo(0.64, offset(1e-12));
        assertThat(m.stdErrors()[0]).isCloseTo(Math.sqrt(1.2 / 10), offset(1e-12));
        assertThat(m.interceptStdError()).isCloseTo(Math.sqrt(1.2 * (1.0 / 5 + 4.0 / 10)), offset(1e-12));
    }

    @Test
    void sameBitsOnOneThreadAndOnSeveral() {
        // the columns, and the blocks of a large table, are worked on side by side: every sum must still run in the
        // same order, so the model (and the run's artifacts) is the same to the last bit whatever the cores
        ScenarioData data = SyntheticData.generate(40_000, 6, 3L);
        for (double ridge : new double[] {0.0, 2.5}) {
            for (int blockRows : new int[] {LinearModel.BLOCK_ROWS, 3_000}) {
                LinearModel one = LinearModel.fit(data, ridge, 1, blockRows);
                for (int threads : new int[] {2, 3, 7}) {
                    LinearModel several = LinearModel.fit(data, ridge, threads, blockRows);
                    assertThat(several.coefficients()).containsExactly(one.coefficients());
                    assertThat(several.stdErrors()).containsExactly(one.stdErrors());
                    assertThat(several.intercept()).isEqualTo(one.intercept());
                    assertThat(several.interceptStdError()).isEqualTo(one.interceptStdError());
                    assertThat(several.r2()).isEqualTo(one.r2());
                    assertThat(several.residualSd()).isEqualTo(one.residualSd());
                }
            }
        }
    }

    /** The two models agree to {@code tolerance} relative in every figure the run reports. */
    static void assertSameModel(LinearModel actual, LinearModel expected, double tolerance) {
        assertThat(actual.intercept()).isCloseTo(expected.intercept(), offset(tolerance * Math.abs(expected.intercept())));
        for (int j = 0; j < expected.coefficients().length; j++) {
            double c = expected.coefficients()[j];
            double se = expected.stdErrors()[j];
            assertThat(actual.coefficients()[j]).isCloseTo(c, offset(tolerance * Math.abs(c)));
            assertThat(actual.stdErrors()[j]).isCloseTo(se, offset(tolerance * Math.abs(se)));
        }
        assertThat(actual.interceptStdError())
                .isCloseTo(expected.interceptStdError(), offset(tolerance * expected.interceptStdError()));
        assertThat(actual.residualSd()).isCloseTo(expected.residualSd(), offset(tolerance * expected.residualSd()));
        assertThat(actual.r2()).isCloseTo(expected.r2(), offset(tolerance));
    }

    @Test
    void aTableFactoredInBlocksGivesTheModelOfTheWholeTable() {
        // a large table is factored block by block (no copy of it held): the model must be the whole table's, to
        // rounding, with ridge or without, and still match the reference solution
        ScenarioData d = wellConditioned(10_000, 6, 11L);
        for (double ridge : new double[] {0.0, 40.0}) {
            LinearModel whole = LinearModel.fit(d, ridge, 1, d.rows());
            for (int blockRows : new int[] {6, 97, 1_000, 4_999}) {
                assertSameModel(LinearModel.fit(d, ridge, 1, blockRows), whole, 1e-11);
            }
            double[] ref = normalEquations(d, ridge);
            LinearModel blocked = LinearModel.fit(d, ridge, 1, 1_000);
            assertThat(blocked.intercept()).isCloseTo(ref[0], offset(1e-8 * Math.abs(ref[0])));
            for (int j = 0; j < 6; j++) {
                assertThat(blocked.coefficients()[j]).isCloseTo(ref[j + 1], offset(1e-8 * Math.abs(ref[j + 1])));
            }
        }
    }

    @Test
    void aFeatureAtItsMeanThroughoutOneBlockIsFittedAsInTheWholeTable() {
        // sorted data: x1 is 1 in all of the first block, 0 or 2 later, and its mean is exactly 1, so the first block's
        // centred column is exactly zero; its factor must carry the other columns' first row on, not drop it
        SplittableRandom rng = new SplittableRandom(5L);
        int n = 3_000;
        double[][] rows = new double[n][3];
        double[] y = new double[n];
        for (int r = 0; r < n; r++) {
            rows[r][0] = r < 1_000 ? 1 : 2 * (r % 2);
            rows[r][1] = rng.nextDouble(0, 4);
            rows[r][2] = rng.nextDouble(-1, 1) + 0.3 * rows[r][1];
            y[r] = 1 + 2 * rows[r][0] - 3 * rows[r][1] + 0.5 * rows[r][2] + rng.nextDouble(-0.1, 0.1);
        }
        ScenarioData d = table(rows, y);
        assertSameModel(LinearModel.fit(d, 0.0, 1, 1_000), LinearModel.fit(d, 0.0, 1, n), 1e-11);
        double[][] collinear = {{1, 2}, {2, 4}, {3, 6}, {4, 8}, {5, 10}, {6, 12}, {7, 14}};
        assertThatThrownBy(() -> LinearModel.fit(table(collinear, new double[] {1, 2, 3, 5, 4, 6, 9}), 0, 1, 2))
                .isInstanceOf(InputException.class).hasMessageContaining("collinear").hasMessageContaining("x2");
    }

    @Test
    void refusesCollinearAndConstantFeatures() {
        double[][] collinear = {{1, 2}, {2, 4}, {3, 6}, {4, 8}, {5, 10}};
        assertThatThrownBy(() -> LinearModel.fit(table(collinear, new double[] {1, 2, 3, 5, 4}), 0))
                .isInstanceOf(InputException.class).hasMessageContaining("collinear").hasMessageContaining("x2");
        double[][] constant = {{1, 7}, {2, 7}, {3, 7}, {4, 7}, {5, 7}};
        assertThatThrownBy(() -> LinearModel.fit(table(constant, new double[] {1, 2, 3, 5, 4}), 0))
                .isInstanceOf(InputException.class).hasMessageContaining("\"x2\" is constant");
    }
}
