package org.riskbench.engine.acceptance;

import java.util.List;

/**
 * The replay trace in columns, one entry per counted step (docs/spec/acceptance.md, "Trace and summary").
 * Array accessors return the engine's own arrays without copying, for charts over long series:
 * treat them as read-only.
 */
public final class Trace {

    /** The trace columns, in the spec's order (the header of trace.csv). */
    public static final List<String> COLUMNS = List.of("t", "ts", "y", "mu", "sigma", "lower", "upper", "miss", "alpha",
            "coverage_ema", "surprisal", "surprisal_p95", "rel_width_p95", "latency_p95", "kappa", "kappa_plus",
            "soft_breaches", "hard_breaches", "raw", "state", "risk_scale", "block_reason");

    final int[] t;
    final String[] ts;
    final double[] y;
    final double[] mu;
    final double[] sigma;
    final double[] lower;
    final double[] upper;
    final boolean[] miss;
    final double[] alpha;
    final double[] coverageEma;
    final double[] surprisal;
    final double[] surprisalP95;
    final double[] relWidthP95;
    final double[] latencyP95;
    final double[] kappa;
    final double[] kappaPlus;
    final byte[] soft;
    final byte[] hard;
    final byte[] raw;
    final byte[] state;
    final double[] riskScale;
    final byte[] blockReason;

    Trace(int n, String[] ts) {
        t = new int[n];
        this.ts = ts;
        y = new double[n];
        mu = new double[n];
        sigma = new double[n];
        lower = new double[n];
        upper = new double[n];
        miss = new boolean[n];
        alpha = new double[n];
        coverageEma = new double[n];
        surprisal = new double[n];
        surprisalP95 = new double[n];
        relWidthP95 = new double[n];
        latencyP95 = new double[n];
        kappa = new double[n];
        kappaPlus = new double[n];
        soft = new byte[n];
        hard = new byte[n];
        raw = new byte[n];
        state = new byte[n];
        riskScale = new double[n];
        blockReason = new byte[n];
    }

    public int size() {
        return t.length;
    }

    public int[] t() {
        return t;
    }

    /** The row's {@code ts} label, "" when the series had no ts column. */
    public String ts(int i) {
        return ts == null ? "" : ts[i];
    }

    public double[] y() {
        return y;
    }

    public double[] mu() {
        return mu;
    }

    public double[] sigma() {
        return sigma;
    }

    public double[] lower() {
        return lower;
    }

    public double[] upper() {
        return upper;
    }

    public boolean[] miss() {
        return miss;
    }

    public double[] alpha() {
        return alpha;
    }

    public double[] coverageEma() {
        return coverageEma;
    }

    public double[] surprisal() {
        return surprisal;
    }

    public double[] surprisalP95() {
        return surprisalP95;
    }

    public double[] relWidthP95() {
        return relWidthP95;
    }

    public double[] latencyP95() {
        return latencyP95;
    }

    public double[] kappa() {
        return kappa;
    }

    public double[] kappaPlus() {
        return kappaPlus;
    }

    public double[] riskScale() {
        return riskScale;
    }

    /** Soft breaches of step i as a mask of {@link Guard#bit()} (a hard breach counts as soft too). */
    public int softMask(int i) {
        return soft[i];
    }

    /** Hard breaches of step i as a mask of {@link Guard#bit()}. */
    public int hardMask(int i) {
        return hard[i];
    }

    /** Soft breaches of step i, in guard order. */
    public List<Guard> softBreaches(int i) {
        return Guard.fromMask(soft[i]);
    }

    /** Hard breaches of step i, in guard order. */
    public List<Guard> hardBreaches(int i) {
        return Guard.fromMask(hard[i]);
    }

    public State raw(int i) {
        return State.of(raw[i]);
    }

    public State state(int i) {
        return State.of(state[i]);
    }

    public BlockReason blockReason(int i) {
        return BlockReason.of(blockReason[i]);
    }
}
