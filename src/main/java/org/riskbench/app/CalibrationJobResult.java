package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.riskbench.core.Json;
import org.riskbench.engine.calibration.CalibrationResult;

/**
 * The result of a calibration job (stored with the job, read by {@code calibrate}, the Jobs screen and the API; a
 * Spark driver returns the same keys): the grid's size, how many points are feasible and on the Pareto front, the
 * best point (rank 1) with its score, the time taken, and for a run on Spark the application under {@code spark}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"grid_size", "feasible_points", "pareto_points", "best_point", "best_score", "best_feasible",
        "seconds", "points_per_second", "spark"})
public record CalibrationJobResult(
        @JsonProperty("grid_size") int gridSize,
        @JsonProperty("feasible_points") long feasiblePoints,
        @JsonProperty("pareto_points") int paretoPoints,
        @JsonProperty("best_point") long bestPoint,
        @JsonProperty("best_score") double bestScore,
        @JsonProperty("best_feasible") boolean bestFeasible,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("points_per_second") double pointsPerSecond,
        @JsonProperty("spark") SparkReply.Application spark) {

    public static CalibrationJobResult of(CalibrationResult result) {
        long feasible = result.points().stream().filter(p -> p.feasible()).count();
        var best = result.atRank(1);
        return new CalibrationJobResult(result.points().size(), feasible, result.pareto().length, best.point(),
                best.score(), best.feasible(), result.seconds(), result.pointsPerSecond(), null);
    }

    /** What a Spark driver sent back ({@link #of}'s result, which it writes into its {@code result.json}) and its application. */
    static CalibrationJobResult ofSpark(SparkReply<CalibrationJobResult> reply) {
        CalibrationJobResult r = reply.result();
        return new CalibrationJobResult(r.gridSize, r.feasiblePoints, r.paretoPoints, r.bestPoint, r.bestScore,
                r.bestFeasible, r.seconds, r.pointsPerSecond, reply.spark());
    }

    /** A stored result read back (a job's {@code result_json}). */
    public static CalibrationJobResult fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, CalibrationJobResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a calibration job result: " + e.getOriginalMessage(), e);
        }
    }

    /** The one-line summary the CLI prints and the job log keeps. */
    public String oneLine() {
        return String.format(Locale.ROOT, "%s points (%s feasible, %s on the Pareto front); best point %s score %.6f%s;"
                        + " %.1f points/s", gridSize, feasiblePoints, paretoPoints, bestPoint, bestScore,
                bestFeasible ? "" : " (infeasible)", pointsPerSecond);
    }

    /**
     * The tracked run's metrics (the result without {@code spark}); a map because the run store keeps every kind's
     * metrics as one open set of names that run queries and the Runs screen's columns use.
     */
    Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grid_size", gridSize);
        m.put("feasible_points", feasiblePoints);
        m.put("pareto_points", paretoPoints);
        m.put("best_point", bestPoint);
        m.put("best_score", bestScore);
        m.put("best_feasible", bestFeasible);
        m.put("seconds", seconds);
        m.put("points_per_second", pointsPerSecond);
        return m;
    }
}
