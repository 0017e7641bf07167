package org.riskbench.engine.acceptance;

import java.util.Objects;

/**
 * A series to replay (docs/spec/acceptance.md, "Input: a series"): realised values {@code y} and the
 * optional columns as primitive arrays. Immutable: arrays are copied in and never handed out.
 * Optional columns are null when absent. In {@code kappa}, NaN means "no value for this row": the
 * engine computes kappa for it as if the column were absent (see docs/acceptance-notes.md).
 */
public final class Series {

    private final String source;
    private final long lastLine;
    private final String[] ts;
    private final double[] y;
    private final double[] mu;
    private final double[] sigma;
    private final double[] latencyMs;
    private final double[] kappa;

    /**
     * @param source    the file name (or a label) used in error messages
     * @param lastLine  the line of the last row in the source file (0 when not from a file)
     * @param ts        labels, or null
     * @param y         realised values (finite)
     * @param mu        external forecast mean, or null (then {@code sigma} must be null too)
     * @param sigma     external forecast scale (> 0), or null
     * @param latencyMs decision latency per step (finite, >= 0), or null for 0
     * @param kappa     raw acceptance score per step (finite or NaN for "compute"), or null
     */
    public Series(String source, long lastLine, String[] ts, double[] y, double[] mu, double[] sigma,
                  double[] latencyMs, double[] kappa) {
        this.source = Objects.requireNonNull(source, "source");
        this.lastLine = lastLine;
        this.y = Objects.requireNonNull(y, "y").clone();
        int n = y.length;
        if ((mu == null) != (sigma == null)) {
            throw new IllegalArgumentException(source + ": mu and sigma must be given both or neither");
        }
        this.ts = checkLength(ts, n, "ts");
        this.mu = checkLength(mu, n, "mu");
        this.sigma = checkLength(sigma, n, "sigma");
        this.latencyMs = checkLength(latencyMs, n, "latency_ms");
        this.kappa = checkLength(kappa, n, "kappa");
        for (int i = 0; i < n; i++) {
            require(Double.isFinite(this.y[i]), "y", i);
            if (this.mu != null) {
                require(Double.isFinite(this.mu[i]), "mu", i);
                require(this.sigma[i] > 0 && Double.isFinite(this.sigma[i]), "sigma", i);
            }
            if (this.latencyMs != null) {
                require(this.latencyMs[i] >= 0 && Double.isFinite(this.latencyMs[i]), "latency_ms", i);
            }
            if (this.kappa != null) {
                require(!Double.isInfinite(this.kappa[i]), "kappa", i);
            }
        }
    }

    /** A series of realised values only (built-in forecaster, latency 0, computed kappa). */
    public static Series of(String source, double[] y) {
        return new Series(source, 0, null, y, null, null, null, null);
    }

    public String source() {
        return source;
    }

    /** Line of the last row in the source file, 0 when unknown. */
    public long lastLine() {
        return lastLine;
    }

    public int size() {
        return y.length;
    }

    public boolean hasForecast() {
        return mu != null;
    }

    public boolean hasTs() {
        return ts != null;
    }

    public boolean hasLatency() {
        return latencyMs != null;
    }

    public boolean hasKappa() {
        return kappa != null;
    }

    public double y(int i) {
        return y[i];
    }

    /** The row's label, "" when the series has no {@code ts} column. */
    public String ts(int i) {
        return ts == null ? "" : ts[i];
    }

    /** A copy of the realised values. */
    public double[] yValues() {
        return y.clone();
    }

    // Package-private raw access for the engine (no copies in the hot loop).
    double[] yRaw() {
        return y;
    }

    String[] tsRaw() {
        return ts;
    }

    double[] muRaw() {
        return mu;
    }

    double[] sigmaRaw() {
        return sigma;
    }

    double[] latencyRaw() {
        return latencyMs;
    }

    double[] kappaRaw() {
        return kappa;
    }

    private static double[] checkLength(double[] a, int n, String name) {
        if (a != null && a.length != n) {
            throw new IllegalArgumentException(name + " has " + a.length + " values but y has " + n);
        }
        return a == null ? null : a.clone();
    }

    private static String[] checkLength(String[] a, int n, String name) {
        if (a != null && a.length != n) {
            throw new IllegalArgumentException(name + " has " + a.length + " values but y has " + n);
        }
        return a == null ? null : a.clone();
    }

    private void require(boolean ok, String column, int row) {
        if (!ok) {
            throw new IllegalArgumentException(source + ": row " + (row + 1) + ": invalid " + column + " value");
        }
    }
}
