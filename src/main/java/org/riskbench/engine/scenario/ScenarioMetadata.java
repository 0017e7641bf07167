package org.riskbench.engine.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.riskbench.core.Json;

/**
 * {@code metadata.json} of a scenario run, written last (its presence means the other artifacts are whole): every key
 * sorted as the file has always had them.
 *
 * @param config      the run's config as {@link ScenarioConfig#toMap()} gives it, the one form configs are read and
 *                    written in
 * @param summaryPath the Leto BLRM worker's key, for readers of its metadata.json (so is {@code runs_path})
 */
@JsonPropertyOrder(alphabetic = true)
public record ScenarioMetadata(
        @JsonProperty("artifacts") Artifacts artifacts,
        @JsonProperty("completed_at") String completedAt,
        @JsonProperty("completed_scenario_ids") List<Integer> completedScenarioIds,
        @JsonProperty("config") Map<String, Object> config,
        @JsonProperty("config_name") String configName,
        @JsonProperty("dropped_rows") long droppedRows,
        @JsonProperty("engine") String engine,
        @JsonProperty("engine_version") String engineVersion,
        @JsonProperty("ignored_columns") List<String> ignoredColumns,
        @JsonProperty("input") Input input,
        @JsonProperty("java_version") String javaVersion,
        @JsonProperty("message") String message,
        @JsonProperty("num_scenarios") int numScenarios,
        @JsonProperty("num_scenarios_requested") int numScenariosRequested,
        @JsonProperty("output_dir") String outputDir,
        @JsonProperty("runs_path") String runsPath,
        @JsonProperty("seed") long seed,
        @JsonProperty("status") String status,
        @JsonProperty("summary_path") String summaryPath,
        @JsonProperty("threads") int threads,
        @JsonProperty("warnings") List<String> warnings) {

    /** Where each artifact is; {@code input_synthetic} only for a run on generated data. */
    @JsonPropertyOrder(alphabetic = true)
    public record Artifacts(
            @JsonProperty("input_sample") String inputSample,
            @JsonProperty("input_synthetic") @JsonInclude(JsonInclude.Include.NON_NULL) String inputSynthetic,
            @JsonProperty("metadata") String metadata,
            @JsonProperty("runs") String runs,
            @JsonProperty("summary") String summary) {
    }

    /** The input the run read. */
    @JsonPropertyOrder(alphabetic = true)
    public record Input(
            @JsonProperty("dropped_rows") long droppedRows,
            @JsonProperty("features") List<String> features,
            @JsonProperty("ignored_columns") List<IgnoredColumn> ignoredColumns,
            @JsonProperty("note") String note,
            @JsonProperty("path") String path,
            @JsonProperty("rows_read") long rowsRead,
            @JsonProperty("rows_used") long rowsUsed,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("synthetic") boolean synthetic,
            @JsonProperty("target") String target) {
    }

    /** A column the run did not use, and why; the cell counts and the first stray cell for a column of text cells. */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IgnoredColumn(
            @JsonProperty("first_non_numeric") Cell firstNonNumeric,
            @JsonProperty("mostly_numeric") Boolean mostlyNumeric,
            @JsonProperty("name") String name,
            @JsonProperty("non_numeric_cells") Long nonNumericCells,
            @JsonProperty("numeric_cells") Long numericCells,
            @JsonProperty("reason") String reason) {

        static IgnoredColumn of(ScenarioData.IgnoredColumn c) {
            ScenarioData.NonNumericCells cells = c.cells();
            if (cells == null) {
                return new IgnoredColumn(null, null, c.name(), null, null, c.reason());
            }
            return new IgnoredColumn(new Cell(cells.column(), cells.line(), cells.value()), cells.mostlyNumeric(), c.name(),
                    cells.others(), cells.numbers(), c.reason());
        }
    }

    /** A cell: its line in the file (the header is line 1) and its column (from 1). */
    @JsonPropertyOrder(alphabetic = true)
    public record Cell(@JsonProperty("column") int column, @JsonProperty("line") long line,
                       @JsonProperty("value") String value) {
    }

    /** Reads a run's {@code metadata.json} (unknown keys are ignored). */
    public static ScenarioMetadata read(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), ScenarioMetadata.class);
    }
}
