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
        final int n = data.rows();
        final int p = data.features();
        if (n < p + 2) {
            throw new InputException("too few rows: " + n + " for " + p + " features; at least " + (p + 2) + " needed");
        }
        // The column-major design the QR works on, plus sqrt(ridge) rows when penalised, starts as a copy of the
        // columns: the only copy of the table the fit makes.
        final int m = ridge > 0 ? n + p : n;
        double[][] a = new double[p][m];
        double[] rhs = new double[m];
        for (int j = 0; j < p; j++) {
            data.feature(j, 0, a[j], n);
        }
        data.target(0, rhs, 0, n);
        // Means and standard deviations (two-pass, accurate).
        double[] mean = new double[p];
        double[] sd = new double[p];
        for (int j = 0; j < p; j++) {
            double[] col = a[j];
            double sum = 0;
            for (int r = 0; r < n; r++) {
                sum += col[r];
            }
            mean[j] = sum / n;
            double ss = 0;
            for (int r = 0; r < n; r++) {
                double d = col[r] - mean[j];
                ss += d * d;
            }
            sd[j] = Math.sqrt(ss / (n - 1));
        }
        for (int j = 0; j < p; j++) {
            if (!(sd[j] > 0)) {
                throw new InputException("feature \"" + data.featureNames().get(j)
                        + "\" is constant, so its coefficient cannot be estimated; remove the column");
            }
        }
        double ymean = 0;
        for (int r = 0; r < n; r++) {
            ymean += rhs[r];
        }
        ymean /= n;

        // Scaled and centred in place: b_s = sd .* b, so the penalty ridge * b_j^2 = (sqrt(ridge) / sd_j * b_s_j)^2.
        for (int j = 0; j < p; j++) {
            double[] col = a[j];
            double mj = mean[j];
            double sj = sd[j];
            for (int r = 0; r < n; r++) {
                col[r] = (col[r] - mj) / sj;
            }
        }
        for (int r = 0; r < n; r++) {
            rhs[r] = rhs[r] - ymean;
        }
        if (ridge > 0) {
            for (int j = 0; j < p; j++) {
                a[j][n + j] = Math.sqrt(ridge) / sd[j];
            }
        }
        double[][] rMat = householder(a, rhs, m, p);
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
        double[] bs = backSubstitute(rMat, rhs, p);
        double[] coef = new double[p];
        double intercept = ymean;
        for (int j = 0; j < p; j++) {
            coef[j] = bs[j] / sd[j];
            intercept -= coef[j] * mean[j];
        }

        a = null; // the QR's copy is done with: the residuals read the columns again, in chunks
        rhs = null;

        // Residuals on the original data.
        double rss = 0;
        double tss = 0;
        int chunk = Math.min(n, ScenarioDataReader.CHUNK_ROWS);
        double[][] xs = new double[p][chunk];
        double[] ys = new double[chunk];
        for (int from = 0; from < n; from += chunk) {
            int len = Math.min(chunk, n - from);
            data.features(from, len, xs);
            data.target(from, ys, 0, len);
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
        }
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
    private static double[][] householder(double[][] a, double[] rhs, int m, int p) {
        double[][] r = new double[p][p];
        for (int j = 0; j < p; j++) {
            double[] v = a[j];
            double norm = 0;
            for (int i = j; i < m; i++) {
                norm += v[i] * v[i];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                r[j][j] = 0;
                continue;
            }
            double alpha = v[j] > 0 ? -norm : norm;
            v[j] -= alpha; // v = column - alpha e_j; |v|^2 = 2 norm (norm + |col_j|)
            double vnorm2 = 2 * norm * (norm + Math.abs(v[j] + alpha));
            r[j][j] = alpha;
            for (int c = j + 1; c < p; c++) {
                double[] col = a[c];
                double s = 0;
                for (int i = j; i < m; i++) {
                    s += v[i] * col[i];
                }
                double f = 2 * s / vnorm2;
                for (int i = j; i < m; i++) {
                    col[i] -= f * v[i];
                }
                r[j][c] = col[j];
            }
            double s = 0;
            for (int i = j; i < m; i++) {
                s += v[i] * rhs[i];
            }
            double f = 2 * s / vnorm2;
            for (int i = j; i < m; i++) {
                rhs[i] -= f * v[i];
            }
        }
        return r;
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
