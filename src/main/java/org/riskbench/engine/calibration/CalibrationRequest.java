package org.riskbench.engine.calibration;

import java.nio.file.Path;
import java.util.Objects;
import org.riskbench.core.InputException;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.acceptance.ProfileLoader;
import org.riskbench.engine.acceptance.Series;
import org.riskbench.engine.acceptance.SeriesLoader;

/**
 * Everything a calibration run needs, loaded and validated: {@link #of} is the one entry point for the
 * CLI and the GUI and throws {@link InputException} before any work starts (bad series, profile,
 * grid, weights or constraints, a grid over {@code maxPoints}, a point whose profile is invalid, a
 * series too short for a point's warm-up).
 *
 * @param seriesPath   the series file, or null for a programmatic series
 * @param profilePath  the profile file, or null for a programmatic profile
 * @param base         the base profile
 * @param series       the series, parsed once and shared read-only by all workers
 * @param grid         the grid
 * @param weights      ScoreV1 weights
 * @param constraints  hard constraints
 * @param topK         number of points in calib_topk.json (>= 1)
 * @param maxPoints    the --max-points the grid was checked against
 * @param threads      worker threads (>= 1)
 * @param runId        the job/run id for provenance, or null
 */
public record CalibrationRequest(Path seriesPath, Path profilePath, AcceptanceProfile base, Series series, Grid grid,
                                 ObjectiveWeights weights, HardConstraints constraints, int topK, long maxPoints,
                                 int threads, String runId) {

    /** Default of {@code --top-k}. */
    public static final int DEFAULT_TOP_K = 10;

    public CalibrationRequest {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(constraints, "constraints");
        if (topK < 1) {
            throw new InputException("--top-k is " + topK + " but must be at least 1.");
        }
        org.riskbench.core.Limits.atMost("--top-k", topK, org.riskbench.core.Limits.MAX_TOP_K);
        org.riskbench.core.Limits.threads(threads, "--threads");
        validatePoints(base, series, grid);
    }

    /**
     * Loads and validates everything from the CLI's options.
     *
     * @param seriesPath           {@code --series}
     * @param profilePath          {@code --profile}, or null for the defaults
     * @param profileNameOrNull    {@code --profile-name}
     * @param gridSpec             {@code --grid}: inline or {@code @FILE}
     * @param weightsSpecOrNull    {@code --objective-weights}, or null for the profile's / the defaults
     * @param constraintsSpecOrNull {@code --hard-constraints}, or null for the profile's / none
     * @param topKOrNull           {@code --top-k}, or null for {@link #DEFAULT_TOP_K}
     * @param maxPointsOrNull      {@code --max-points}, or null for {@link Grid#DEFAULT_MAX_POINTS}
     * @param threadsOrNull        {@code --threads}, or null for all cores
     * @param runIdOrNull          {@code --job-id} (recorded in calib_meta.json and in written profiles)
     */
    public static CalibrationRequest of(Path seriesPath, Path profilePath, String profileNameOrNull, String gridSpec,
                                        String weightsSpecOrNull, String constraintsSpecOrNull, Integer topKOrNull,
                                        Long maxPointsOrNull, Integer threadsOrNull, String runIdOrNull) {
        long maxPoints = maxPointsOrNull == null ? Grid.DEFAULT_MAX_POINTS : maxPointsOrNull;
        if (maxPoints < 1) {
            throw new InputException("--max-points is " + maxPoints + " but must be at least 1.");
        }
        org.riskbench.core.Limits.atMost("--max-points", maxPoints, org.riskbench.core.Limits.MAX_GRID_POINTS);
        // no file: the spec's defaults (the GUI's "defaults (no file)")
        AcceptanceProfile base = profilePath == null ? AcceptanceProfile.defaults() : ProfileLoader.load(profilePath, profileNameOrNull);
        Grid grid = Grid.parse(gridSpec, maxPoints);
        ObjectiveWeights weights = ObjectiveWeights.resolve(weightsSpecOrNull, base);
        HardConstraints constraints = HardConstraints.resolve(constraintsSpecOrNull, base);
        Series series = SeriesLoader.load(seriesPath);
        int threads = threadsOrNull == null ? Runtime.getRuntime().availableProcessors() : threadsOrNull;
        int topK = topKOrNull == null ? DEFAULT_TOP_K : topKOrNull;
        return new CalibrationRequest(seriesPath, profilePath, base, series, grid, weights, constraints, topK, maxPoints,
                threads, runIdOrNull);
    }

    /** A programmatic request (tests, benchmark): no files, weights/constraints as given. */
    public static CalibrationRequest of(AcceptanceProfile base, Series series, Grid grid, ObjectiveWeights weights,
                                        HardConstraints constraints, int topK, int threads) {
        return new CalibrationRequest(null, null, base, series, grid, weights, constraints, topK, grid.size(), threads,
                null);
    }

    /** The same request with another thread count. */
    public CalibrationRequest withThreads(int n) {
        return new CalibrationRequest(seriesPath, profilePath, base, series, grid, weights, constraints, topK, maxPoints,
                n, runId);
    }

    /**
     * Builds every point's profile once, so a value that is fine alone but not in combination (for
     * example {@code icp.alpha_target} above a gridded {@code icp.alpha_max}) and a warm-up longer than
     * the series fail here, naming the point, instead of in the middle of the run.
     */
    private static void validatePoints(AcceptanceProfile base, Series series, Grid grid) {
        int maxWarmup = base.warmup();
        for (long i = 0; i < grid.size(); i++) {
            AcceptanceProfile p;
            try {
                p = grid.apply(base, i);
            } catch (InputException e) {
                throw new InputException("grid point " + i + " " + CalibrationResult.describeParams(grid, grid.point(i))
                        + " is not a valid profile: " + e.getMessage(), e);
            }
            maxWarmup = Math.max(maxWarmup, p.warmup());
        }
        if (series.size() < maxWarmup + 2) {
            throw InputException.at(series.source(), series.lastLine(), 0, "the series has " + series.size()
                    + " rows but the grid needs at least warmup + 2 = " + (maxWarmup + 2) + "; add rows or lower 'warmup'.");
        }
    }
}
