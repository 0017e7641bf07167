package org.riskbench.engine.calibration;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.riskbench.core.Hashing;
import org.riskbench.core.Times;
import org.riskbench.engine.acceptance.AcceptanceEngine;

/**
 * {@code calib_meta.json}, a calibration's provenance: the inputs and their hashes, the parsed grid, the objective's
 * weights, the constraints, counts, timings and versions. Keys in alphabetical order at every level, as the file has
 * always had them (it was written from maps with sorted keys); the base profile's values stay in the profile's order.
 */
@JsonPropertyOrder(alphabetic = true)
public record CalibrationMeta(
        @JsonProperty("engine") String engine,
        @JsonProperty("engine_version") String engineVersion,
        @JsonProperty("acceptance_engine_version") String acceptanceEngineVersion,
        @JsonProperty("objective") String objective,
        @JsonProperty("run_id") String runId,
        @JsonProperty("series") Input series,
        @JsonProperty("profile") Profile profile,
        @JsonProperty("grid") GridInfo grid,
        @JsonProperty("grid_size") long gridSize,
        @JsonProperty("weights") Weights weights,
        @JsonProperty("weights_source") String weightsSource,
        @JsonProperty("constraints") List<String> constraints,
        @JsonProperty("constraints_source") String constraintsSource,
        @JsonProperty("top_k") int topK,
        @JsonProperty("threads") int threads,
        @JsonProperty("feasible_points") long feasiblePoints,
        @JsonProperty("pareto_points") int paretoPoints,
        @JsonProperty("timings") Timings timings,
        @JsonProperty("output_dir") String outputDir,
        @JsonProperty("artifacts") List<String> artifacts,
        @JsonProperty("java_version") String javaVersion) {

    /** The series read: where from, its hash, its source name and rows. */
    @JsonPropertyOrder(alphabetic = true)
    public record Input(
            @JsonProperty("path") String path,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("source") String source,
            @JsonProperty("rows") int rows) {
    }

    /** The base profile: its file and hash (null when built in the window), its name and every value. */
    @JsonPropertyOrder(alphabetic = true)
    public record Profile(
            @JsonProperty("path") String path,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("name") String name,
            @JsonProperty("values") JsonNode values) {
    }

    /** The grid as given and as parsed. */
    @JsonPropertyOrder(alphabetic = true)
    public record GridInfo(
            @JsonProperty("spec") String spec,
            @JsonProperty("assignments") List<Assignment> assignments,
            @JsonProperty("size") long size,
            @JsonProperty("max_points") long maxPoints) {
    }

    /**
     * One grid assignment: its path as written, the canonical key, the type and the values.
     *
     * @param values numbers or booleans, as the type says
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Assignment(
            @JsonProperty("path") String path,
            @JsonProperty("key") String key,
            @JsonProperty("type") String type,
            @JsonProperty("values") List<Object> values) {
    }

    /** The objective's weights by canonical key ({@link ObjectiveWeights#KEYS}). */
    @JsonPropertyOrder(alphabetic = true)
    public record Weights(
            @JsonProperty("w_pass") double wPass,
            @JsonProperty("w_derisk") double wDerisk,
            @JsonProperty("w_block") double wBlock,
            @JsonProperty("w_viol") double wViol,
            @JsonProperty("w_lat") double wLat,
            @JsonProperty("w_sur") double wSur,
            @JsonProperty("w_flap") double wFlap,
            @JsonProperty("w_cov") double wCov) {

        static Weights of(ObjectiveWeights w) {
            return new Weights(w.wPass(), w.wDerisk(), w.wBlock(), w.wViol(), w.wLat(), w.wSur(), w.wFlap(), w.wCov());
        }
    }

    /**
     * When the calibration ran and how fast.
     *
     * @param pointsPerSecond null when not finite (a run too short to time)
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Timings(
            @JsonProperty("started") String started,
            @JsonProperty("finished") String finished,
            @JsonProperty("seconds") double seconds,
            @JsonProperty("points_per_second") Double pointsPerSecond) {
    }

    /** The metadata of a finished calibration whose artifacts go into {@code dir}. */
    public static CalibrationMeta of(Path dir, CalibrationResult r) {
        CalibrationRequest q = r.request();
        Input series = new Input(q.seriesPath() == null ? null : q.seriesPath().toString(),
                q.seriesPath() == null ? null : Hashing.sha256(q.seriesPath()), q.series().source(), q.series().size());
        Profile profile = new Profile(q.profilePath() == null ? null : q.profilePath().toString(),
                q.profilePath() == null ? null : Hashing.sha256(q.profilePath()), q.base().name(), q.base().toTree());
        List<Assignment> assignments = q.grid().assignments().stream().map(a -> new Assignment(a.path(), a.key(),
                a.type().name().toLowerCase(Locale.ROOT), a.values())).toList();
        GridInfo grid = new GridInfo(q.grid().spec(), assignments, q.grid().size(), q.maxPoints());
        long feasible = r.points().stream().filter(PointResult::feasible).count();
        Timings timings = new Timings(Times.format(r.started()), Times.format(r.finished()), r.seconds(),
                Double.isFinite(r.pointsPerSecond()) ? r.pointsPerSecond() : null);
        return new CalibrationMeta("calibration", CalibrationEngine.VERSION, AcceptanceEngine.VERSION, "ScoreV1", q.runId(),
                series, profile, grid, q.grid().size(), Weights.of(q.weights()), q.weights().source(),
                q.constraints().texts(), q.constraints().source(), q.topK(), q.threads(), feasible, r.pareto().length,
                timings, dir.toString(), List.of(CalibrationArtifacts.RESULTS_CSV, CalibrationArtifacts.TOPK_JSON,
                        CalibrationArtifacts.PARETO_JSON, CalibrationArtifacts.META_JSON), System.getProperty("java.version"));
    }
}
