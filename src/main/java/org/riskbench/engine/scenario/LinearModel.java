package org.riskbench.engine.scenario;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.riskbench.core.InputException;

/**
 * A fitted baseline linear model {@code target ~ intercept + features}.
 *
 * <p>Fit ({@link #fit}): features are centred and scaled to unit standard deviation (a well-scaled design), the
 * intercept is eliminated by centring, and the least-squares problem is solved by Householder QR (Golub and Van
 * Loan, Matrix Computations, 4th ed., Alg. 5.2.1), then mapped back to the original scale. A large table is factored
 * in blocks of {@value #BLOCK_ROWS} rows whose triangles are stacked and factored once more (a tall-skinny QR), so the
 * fit holds a block of the design at a time, never a copy of the table; a table of fewer than twice that many rows is
 * factored whole. No normal equations and no explicit inverse are used to solve. Householder is hand-written rather
 * than Commons Math's {@code QRDecomposition} because that class materialises dense m x n {@code Q}/{@code R}
 * matrices and a row-array copy of the design, which for the 1M-row tables of the benchmark costs several hundred
 * megabytes; the tests check this solver against Commons Math.
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

    /**
     * Rows of the table in each block of the fit's QR; the last block takes the rest, so it holds up to twice as many.
     * A table of fewer than twice this many rows is one block: its QR is that of the whole design.
     */
    static final int BLOCK_ROWS = 1 << 16;

    /** As {@link #fit(ScenarioData, double)} on {@code threads} threads ({@code <= 0}: the cores for a large table). */
    static LinearModel fit(ScenarioData data, double ridge, int threads) {
        return fit(data, ridge, threads, BLOCK_ROWS);
    }

    /**
     * As {@link #fit(ScenarioData, double, int)} with blocks of {@code blockRows} rows (at least the features; tests
     * use small blocks to check the blocked QR against the whole one).
     */
    static LinearModel fit(ScenarioData data, double ridge, int threads, int blockRows) {
        final int n = data.rows();
        final int p = data.features();
        if (n < p + 2) {
            throw new InputException("too few rows: " + n + " for " + p + " features; at least " + (p + 2) + " needed");
        }
        double[] mean = new double[p];
        double[] sd = new double[p];
        double[] ymeanOf = new double[1];
        Triangle qr;
        try (ColumnTasks tasks = threads > 0 ? ColumnTasks.ofThreads(threads) : ColumnTasks.forValues((long) n * (p + 1))) {
            // Each column is summarised (two-pass mean and standard deviation, accurate) by a task of its own, the
            // target likewise; every sum runs in row order, so the result is the same for any number of threads.
            tasks.run(p + 1, j -> {
                if (j == p) {
                    ymeanOf[0] = columnSum(data, -1) / n;
                    return;
                }
                mean[j] = columnSum(data, j) / n;
                sd[j] = Math.sqrt(columnSquaredDeviations(data, j, mean[j]) / (n - 1));
            });
            for (int j = 0; j < p; j++) {
                if (!(sd[j] > 0)) {
                    throw new InputException("feature \"" + data.featureNames().get(j)
                            + "\" is constant, so its coefficient cannot be estimated; remove the column");
                }
            }
            qr = blockedQr(data, ridge, mean, sd, ymeanOf[0], Math.max(blockRows, p), tasks);
        }
        double[][] rMat = qr.r();
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
        double[] bs = backSubstitute(rMat, qr.qtb(), p);
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

    /** R (p x p, upper triangular) and the first p entries of {@code Q' b} of a least-squares problem. */
    private record Triangle(double[][] r, double[] qtb) {
    }

    /**
     * The QR of the centred and scaled design (and its {@code sqrt(ridge)} rows), block by block, so the fit never
     * holds a copy of the table: each block of rows is copied, centred, scaled and reduced to its triangle by
     * Householder QR, and the triangles stacked in block order are reduced once more (the R of a stack of triangles
     * is the R of the stacked blocks: Demmel et al., "Communication-optimal parallel and sequential QR and LU
     * factorizations", SIAM J. Sci. Comput. 2012). Blocks are worked on side by side, each with the same arithmetic
     * whoever runs it; a table of one block is factored whole, its columns side by side.
     */
    private static Triangle blockedQr(ScenarioData data, double ridge, double[] mean, double[] sd, double ymean,
            int blockRows, ColumnTasks tasks) {
        int n = data.rows();
        int p = mean.length;
        int blocks = Math.max(1, n / blockRows);
        int extra = ridge > 0 ? p : 0; // the ridge rows end the last block
        int longest = n - (blocks - 1) * blockRows + extra;
        if (blocks == 1) {
            return blockQr(data, 0, n, ridge, mean, sd, ymean, new double[p + 1][longest], tasks);
        }
        Triangle[] triangles = new Triangle[blocks];
        Queue<double[][]> buffers = new ConcurrentLinkedQueue<>(); // one set per worker, reused block after block
        try (ColumnTasks serial = ColumnTasks.ofThreads(1)) {
            tasks.run(blocks, k -> {
                double[][] buffer = buffers.poll();
                if (buffer == null) {
                    buffer = new double[p + 1][longest];
                }
                int from = k * blockRows;
                int to = k == blocks - 1 ? n : from + blockRows;
                triangles[k] = blockQr(data, from, to, k == blocks - 1 ? ridge : 0, mean, sd, ymean, buffer, serial);
                buffers.add(buffer);
            });
            double[][] stacked = new double[p][blocks * p];
            double[] rhs = new double[blocks * p];
            for (int k = 0; k < blocks; k++) {
                for (int i = 0; i < p; i++) {
                    for (int c = i; c < p; c++) {
                        stacked[c][k * p + i] = triangles[k].r()[i][c];
                    }
                    rhs[k * p + i] = triangles[k].qtb()[i];
                }
            }
            return new Triangle(householder(stacked, rhs, blocks * p, p, serial), Arrays.copyOf(rhs, p));
        }
    }

    /**
     * The triangle of rows {@code [from, to)} of the design, centred and scaled, with the {@code sqrt(ridge)} rows
     * after them when {@code ridge > 0}: copied into {@code buffer} (p columns, then the right-hand side).
     */
    private static Triangle blockQr(ScenarioData data, int from, int to, double ridge, double[] mean, double[] sd,
            double ymean, double[][] buffer, ColumnTasks tasks) {
        int p = mean.length;
        int len = to - from;
        int m = ridge > 0 ? len + p : len;
        double[][] columns = Arrays.copyOf(buffer, p);
        double[] rhs = buffer[p];
        tasks.run(p + 1, j -> {
            if (j == p) {
                data.target(from, rhs, 0, len);
                subtract(rhs, len, ymean);
                Arrays.fill(rhs, len, m, 0);
                return;
            }
            double[] col = columns[j];
            data.feature(j, from, col, len);
            centreAndScale(col, len, mean[j], sd[j]);
            if (ridge > 0) {
                // Scaled and centred: b_s = sd .* b, so the penalty ridge * b_j^2 = (sqrt(ridge) / sd_j * b_s_j)^2.
                Arrays.fill(col, len, m, 0);
                col[len + j] = Math.sqrt(ridge) / sd[j];
            }
        });
        double[][] r = householder(columns, rhs, m, p, tasks);
        return new Triangle(r, Arrays.copyOf(rhs, p));
    }

    /** {@code sum v} over feature j's column ({@code j < 0}: the target's), in row order, read in chunks. */
    private static double columnSum(ScenarioData data, int j) {
        int n = data.rows();
        double[] chunk = new double[Math.min(n, ScenarioDataReader.CHUNK_ROWS)];
        double s = 0;
        for (int from = 0; from < n; from += chunk.length) {
            int len = Math.min(chunk.length, n - from);
            read(data, j, from, chunk, len);
            for (int i = 0; i < len; i++) {
                s += chunk[i];
            }
        }
        return s;
    }

    /** {@code sum (v - mean)^2} over feature j's column, in row order, read in chunks. */
    private static double columnSquaredDeviations(ScenarioData data, int j, double mean) {
        int n = data.rows();
        double[] chunk = new double[Math.min(n, ScenarioDataReader.CHUNK_ROWS)];
        double ss = 0;
        for (int from = 0; from < n; from += chunk.length) {
            int len = Math.min(chunk.length, n - from);
            read(data, j, from, chunk, len);
            for (int i = 0; i < len; i++) {
                double d = chunk[i] - mean;
                ss += d * d;
            }
        }
        return ss;
    }

    private static void read(ScenarioData data, int j, int from, double[] dst, int len) {
        if (j < 0) {
            data.target(from, dst, 0, len);
        } else {
            data.feature(j, from, dst, len);
        }
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
                // nothing to reflect (a block's column may be zero below row j): row j of R is the columns' row j
                for (int c = j + 1; c < p; c++) {
                    r[j][c] = a[c][j];
                }
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
