package org.riskbench.engine.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.core.InputException;

/**
 * A fitted baseline linear model {@code target ~ intercept + features}.
 *
 * <p>Fit ({@link #fit}): features are centred and scaled to unit standard deviation (a well-scaled design), the
 * intercept is eliminated by centring, and the least-squares problem is solved by Householder QR (Golub and Van
 * Loan, Matrix Computations, 4th ed., Alg. 5.2.1) on a column-major copy, then mapped back to the original
 * scale. No normal equations and no explicit inverse are used to solve. Householder is hand-written rather than
 * Commons Math's {@code QRDecomposition} because that class materialises dense m x n {@code Q}/{@code R}
 * matrices and a row-array copy of the design, which for the 1M-row tables of the benchmark costs several
 * hundred megabytes; the tests check this solver against Commons Math.
 *
 * <p>Ridge ({@code ridge > 0}) minimises {@code sum (y - b0 - x.b)^2 + ridge * |b|^2} on the original feature
 * scale with the intercept not penalised (the scikit-learn {@code Ridge(alpha)} objective), solved as QR of the
 * design augmented with {@code sqrt(ridge)} rows.
 *
 * <p>Standard errors: OLS, {@code residual_sd^2 (X'X)^-1}; ridge, the sandwich
 * {@code residual_sd^2 M^-1 X'X M^-1} with {@code M = X'X + ridge I}. {@code residual_sd = sqrt(RSS / (n - p - 1))}
 * in both cases; {@code r2 = 1 - RSS / TSS} (NaN when the target is constant).
 */
