package org.riskbench.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.table.ColumnKind;
import org.riskbench.core.table.ColumnTable;
import org.riskbench.core.table.TableReader;
import org.riskbench.engine.scenario.ScenarioArtifacts;
import org.riskbench.engine.scenario.ScenarioMetrics;

/** Reads the artifacts of a scenario run (summary.json, runs.csv, metadata.json) back into a {@link ScenarioRunView}. */
public final class ScenarioArtifactsReader {
    private ScenarioArtifactsReader() {
    }

    /** Reads the run in {@code dir}; a missing or unreadable summary.json / runs.csv is an {@link InputException}. */
    public static ScenarioRunView read(Path dir) {
        Path summaryFile = dir.resolve(ScenarioArtifacts.SUMMARY);
        if (!Files.isRegularFile(summaryFile)) {
            throw new InputException("no " + ScenarioArtifacts.SUMMARY + " in " + dir
                    + ": the run wrote no results (it failed before its first scenario, or is still running)");
        }
        JsonNode summary = readJson(summaryFile);
        Path metadataFile = dir.resolve(ScenarioArtifacts.METADATA);
        JsonNode metadata = Files.isRegularFile(metadataFile) ? readJson(metadataFile) : null;
        List<String> featureOrder = new ArrayList<>();
        if (metadata != null) {
            metadata.path("input").path("features").forEach(f -> featureOrder.add(f.asText()));
        }
        return new ScenarioRunView(dir, summary(summary), model(summary.path("model"), featureOrder),
                readRuns(dir.resolve(ScenarioArtifacts.RUNS)),
                metadata == null ? null : text(metadata, "status"),
                metadata == null ? null : text(metadata, "message"));
    }

    private static JsonNode readJson(Path file) {
        try {
            return Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static ScenarioRunView.Summary summary(JsonNode s) {
        return new ScenarioRunView.Summary(text(s, "config_name"), s.path("num_rows").asInt(), s.path("num_scenarios").asInt(),
                s.path("seed").asLong(), number(s, "mean_avg_score"), number(s, "mean_p_hit"), number(s, "total_runtime_sec"),
                s.path("best_scenario_id").isNumber() ? s.path("best_scenario_id").asInt() : null,
                number(s, "best_avg_score"), text(s, "best_by"));
    }

    private static ScenarioRunView.Model model(JsonNode m, List<String> featureOrder) {
        JsonNode coefs = m.path("coefficients");
        JsonNode errors = m.path("std_errors");
        // summary.json sorts keys; the input's column order (metadata.json) reads better.
        Set<String> names = new LinkedHashSet<>();
        for (String f : featureOrder) {
            if (coefs.has(f)) {
                names.add(f);
            }
        }
        for (Iterator<String> it = coefs.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        List<ScenarioRunView.Coefficient> out = new ArrayList<>();
        for (String name : names) {
            JsonNode c = coefs.get(name);
            out.add(new ScenarioRunView.Coefficient(name, c.isNumber() ? c.asDouble() : Double.NaN, number(errors, name)));
        }
        return new ScenarioRunView.Model(out, number(m, "intercept"), number(m, "intercept_std_error"), number(m, "r2"),
                number(m, "residual_sd"), number(m, "ridge"));
    }

    static List<ScenarioMetrics> readRuns(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException("no " + file.getFileName() + " in " + file.getParent());
        }
        String where = file.toString();
        ColumnTable table = TableReader.of(file, where).keepLines().read(new TableReader.Plan() {
            @Override
            public ColumnKind[] columns(String[] header) {
                return columns(header, 1);
            }

            @Override
            public ColumnKind[] columns(String[] header, long line) {
                for (String column : ScenarioMetrics.COLUMNS) {
                    if (!List.of(header).contains(column)) {
                        throw InputException.at(where, line, 0, "column \"" + column + "\" is missing");
                    }
                }
                return TableReader.allCells(header);
            }
        });
        List<String> header = List.of(table.header());
        java.util.function.BiFunction<String, Integer, String> cell = (name, row) -> table.text(header.indexOf(name)).get(row);
        java.util.function.BiFunction<String, Integer, Double> d = (name, row) -> Double.parseDouble(cell.apply(name, row));
        List<ScenarioMetrics> rows = new ArrayList<>(table.rows());
        for (int r = 0; r < table.rows(); r++) {
            try {
                rows.add(new ScenarioMetrics(Integer.parseInt(cell.apply("scenario_id", r)), Long.parseLong(cell.apply("seed", r)),
                        Integer.parseInt(cell.apply("num_rows", r)), d.apply("avg_score", r), d.apply("max_score", r),
                        d.apply("min_score", r), d.apply("score_p05", r), d.apply("score_p50", r), d.apply("score_p95", r),
                        d.apply("es_95", r), d.apply("rmse", r), d.apply("mae", r), d.apply("p_hit", r),
                        Long.parseLong(cell.apply("num_hits", r)), d.apply("runtime_sec", r)));
            } catch (NumberFormatException e) {
                throw InputException.at(where, table.line(r), 0, "not a number: " + e.getMessage());
            }
        }
        return rows;
    }

    private static Double number(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
