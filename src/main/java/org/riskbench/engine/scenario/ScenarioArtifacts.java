package org.riskbench.engine.scenario;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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

    static ScenarioSummaryFile summary(ScenarioResult r) {
        return ScenarioSummaryFile.of(r.summary(), r.model());
    }

    static ScenarioMetadata metadata(ScenarioResult r) {
        Path dir = r.outputDir().toAbsolutePath().normalize();
        ScenarioResult.InputInfo in = r.input();
        var artifacts = new ScenarioMetadata.Artifacts(dir.resolve(INPUT_SAMPLE).toString(),
                in.synthetic() ? dir.resolve(SyntheticData.FILE_NAME).toString() : null, dir.resolve(METADATA).toString(),
                dir.resolve(RUNS).toString(), dir.resolve(SUMMARY).toString());
        var input = new ScenarioMetadata.Input(in.droppedRows(), in.features(),
                in.ignoredColumns().stream().map(ScenarioMetadata.IgnoredColumn::of).toList(), in.note(),
                in.path().toString(), in.rowsRead(), in.rowsUsed(), in.sha256(), in.synthetic(), in.target());
        return new ScenarioMetadata(artifacts,
                DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)),
                r.runs().stream().map(ScenarioMetrics::scenarioId).toList(), finite(r.config().toMap()), r.config().name(),
                in.droppedRows(), "scenario", ScenarioEngine.VERSION,
                in.ignoredColumns().stream().map(ScenarioData.IgnoredColumn::name).toList(), input,
                System.getProperty("java.version"), r.message(), r.runs().size(), r.config().nScenarios(), dir.toString(),
                dir.resolve(RUNS).toString(), r.config().seed(), r.status().label(), dir.resolve(SUMMARY).toString(),
                r.threads(), in.warnings());
    }

    /** The config's map with a number that is not finite as null (JSON has no NaN). */
    private static Map<String, Object> finite(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
        return out;
    }
}