public record LinearModel(
        List<String> featureNames,
        double intercept,
        double[] coefficients,
        double interceptStdError,
        double[] stdErrors,
        double r2,
        double residualSd,
        double ridge,
        int rows) {

    public LinearModel {
        featureNames = List.copyOf(featureNames);
        coefficients = coefficients.clone();
        stdErrors = stdErrors.clone();
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    @Override
    public double[] stdErrors() {
        return stdErrors.clone();
    }

    /** Model score of one feature vector. */
    public double predict(double[] features) {
        double s = intercept;
        for (int j = 0; j < coefficients.length; j++) {
            s += coefficients[j] * features[j];
        }
        return s;
    }

    /** Coefficients by feature name, in feature order. */
    public Map<String, Double> coefficientsByFeature() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int j = 0; j < coefficients.length; j++) {
            m.put(featureNames.get(j), coefficients[j]);
        }
        return m;
    }

    /** Fits the model to {@code data}; {@code ridge == 0} is ordinary least squares. */
    public static LinearModel fit(ScenarioData data, double ridge) {
        return fit(data, ridge, 0);
    }

    /** As {@link #fit(ScenarioData, double)} on {@code threads} threads ({@code <= 0}: the cores for a large table). */
    static LinearModel fit(ScenarioData data, double ridge, int threads) {
        final int n = data.rows();
        final int p = data.features();
        if (n < p + 2) {
            throw new InputException("too few rows: " + n + " for " + p + " features; at least " + (p + 2) + " needed");
        }
        // The column-major design the QR works on, plus sqrt(ridge) rows when penalised, starts as a copy of the
        // columns: the only copy of the table the fit makes. Each column is copied, summarised (two-pass mean and
        // standard deviation, accurate), centred and scaled by a task of its own, the target likewise; every sum runs
        // in row order, so the result is the same for any number of threads.
        final int m = ridge > 0 ? n + p : n;
        final double[][][] design = {new double[p][], {new double[m]}}; // the columns and the right-hand side
        double[] mean = new double[p];
        double[] sd = new double[p];
        double[] ymeanOf = new double[1];
        double[][] rMat;
        double[] bs;
        try (ColumnTasks tasks = threads > 0 ? ColumnTasks.ofThreads(threads) : ColumnTasks.forValues((long) n * (p + 1))) {
            tasks.run(p + 1, j -> {
                if (j == p) {
                    double[] rhs = design[1][0];
                    data.target(0, rhs, 0, n);
                    double ym = sum(rhs, 0, n) / n;
                    subtract(rhs, n, ym);
                    ymeanOf[0] = ym;
                    return;
                }
                double[] col = new double[m];
                data.feature(j, 0, col, n);
                mean[j] = sum(col, 0, n) / n;
                sd[j] = Math.sqrt(squaredDeviations(col, n, mean[j]) / (n - 1));
                if (sd[j] > 0) {
                    centreAndScale(col, n, mean[j], sd[j]);
                }
                design[0][j] = col;
            });
            for (int j = 0; j < p; j++) {
                if (!(sd[j] > 0)) {
                    throw new InputException("feature \"" + data.featureNames().get(j)
                            + "\" is constant, so its coefficient cannot be estimated; remove the column");
                }
            }
            // Scaled and centred: b_s = sd .* b, so the penalty ridge * b_j^2 = (sqrt(ridge) / sd_j * b_s_j)^2.
            if (ridge > 0) {
                for (int j = 0; j < p; j++) {
                    design[0][j][n + j] = Math.sqrt(ridge) / sd[j];
                }
            }
            rMat = householder(design[0], design[1][0], m, p, tasks);
            double maxDiag = 0;
            for (int j = 0; j < p; j++) {
                maxDiag = Math.max(maxDiag, Math.abs(rMat[j][j]));
            }
            for (int j = 0; j < p; j++) {
                if (Math.abs(rMat[j][j]) <= 1e-10 * maxDiag) {
                    throw new InputException("the features are collinear (feature \"" + data.featureNames().get(j)
                            + "\" is a linear combination of earlier ones); remove it or set ridge > 0");
                }
            }
            bs = backSubstitute(rMat, design[1][0], p);
        }
        design[0] = null; // the QR's copy is done with: the residuals read the columns again, in chunks
        design[1] = null;
        double ymean = ymeanOf[0];
        double[] coef = new double[p];
        double intercept = ymean;
        for (int j = 0; j < p; j++) {
            coef[j] = bs[j] / sd[j];
            intercept -= coef[j] * mean[j];
        }

        // Residuals on the original data, summed in row order.
        double[] sums = new double[2]; // rss, tss
        int chunk = Math.min(n, ScenarioDataReader.CHUNK_ROWS);
        double[][] xs = new double[p][chunk];
        double[] ys = new double[chunk];
        for (int from = 0; from < n; from += chunk) {
            int len = Math.min(chunk, n - from);
            data.features(from, len, xs);
            data.target(from, ys, 0, len);
            addSquaredResiduals(xs, ys, len, intercept, coef, ymean, sums);
        }
        double rss = sums[0];
        double tss = sums[1];
        double sigma2 = rss / (n - p - 1);
        double r2 = tss > 0 ? 1.0 - rss / tss : Double.NaN;

        // Covariance of the scaled coefficients: sigma2 * Minv (OLS), sigma2 * (Minv - ridge Minv D^-2 Minv) (ridge),
        // with Minv = Rinv Rinv' and D = diag(sd).
        double[][] rinv = upperInverse(rMat, p);
        double[][] minv = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int k = 0; k < p; k++) {
                double s = 0;
                for (int l = Math.max(i, k); l < p; l++) {
                    s += rinv[i][l] * rinv[k][l];
                }
                minv[i][k] = s;
            }
        }
        double[][] cov = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int k = 0; k < p; k++) {
                double c = minv[i][k];
                if (ridge > 0) {
                    double s = 0;
                    for (int l = 0; l < p; l++) {
                        s += minv[i][l] * minv[l][k] / (sd[l] * sd[l]);
                    }
                    c -= ridge * s;
                }
                cov[i][k] = sigma2 * c / (sd[i] * sd[k]);
            }
        }
        double[] se = new double[p];
        double varIntercept = sigma2 / n;
        for (int i = 0; i < p; i++) {
            se[i] = Math.sqrt(Math.max(0, cov[i][i]));
            for (int k = 0; k < p; k++) {
                varIntercept += mean[i] * cov[i][k] * mean[k];
            }
        }
        return new LinearModel(data.featureNames(), intercept, coef, Math.sqrt(Math.max(0, varIntercept)), se, r2,
                Math.sqrt(sigma2), ridge, n);
    }

    /**
     * Householder QR in place: on return {@code rhs} holds {@code Q' rhs} and the result is R (p x p, upper).
     * {@code a} is column-major, {@code a[j]} the j-th column of length m.
     */
    private static double[][] householder(double[][] a, double[] rhs, int m, int p, ColumnTasks tasks) {
        double[][] r = new double[p][p];
        for (int j = 0; j < p; j++) {
            double[] v = a[j];
            double norm = Math.sqrt(dot(v, v, j, m));
            if (norm == 0) {
                r[j][j] = 0;
                continue;
            }
            double alpha = v[j] > 0 ? -norm : norm;
            v[j] -= alpha; // v = column - alpha e_j; |v|^2 = 2 norm (norm + |col_j|)
            double vnorm2 = 2 * norm * (norm + Math.abs(v[j] + alpha));
            r[j][j] = alpha;
            // the columns right of j and the right-hand side are reflected independently of one another
            int step = j;
            tasks.run(p - j, k -> {
                int c = step + 1 + k;
                double[] col = c < p ? a[c] : rhs;
                reflect(v, col, step, m, vnorm2);
                if (c < p) {
                    r[step][c] = col[step];
                }
            });
        }
        return r;
    }

    /** Adds the squared residuals of rows {@code 0..len-1} to {@code sums[0]}, their squared deviations from {@code ymean} to {@code sums[1]}. */
    private static void addSquaredResiduals(double[][] xs, double[] ys, int len, double intercept, double[] coef,
            double ymean, double[] sums) {
        int p = coef.length;
        double rss = sums[0];
        double tss = sums[1];
        for (int r = 0; r < len; r++) {
            double fit = intercept;
            for (int j = 0; j < p; j++) {
                fit += coef[j] * xs[j][r];
            }
            double e = ys[r] - fit;
            rss += e * e;
            double d = ys[r] - ymean;
            tss += d * d;
        }
        sums[0] = rss;
        sums[1] = tss;
    }

    /** {@code col -= (2 v.col / |v|^2) v} over rows {@code from..m-1}: one Householder reflection of one column. */
    private static void reflect(double[] v, double[] col, int from, int m, double vnorm2) {
        double f = 2 * dot(v, col, from, m) / vnorm2;
        for (int i = from; i < m; i++) {
            col[i] -= f * v[i];
        }
    }

    /** {@code sum a[i] b[i]} over {@code from..to-1}, in row order. */
    private static double dot(double[] a, double[] b, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** {@code sum a[i]} over {@code from..to-1}, in row order. */
    private static double sum(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += a[i];
        }
        return s;
    }

    /** {@code sum (a[i] - mean)^2} over the first n, in row order. */
    private static double squaredDeviations(double[] a, int n, double mean) {
        double ss = 0;
        for (int r = 0; r < n; r++) {
            double d = a[r] - mean;
            ss += d * d;
        }
        return ss;
    }

    private static void centreAndScale(double[] a, int n, double mean, double sd) {
        for (int r = 0; r < n; r++) {
            a[r] = (a[r] - mean) / sd;
        }
    }

    private static void subtract(double[] a, int n, double value) {
        for (int r = 0; r < n; r++) {
            a[r] = a[r] - value;
        }
    }

    private static double[] backSubstitute(double[][] r, double[] qtb, int p) {
        double[] b = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = qtb[i];
            for (int k = i + 1; k < p; k++) {
                s -= r[i][k] * b[k];
            }
            b[i] = s / r[i][i];
        }
        return b;
    }

    /** Inverse of an upper-triangular matrix by back substitution, column by column (for standard errors only). */
    private static double[][] upperInverse(double[][] r, int p) {
        double[][] inv = new double[p][p];
        for (int c = 0; c < p; c++) {
            for (int i = c; i >= 0; i--) {
                double s = i == c ? 1.0 : 0.0;
                for (int k = i + 1; k <= c; k++) {
                    s -= r[i][k] * inv[k][c];
                }
                inv[i][c] = s / r[i][i];
            }
        }
        return inv;
    }
}
