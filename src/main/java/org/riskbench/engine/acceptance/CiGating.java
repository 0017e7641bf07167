package org.riskbench.engine.acceptance;

/** The {@code ci_gating} section of a profile: settings of the run-to-run coverage drift watch. */
public record CiGating(double emaBeta, double tolerance, int enterWarnRuns, int exitWarnRuns) {
}
