package org.riskbench.ui.calibration;

import java.util.List;
import java.util.Map;
import org.riskbench.app.CalibrationRunView;

/**
 * The cells of the score heat map over two grid parameters: for each (x value, y value), the best score
 * of the points with those values whose other parameters are fixed at the chosen value, or free
 * ({@link #BEST}: best-of over them). A cell with no feasible point is NaN; with no point at all, null count 0.
 */
public record HeatMapData(String xPath, String yPath, List<String> xValues, List<String> yValues, double[][] score,
                          int[][] bestPoint, int[][] count) {
    /** The choice for a parameter that is not on an axis: best-of over its values. */
    public static final String BEST = "best of";

    /**
     * @param fixed for the other grid paths, a value as written or {@link #BEST} (absent means best-of)
     */
    public static HeatMapData of(CalibrationRunView run, int xAxis, int yAxis, Map<String, String> fixed) {
        List<String> xs = run.gridValues().get(xAxis);
        List<String> ys = run.gridValues().get(yAxis);
        double[][] score = new double[ys.size()][xs.size()];
        int[][] best = new int[ys.size()][xs.size()];
        int[][] count = new int[ys.size()][xs.size()];
        for (double[] row : score) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        for (int[] row : best) {
            java.util.Arrays.fill(row, -1);
        }
        List<String> paths = run.gridPaths();
        for (CalibrationRunView.Point p : run.points()) {
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
        return new HeatMapData(paths.get(xAxis), paths.get(yAxis), xs, ys, score, best, count);
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
