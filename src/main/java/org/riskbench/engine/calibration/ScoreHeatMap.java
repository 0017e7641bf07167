package org.riskbench.engine.calibration;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The score of a calibration over two grid parameters: for each (x value, y value), the best score of the points
 * with those values whose other parameters are fixed at a chosen value, or free ({@link #BEST}: best-of over their
 * values, the marginalisation the GUI's heat map and {@code riskbench calibrate-heatmap} show). A cell with no
 * feasible point has score NaN and best point -1; {@code count} is the number of points the cell covers.
 *
 * @param score     {@code score[y][x]}, rows in {@code yValues} order, columns in {@code xValues} order
 * @param bestPoint the point index of each cell's best score, or -1
 */
public record ScoreHeatMap(String xPath, String yPath, List<String> xValues, List<String> yValues, double[][] score,
                           int[][] bestPoint, int[][] count) {
    /** The choice for a parameter that is not on an axis: best-of over its values. */
    public static final String BEST = "best of";

    /** A point of a calibration as the map needs it: its index, its grid values as written, score and feasibility. */
    public record Point(int point, List<String> params, double score, boolean feasible) {
    }

    /**
     * @param paths  the grid paths, in grid order
     * @param values per grid path, its distinct values as written, in grid order
     * @param fixed  for the other grid paths, a value as written or {@link #BEST} (absent means best-of)
     */
    public static ScoreHeatMap of(List<String> paths, List<List<String>> values, List<Point> points, int xAxis,
            int yAxis, Map<String, String> fixed) {
        List<String> xs = values.get(xAxis);
        List<String> ys = values.get(yAxis);
        double[][] score = new double[ys.size()][xs.size()];
        int[][] best = new int[ys.size()][xs.size()];
        int[][] count = new int[ys.size()][xs.size()];
        for (double[] row : score) {
            Arrays.fill(row, Double.NaN);
        }
        for (int[] row : best) {
            Arrays.fill(row, -1);
        }
        for (Point p : points) {
            boolean keep = true;
            for (int j = 0; j < paths.size() && keep; j++) {
                if (j != xAxis && j != yAxis) {
                    String v = fixed.getOrDefault(paths.get(j), BEST);
                    keep = BEST.equals(v) || v.equals(p.params().get(j));
                }
            }
            if (!keep) {
                continue;
            }
            int xi = xs.indexOf(p.params().get(xAxis));
            int yi = ys.indexOf(p.params().get(yAxis));
            count[yi][xi]++;
            if (p.feasible() && (Double.isNaN(score[yi][xi]) || p.score() > score[yi][xi])) {
                score[yi][xi] = p.score();
                best[yi][xi] = p.point();
            }
        }
        return new ScoreHeatMap(paths.get(xAxis), paths.get(yAxis), xs, ys, score, best, count);
    }

    /** The number of cells that hold a feasible score. */
    public int scoredCells() {
        int n = 0;
        for (double[] row : score) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    n++;
                }
            }
        }
        return n;
    }
}
