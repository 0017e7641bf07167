package org.riskbench.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.riskbench.app.CalibrationArtifactsReader;
import org.riskbench.app.CalibrationRunView;
import org.riskbench.core.InputException;
import org.riskbench.core.table.CsvWriter;
import org.riskbench.engine.calibration.ScoreHeatMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code riskbench calibrate-heatmap DIR}: the score heat map of a finished calibration, as the Calibration screen
 * shows it (the best score at each pair of values of two grid parameters, the others best-of or fixed), from the
 * calibration's output folder. Reads files only: no workspace needed.
 */
@Command(name = "calibrate-heatmap", mixinStandardHelpOptions = true,
        description = {"Print the score heat map of a finished calibration, as the Calibration screen shows it: for each"
                + " pair of values of two grid parameters, the best score of the feasible points with those values;"
                + " every other grid parameter is best-of (free) unless --fix gives its value.",
            "A cell is '-' when no feasible point has its values. Reads the calibration's output folder (its"
                + " --calib-out-dir); no workspace is needed."})
public final class CalibrateHeatmapCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "A calibration's output folder (calib_results.csv and calib_meta.json).")
    Path dir;

    @Option(names = "--x", paramLabel = "PATH", description = "Grid parameter across (default: the grid's first).")
    String x;

    @Option(names = "--y", paramLabel = "PATH", description = "Grid parameter down (default: the grid's second).")
    String y;

    @Option(names = "--fix", paramLabel = "PATH=VALUE",
            description = "Fix another grid parameter at one of its values, as written in the grid (repeatable).")
    List<String> fix = new ArrayList<>();

    @Option(names = "--csv", description = "Print the map as CSV (the y values down the first column, a header of x"
            + " values; an empty cell where no feasible point is) instead of a table.")
    boolean csv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CalibrationRunView run = CalibrationArtifactsReader.read(dir);
        List<String> paths = run.gridPaths();
        if (paths.isEmpty()) {
            throw new InputException(dir + ": the calibration's grid has no parameters; nothing to map");
        }
        int xAxis = x == null ? 0 : axis("--x", x, paths);
        int yAxis = y == null ? (paths.size() > 1 ? (xAxis == 0 ? 1 : 0) : 0) : axis("--y", y, paths);
        if (xAxis == yAxis && paths.size() > 1) {
            throw new InputException("--x and --y are both '" + paths.get(xAxis) + "'; give two different grid parameters");
        }
        Map<String, String> fixed = new LinkedHashMap<>();
        for (String f : fix) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--fix '" + f + "': write PATH=VALUE, e.g. " + paths.get(0) + "="
                        + run.gridValues().get(0).get(0));
            }
            int j = axis("--fix", f.substring(0, eq).trim(), paths);
            if (j == xAxis || j == yAxis) {
                throw new InputException("--fix '" + f + "': " + paths.get(j) + " is on an axis of the map; fix another"
                        + " parameter");
            }
            String value = f.substring(eq + 1).trim();
            if (!run.gridValues().get(j).contains(value)) {
                throw new InputException("--fix '" + f + "': " + paths.get(j) + " has no value '" + value
                        + "' in the grid (its values: " + String.join(", ", run.gridValues().get(j)) + ")");
            }
            fixed.put(paths.get(j), value);
        }
        ScoreHeatMap map = run.heatMap(xAxis, yAxis, fixed);
        PrintWriter out = spec.commandLine().getOut();
        if (csv) {
            out.print(csv(map));
        } else {
            table(map, out);
            List<String> free = new ArrayList<>();
            for (int j = 0; j < paths.size(); j++) {
                if (j != xAxis && j != yAxis && !fixed.containsKey(paths.get(j))) {
                    free.add(paths.get(j));
                }
            }
            out.println();
            out.println(String.format(Locale.ROOT, "%d of %d cells hold a feasible score; best-of over: %s; fixed: %s",
                    map.scoredCells(), map.xValues().size() * map.yValues().size(),
                    free.isEmpty() ? "none" : String.join(", ", free),
                    fixed.isEmpty() ? "none" : fixed.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .reduce((a, b) -> a + ", " + b).orElse("")));
        }
        out.flush();
        return Cli.EXIT_OK;
    }

    private static int axis(String option, String path, List<String> paths) {
        int j = paths.indexOf(path);
        if (j < 0) {
            throw new InputException(option + ": '" + path + "' is not a parameter of the calibration's grid (its"
                    + " parameters: " + String.join(", ", paths) + ")");
        }
        return j;
    }

    private static String cell(double score) {
        return Double.isNaN(score) ? "-" : String.format(Locale.ROOT, "%.4f", score);
    }

    private static void table(ScoreHeatMap map, PrintWriter out) {
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>();
        head.add(map.yPath() + " \\ " + map.xPath());
        head.addAll(map.xValues());
        rows.add(head);
        for (int yi = 0; yi < map.yValues().size(); yi++) {
            List<String> row = new ArrayList<>();
            row.add(map.yValues().get(yi));
            for (int xi = 0; xi < map.xValues().size(); xi++) {
                row.add(cell(map.score()[yi][xi]));
            }
            rows.add(row);
        }
        int[] width = new int[head.size()];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String v = row.get(c);
                if (c == 0) {
                    line.append(v).append(" ".repeat(width[0] - v.length()));
                } else {
                    line.append("  ").append(" ".repeat(width[c] - v.length())).append(v);
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    static String csv(ScoreHeatMap map) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            CsvWriter w = CsvWriter.of(bytes);
            w.field(map.yPath() + " \\ " + map.xPath());
            for (String v : map.xValues()) {
                w.field(v);
            }
            w.endRecord();
            for (int yi = 0; yi < map.yValues().size(); yi++) {
                w.field(map.yValues().get(yi));
                for (int xi = 0; xi < map.xValues().size(); xi++) {
                    double s = map.score()[yi][xi];
                    w.field(Double.isNaN(s) ? null : Double.toString(s));
                }
                w.endRecord();
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
