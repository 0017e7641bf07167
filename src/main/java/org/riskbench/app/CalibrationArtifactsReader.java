package org.riskbench.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.table.ColumnKind;
import org.riskbench.core.table.ColumnTable;
import org.riskbench.core.table.TableReader;
import org.riskbench.engine.calibration.CalibrationArtifacts;

/**
 * Reads a calibration's output folder ({@code calib_results.csv}, {@code calib_topk.json}, {@code pareto.json},
 * {@code calib_meta.json}) back into a {@link CalibrationRunView}. Call it off the FX thread.
 */
public final class CalibrationArtifactsReader {
    private static final String FINAL_STATE = "final_state";

    private CalibrationArtifactsReader() {
    }

    /** Reads the run in {@code dir}; a missing or malformed file is an {@link InputException} naming it. */
    public static CalibrationRunView read(Path dir) {
        Path csvFile = dir.resolve(CalibrationArtifacts.RESULTS_CSV);
        if (!Files.isRegularFile(csvFile)) {
            throw new InputException("no " + CalibrationArtifacts.RESULTS_CSV + " in " + dir
                    + ": the calibration wrote no results (it failed or was cancelled, or is still running)");
        }
        JsonNode meta = readJson(dir.resolve(CalibrationArtifacts.META_JSON));
        List<String> paths = new ArrayList<>();
        meta.path("grid").path("assignments").forEach(a -> paths.add(a.path("path").asText()));

        List<String> metricNames = new ArrayList<>();
        List<CalibrationRunView.Point> points = new ArrayList<>();
        List<LinkedHashSet<String>> distinct = new ArrayList<>();
        paths.forEach(p -> distinct.add(new LinkedHashSet<>()));
        String where = csvFile.toString();
        ColumnTable table = TableReader.of(csvFile, where).keepLines().read(new TableReader.Plan() {
            @Override
            public ColumnKind[] columns(String[] header) {
                return columns(header, 1);
            }

            @Override
            public ColumnKind[] columns(String[] names, long line) {
                List<String> header = List.of(names);
                int scoreAt = header.indexOf("score");
                if (!"point".equals(header.get(0)) || scoreAt < 1 + paths.size()
                        || !header.subList(1, 1 + paths.size()).equals(paths)
                        || !header.contains("feasible") || !header.contains("failed_constraints")) {
                    throw InputException.at(where, line, 0, "unexpected header (point, the grid paths " + paths
                            + ", the metrics, score, feasible, failed_constraints)");
                }
                return TableReader.allCells(names);
            }
        });
        List<String> header = List.of(table.header());
        int scoreAt = header.indexOf("score");
        int feasibleAt = header.indexOf("feasible");
        int failedAt = header.indexOf("failed_constraints");
        metricNames.addAll(header.subList(1 + paths.size(), scoreAt));
        int stateAt = metricNames.indexOf(FINAL_STATE);
        List<String[]> rows = table.cellRows();
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            long line = table.line(i);
            List<String> params = new ArrayList<>(paths.size());
            for (int j = 0; j < paths.size(); j++) {
                String v = r[1 + j];
                params.add(v);
                distinct.get(j).add(v);
            }
            double[] metrics = new double[metricNames.size()];
            for (int m = 0; m < metrics.length; m++) {
                metrics[m] = m == stateAt ? Double.NaN : number(r[1 + paths.size() + m], where, line, 2 + paths.size() + m);
            }
            String failed = r[failedAt];
            int point;
            try {
                point = Integer.parseInt(r[0]);
            } catch (NumberFormatException e) {
                throw InputException.at(where, line, 1, "point '" + r[0] + "' is not a whole number", e);
            }
            points.add(new CalibrationRunView.Point(point, params, metrics,
                    stateAt < 0 ? null : r[1 + paths.size() + stateAt], number(r[scoreAt], where, line, scoreAt + 1),
                    Boolean.parseBoolean(r[feasibleAt]),
                    failed.isEmpty() ? List.of() : Arrays.asList(failed.split("\\|"))));
        }
        List<List<String>> gridValues = new ArrayList<>();
        distinct.forEach(s -> gridValues.add(List.copyOf(s)));
        JsonNode series = meta.path("series");
        JsonNode profile = meta.path("profile");
        return new CalibrationRunView(dir, text(meta, "run_id"), path(series.path("path")), path(profile.path("path")),
                text(profile, "name"), paths, gridValues, metricNames, points,
                ranked(readJson(dir.resolve(CalibrationArtifacts.TOPK_JSON))),
                ranked(readJson(dir.resolve(CalibrationArtifacts.PARETO_JSON))), meta);
    }

    /**
     * The patch of any point: the grid values that differ from the base profile (from {@code calib_meta.json}),
     * nested by canonical key, as {@code calib_topk.json} writes it.
     */
    public static ObjectNode patchOf(CalibrationRunView run, CalibrationRunView.Point p) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        JsonNode assignments = run.meta().path("grid").path("assignments");
        JsonNode base = run.meta().path("profile").path("values");
        for (int j = 0; j < assignments.size(); j++) {
            JsonNode a = assignments.get(j);
            String[] key = a.path("key").asText().split("\\.");
            JsonNode baseValue = base;
            for (String k : key) {
                baseValue = baseValue.path(k);
            }
            String text = p.params().get(j);
            String type = a.path("type").asText();
            boolean same = switch (type) {
                case "boolean" -> baseValue.isBoolean() && baseValue.asBoolean() == Boolean.parseBoolean(text);
                default -> baseValue.isNumber() && baseValue.asDouble() == Double.parseDouble(text);
            };
            if (same) {
                continue;
            }
            ObjectNode node = patch;
            for (int i = 0; i < key.length - 1; i++) {
                node = node.has(key[i]) ? (ObjectNode) node.get(key[i]) : node.putObject(key[i]);
            }
            String leaf = key[key.length - 1];
            switch (type) {
                case "boolean" -> node.put(leaf, Boolean.parseBoolean(text));
                case "integer" -> node.put(leaf, (int) Double.parseDouble(text));
                default -> node.put(leaf, Double.parseDouble(text));
            }
        }
        return patch;
    }

    private static List<CalibrationRunView.Ranked> ranked(JsonNode array) {
        List<CalibrationRunView.Ranked> out = new ArrayList<>();
        for (JsonNode e : array) {
            Map<String, String> params = new LinkedHashMap<>();
            e.path("params").fields().forEachRemaining(f -> params.put(f.getKey(), f.getValue().asText()));
            JsonNode score = e.path("score");
            out.add(new CalibrationRunView.Ranked(e.path("rank").asInt(), e.path("point").asInt(),
                    score.isNumber() ? score.asDouble() : Double.NaN, e.path("feasible").asBoolean(), params,
                    e.path("patch").isObject() ? (ObjectNode) e.path("patch") : JsonNodeFactory.instance.objectNode()));
        }
        return out;
    }

    private static double number(String text, String where, long line, int column) {
        switch (text) {
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            case "nan":
            case "":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw InputException.at(where, line, column, "'" + text + "' is not a number", e);
                }
        }
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException("no " + file.getFileName() + " in " + file.getParent() + ": the calibration output is incomplete");
        }
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String key) {
        return node.hasNonNull(key) ? node.get(key).asText() : null;
    }

    private static Path path(JsonNode node) {
        return node.isTextual() ? Path.of(node.asText()) : null;
    }
}
