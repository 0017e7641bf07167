package org.riskbench.ui.acceptance;

import org.riskbench.engine.acceptance.State;
import org.riskbench.engine.acceptance.Trace;

/**
 * A trace turned into the primitive arrays the charts plot, built off the FX thread. Infinite
 * interval bounds (the first steps, while the score window is empty) become NaN so the band has a
 * gap there instead of breaking the axis range; misses are their own (x, y) marker series; each state
 * is a 0/1 column for the state strip.
 */
record ChartData(double[] x, double[] y, double[] lower, double[] upper, double[] missX, double[] missY,
                 double[] pass, double[] derisk, double[] block, double[] alpha, double[] coverageEma,
                 double[] surprisalP95, double[] riskScale) {

    static ChartData of(Trace tr) {
        int n = tr.size();
        double[] x = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] pass = new double[n];
        double[] derisk = new double[n];
        double[] block = new double[n];
        int[] t = tr.t();
        double[] lower = tr.lower();
        double[] upper = tr.upper();
        boolean[] miss = tr.miss();
        int misses = 0;
        for (int i = 0; i < n; i++) {
            x[i] = t[i];
            lo[i] = Double.isFinite(lower[i]) ? lower[i] : Double.NaN;
            hi[i] = Double.isFinite(upper[i]) ? upper[i] : Double.NaN;
            State s = tr.state(i);
            pass[i] = s == State.PASS ? 1 : 0;
            derisk[i] = s == State.DERISK ? 1 : 0;
            block[i] = s == State.BLOCK ? 1 : 0;
            if (miss[i]) {
                misses++;
            }
        }
        double[] missX = new double[misses];
        double[] missY = new double[misses];
        double[] y = tr.y();
        for (int i = 0, k = 0; i < n; i++) {
            if (miss[i]) {
                missX[k] = x[i];
                missY[k++] = y[i];
            }
        }
        return new ChartData(x, y.clone(), lo, hi, missX, missY, pass, derisk, block, tr.alpha().clone(),
                tr.coverageEma().clone(), finite(tr.surprisalP95()), finite(tr.riskScale()));
    }

    private static double[] finite(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(out[i])) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    int size() {
        return x.length;
    }
}
