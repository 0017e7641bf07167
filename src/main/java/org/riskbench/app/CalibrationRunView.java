package org.riskbench.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.riskbench.engine.calibration.ScoreHeatMap;

/**
 * A finished calibration read back from its output folder (docs/spec/calibration.md "Outputs"): every point of
 * {@code calib_results.csv} in grid order, the top-K and Pareto entries with their patches, and the
 * metadata (inputs, grid, weights, constraints).
 *
 * @param gridValues per grid path, its distinct values as written in the CSV, in the grid's order
 */
public record CalibrationRunView(Path outputDir, String runId, Path seriesPath, Path profilePath, String profileName,
                                 List<String> gridPaths, List<List<String>> gridValues, List<String> metricNames,
                                 List<Point> points, List<Ranked> topK, List<Ranked> pareto, JsonNode meta) {

    public CalibrationRunView {
        gridPaths = List.copyOf(gridPaths);
        gridValues = List.copyOf(gridValues);
        metricNames = List.copyOf(metricNames);
        points = List.copyOf(points);
        topK = List.copyOf(topK);
        pareto = List.copyOf(pareto);
    }

    /**
     * One row of {@code calib_results.csv}.
     *
     * @param params  the grid values as written, one per grid path
     * @param metrics the numeric metrics in {@link #metricNames()} order (NaN for the text metric {@code final_state})
     */
    public record Point(int point, List<String> params, double[] metrics, String finalState, double score, boolean feasible,
                        List<String> failed) {
        public Point {
            params = List.copyOf(params);
            failed = List.copyOf(failed);
        }
    }

    /** An entry of {@code calib_topk.json} or {@code pareto.json}: its rank in the full ranking and its patch. */
    public record Ranked(int rank, int point, double score, boolean feasible, Map<String, String> params, ObjectNode patch) {
    }

    /** The value of a metric of a point, by name (NaN when unknown). */
    public double metric(Point p, String name) {
        int i = metricNames.indexOf(name);
        return i < 0 ? Double.NaN : p.metrics()[i];
    }

    public Optional<Point> point(int index) {
        return index >= 0 && index < points.size() && points.get(index).point() == index ? Optional.of(points.get(index))
                : points.stream().filter(p -> p.point() == index).findFirst();
    }

    public boolean onPareto(int point) {
        return pareto.stream().anyMatch(r -> r.point() == point);
    }

    public long feasibleCount() {
        return points.stream().filter(Point::feasible).count();
    }

    /** The best point (highest score, ties by lower point), or empty for an empty run. */
    public Optional<Point> best() {
        Point best = null;
        for (Point p : points) {
            if (best == null || p.score() > best.score() || (Double.isNaN(best.score()) && !Double.isNaN(p.score()))) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The score heat map over grid paths {@code xAxis} and {@code yAxis} ({@link ScoreHeatMap}: best-of over the
     * other paths unless {@code fixed} gives their value).
     */
    public ScoreHeatMap heatMap(int xAxis, int yAxis, Map<String, String> fixed) {
        List<ScoreHeatMap.Point> cells = new java.util.ArrayList<>(points.size());
        for (Point p : points) {
            cells.add(new ScoreHeatMap.Point(p.point(), p.params(), p.score(), p.feasible()));
        }
        return ScoreHeatMap.of(gridPaths, gridValues, cells, xAxis, yAxis, fixed);
    }
}
