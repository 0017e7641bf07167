package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.riskbench.core.Json;
import org.riskbench.engine.intake.EnrichmentSummary;

/**
 * The summary of a processed analysis: {@code processed/<id>.json} without its per-row list, stored with the analysis
 * in SQLite (in this order), shown by the API under {@code result} (its top-level keys sorted, {@link #byKey}) and read
 * by {@code infer}, the results view and the drain's tracked run. The file itself is written by {@link ResultDocument}
 * from the same record.
 *
 * @param enrichment  the enricher's summary (counts, dates, features, the file's own labels), copied from the
 *                    manifest
 * @param check       the built-in check stage's section
 * @param scoring     the scoring stage's section; null when no scoring stage ran
 * @param otherStages the sections of stages plugged in besides these, keyed by the stage's name (whoever plugs a stage
 *                    names it); written after the built-in keys
 * @param timingsMs   milliseconds of validation, enrichment and each stage, keyed by stage name (stages are plugged)
 */
@JsonPropertyOrder({"analysis_id", "input_name", "input_sha256", "created_at", "enrichment", "check", "scoring",
        "row_count", "timings_ms", "processed_at"})
public record AnalysisSummary(
        @JsonProperty("analysis_id") String analysisId,
        @JsonProperty("input_name") String inputName,
        @JsonProperty("input_sha256") String inputSha256,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("enrichment") EnrichmentSummary enrichment,
        @JsonProperty("check") @JsonInclude(JsonInclude.Include.NON_NULL) Check check,
        @JsonProperty("scoring") @JsonInclude(JsonInclude.Include.NON_NULL) ScoringSummary scoring,
        @JsonIgnore Map<String, JsonNode> otherStages,
        @JsonProperty("row_count") Long rowCount,
        @JsonProperty("timings_ms") Map<String, Long> timingsMs,
        @JsonProperty("processed_at") String processedAt) {

    /** The check stage's section: the enriched table's data rows. */
    public record Check(@JsonProperty("rows") long rows) {
    }

    private static final List<String> KEYS = List.of("analysis_id", "input_name", "input_sha256", "created_at",
            "enrichment", "check", "scoring", "row_count", "timings_ms", "processed_at");

    @JsonAnyGetter
    Map<String, JsonNode> otherStagesForJson() {
        return otherStages;
    }

    /** The fields known before any stage runs, from the analysis' manifest. */
    static AnalysisSummary started(String id, Map<String, Object> manifest) {
        EnrichmentSummary enrichment = manifest.get("enrichment") instanceof Map<?, ?> m
                ? Json.convertInOrder(m, EnrichmentSummary.class) : null;
        return new AnalysisSummary(id, text(manifest.get("input_name")), text(manifest.get("input_sha256")),
                text(manifest.get("created_at")), enrichment, null, null, Map.of(), null, null, null);
    }

    /**
     * With the stages' sections, in the order they ran ({@code check} and {@code scoring} typed, any other as it
     * serialises), and the figures known at the end.
     */
    AnalysisSummary finished(Map<String, Object> sections, Map<String, Long> timings, String at) {
        Check c = null;
        ScoringSummary s = null;
        Map<String, JsonNode> others = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : sections.entrySet()) {
            switch (e.getKey()) {
                case "check" -> c = Json.convertInOrder(e.getValue(), Check.class);
                case ScoringStage.NAME -> s = Json.convertInOrder(e.getValue(), ScoringSummary.class);
                default -> {
                    JsonNode section = Json.convertInOrder(e.getValue(), JsonNode.class);
                    if (section instanceof ObjectNode o && o.get("rows") instanceof com.fasterxml.jackson.databind.node.ArrayNode) {
                        o.remove("rows"); // a per-row list lives in the file, not in the summary
                    }
                    others.put(e.getKey(), section);
                }
            }
        }
        return new AnalysisSummary(analysisId, inputName, inputSha256, createdAt, enrichment, c, s, others,
                c == null ? null : c.rows(), timings, at);
    }

    /** The API's {@code result}: the top-level keys sorted, as it has always shown them. */
    public Map<String, Object> byKey() {
        return new TreeMap<>(Json.toMapInOrder(this));
    }

    /** Rows per final class (empty without scoring). */
    public Map<String, Long> counts() {
        return scoring == null ? Map.of() : scoring.counts();
    }

    /** A stored summary or a result file's (without its per-row lists) read back. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static AnalysisSummary fromJson(ObjectNode o) {
        try {
            Map<String, JsonNode> others = new LinkedHashMap<>();
            for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!KEYS.contains(name)) {
                    others.put(name, o.get(name));
                }
            }
            EnrichmentSummary enrichment = o.hasNonNull("enrichment")
                    ? Json.convertInOrder(o.get("enrichment"), EnrichmentSummary.class) : null;
            @SuppressWarnings("unchecked")
            Map<String, Long> timings = o.hasNonNull("timings_ms")
                    ? Json.convertInOrder(o.get("timings_ms"), TimingsMap.class) : null;
            return new AnalysisSummary(text(o, "analysis_id"), text(o, "input_name"), text(o, "input_sha256"),
                    text(o, "created_at"), enrichment,
                    o.hasNonNull("check") ? Json.convertInOrder(o.get("check"), Check.class) : null,
                    o.hasNonNull("scoring") ? Json.convertInOrder(o.get("scoring"), ScoringSummary.class) : null,
                    others, o.hasNonNull("row_count") ? o.get("row_count").asLong() : null, timings,
                    text(o, "processed_at"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an analysis summary: " + e.getMessage(), e);
        }
    }

    /** A stored summary read back. */
    public static AnalysisSummary fromJson(String json) {
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            if (!(n instanceof ObjectNode o)) {
                throw new IllegalArgumentException("not an analysis summary: not a JSON object");
            }
            return fromJson(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an analysis summary: " + e.getOriginalMessage(), e);
        }
    }

    /** Milliseconds keyed by name, in the stored order. */
    private static final class TimingsMap extends LinkedHashMap<String, Long> {
        private static final long serialVersionUID = 1L;
    }

    private static String text(JsonNode o, String key) {
        return o.hasNonNull(key) ? o.get(key).asText() : null;
    }

    private static String text(Object v) {
        return v == null ? null : String.valueOf(v);
    }
}
