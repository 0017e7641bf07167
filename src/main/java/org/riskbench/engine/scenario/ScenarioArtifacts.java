package org.riskbench.engine.scenario;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.core.ArtifactSet;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.Json;
import org.riskbench.core.table.CsvWriter;

/**
 * Writes the artifacts of a scenario run into its output folder (spec "Artifacts"), each atomically:
 * {@code runs.csv}, {@code summary.json}, {@code input_sample.json}, then {@code metadata.json} last, so a
 * metadata file means the others are complete. ({@code input_synthetic.csv} is written by the engine before
 * the run.) Non-finite numbers are written as JSON null. Numbers in {@code runs.csv} use Java's shortest
 * round-trip form.
 */
public final class ScenarioArtifacts {
    public static final String SUMMARY = "summary.json";
    public static final String RUNS = "runs.csv";
    public static final String METADATA = "metadata.json";
    public static final String INPUT_SAMPLE = "input_sample.json";

    private ScenarioArtifacts() {
    }

    /** Writes all artifacts of {@code result} into {@code result.outputDir()}, as a whole ({@link ArtifactSet}). */
    public static void write(ScenarioResult result) {
        // a synthetic input was written into the folder before the set: it stays
        ArtifactSet.write(result.outputDir(), java.util.Set.of(SyntheticData.FILE_NAME), dir -> {
            writeRuns(dir.resolve(RUNS), result.runs());
            Json.write(dir.resolve(SUMMARY), summary(result));
            Json.write(dir.resolve(INPUT_SAMPLE), result.input().sample());
            Json.write(dir.resolve(METADATA), metadata(result));
        });
    }

    static void writeRuns(Path file, List<ScenarioMetrics> runs) {
        AtomicFiles.write(file, out -> {
            CsvWriter csv = CsvWriter.of(out);
            csv.record(ScenarioMetrics.COLUMNS);
            for (ScenarioMetrics m : runs) {
                csv.record(m.values());
            }
            csv.flush();
        });
    }

    static Map<String, Object> summary(ScenarioResult r) {
        Map<String, Object> m = r.summary().toMap();
        m.put("model", model(r.model()));
        return clean(m);
    }

    static Map<String, Object> model(LinearModel model) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("coefficients", model.coefficientsByFeature());
        Map<String, Double> se = new LinkedHashMap<>();
        double[] s = model.stdErrors();
        for (int j = 0; j < s.length; j++) {
            se.put(model.featureNames().get(j), s[j]);
        }
        m.put("std_errors", se);
        m.put("intercept", model.intercept());
        m.put("intercept_std_error", model.interceptStdError());
        m.put("r2", model.r2());
        m.put("residual_sd", model.residualSd());
        m.put("ridge", model.ridge());
        m.put("num_rows", model.rows());
        return m;
    }

    static Map<String, Object> metadata(ScenarioResult r) {
        Path dir = r.outputDir().toAbsolutePath().normalize();
        ScenarioResult.InputInfo in = r.input();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("completed_at", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        m.put("status", r.status().label());
        m.put("message", r.message());
        m.put("config_name", r.config().name());
        m.put("num_scenarios", r.runs().size());
        m.put("num_scenarios_requested", r.config().nScenarios());
        m.put("completed_scenario_ids", r.runs().stream().map(ScenarioMetrics::scenarioId).toList());
        Map<String, Object> artifacts = new LinkedHashMap<>();
        artifacts.put("summary", dir.resolve(SUMMARY).toString());
        artifacts.put("runs", dir.resolve(RUNS).toString());
        artifacts.put("metadata", dir.resolve(METADATA).toString());
        artifacts.put("input_sample", dir.resolve(INPUT_SAMPLE).toString());
        if (in.synthetic()) {
            artifacts.put("input_synthetic", dir.resolve(SyntheticData.FILE_NAME).toString());
        }
        m.put("output_dir", dir.toString());
        m.put("artifacts", artifacts);
        // the Leto BLRM worker's two keys, for readers of its metadata.json
        m.put("summary_path", dir.resolve(SUMMARY).toString());
        m.put("runs_path", dir.resolve(RUNS).toString());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("path", in.path().toString());
        input.put("sha256", in.sha256());
        input.put("synthetic", in.synthetic());
        input.put("note", in.note());
        input.put("target", in.target());
        input.put("features", in.features());
        input.put("rows_read", in.rowsRead());
        input.put("rows_used", in.rowsUsed());
        input.put("dropped_rows", in.droppedRows());
        List<Map<String, Object>> ignored = new ArrayList<>();
        for (ScenarioData.IgnoredColumn c : in.ignoredColumns()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", c.name());
            e.put("reason", c.reason());
            if (c.cells() != null) {
                ScenarioData.NonNumericCells cells = c.cells();
                e.put("numeric_cells", cells.numbers());
                e.put("non_numeric_cells", cells.others());
                e.put("mostly_numeric", cells.mostlyNumeric());
                Map<String, Object> first = new LinkedHashMap<>();
                first.put("line", cells.line());
                first.put("column", cells.column());
                first.put("value", cells.value());
                e.put("first_non_numeric", first);
            }
            ignored.add(e);
        }
        input.put("ignored_columns", ignored);
        m.put("input", input);
        m.put("warnings", in.warnings());
        m.put("ignored_columns", in.ignoredColumns().stream().map(ScenarioData.IgnoredColumn::name).toList());
        m.put("dropped_rows", in.droppedRows());
        m.put("config", r.config().toMap());
        m.put("seed", r.config().seed());
        m.put("threads", r.threads());
        m.put("engine", "scenario");
        m.put("engine_version", ScenarioEngine.VERSION);
        m.put("java_version", System.getProperty("java.version"));
        return clean(m);
    }

    /** Replaces non-finite doubles by null, recursively (JSON has no NaN). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> clean(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Double d && !Double.isFinite(d)) {
                v = null;
            } else if (v instanceof Map<?, ?> sub) {
                v = clean((Map<String, Object>) sub);
            }
            out.put(e.getKey(), v);
        }
        return out;
    }
}
