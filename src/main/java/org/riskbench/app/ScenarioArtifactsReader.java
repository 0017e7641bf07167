package org.riskbench.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.table.ColumnKind;
import org.riskbench.core.table.ColumnTable;
import org.riskbench.core.table.TableReader;
import org.riskbench.engine.scenario.ScenarioArtifacts;
import org.riskbench.engine.scenario.ScenarioMetadata;
import org.riskbench.engine.scenario.ScenarioMetrics;
import org.riskbench.engine.scenario.ScenarioSummaryFile;

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
        ScenarioSummaryFile summary = read(summaryFile, ScenarioSummaryFile.class);
        Path metadataFile = dir.resolve(ScenarioArtifacts.METADATA);
        ScenarioMetadata metadata = Files.isRegularFile(metadataFile) ? read(metadataFile, ScenarioMetadata.class) : null;
        List<String> featureOrder = metadata == null || metadata.input() == null || metadata.input().features() == null
                ? List.of() : metadata.input().features();
        return new ScenarioRunView(dir, summary(summary), model(summary.model(), featureOrder),
                readRuns(dir.resolve(ScenarioArtifacts.RUNS)),
                metadata == null ? null : metadata.status(),
                metadata == null ? null : metadata.message());
    }

    private static <T> T read(Path file, Class<T> type) {
        try {
            return Json.MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static ScenarioRunView.Summary summary(ScenarioSummaryFile s) {
        return new ScenarioRunView.Summary(s.configName(), s.numRows(), s.numScenarios(), s.seed(), s.meanAvgScore(),
                s.meanPHit(), s.totalRuntimeSec(), s.bestScenarioId(), s.bestAvgScore(), s.bestBy());
    }

    private static ScenarioRunView.Model model(ScenarioSummaryFile.Model m, List<String> featureOrder) {
        Map<String, Double> coefs = m == null || m.coefficients() == null ? Map.of() : m.coefficients();
        Map<String, Double> errors = m == null || m.stdErrors() == null ? Map.of() : m.stdErrors();
        // summary.json sorts keys; the input's column order (metadata.json) reads better.
        Set<String> names = new LinkedHashSet<>();
        for (String f : featureOrder) {
            if (coefs.containsKey(f)) {
                names.add(f);
            }
        }
        names.addAll(coefs.keySet());
        List<ScenarioRunView.Coefficient> out = new ArrayList<>();
        for (String name : names) {
            Double c = coefs.get(name);
            out.add(new ScenarioRunView.Coefficient(name, c == null ? Double.NaN : c, errors.get(name)));
        }
        return m == null ? new ScenarioRunView.Model(out, null, null, null, null, null)
                : new ScenarioRunView.Model(out, m.intercept(), m.interceptStdError(), m.r2(), m.residualSd(), m.ridge());
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
}
