package org.riskbench.engine.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.InputFiles;
import org.riskbench.core.TextFiles;

/**
 * Sector reporting thresholds and the cash limit, from {@code resources/intake/thresholds.yaml} (defaults)
 * or a user file. Sector keys are normalised like column names (case and accents ignored).
 */
public record EnrichmentConfig(double defaultThreshold, double cashLimit, double justBelowFraction, double roundUnit,
                               Map<String, Double> sectorThresholds) {
    public static final String RESOURCE = "/intake/thresholds.yaml";

    public EnrichmentConfig {
        if (!(defaultThreshold > 0) || !(cashLimit > 0)) {
            throw new InputException("default_threshold and cash_limit must be positive");
        }
        if (!(justBelowFraction > 0 && justBelowFraction < 1)) {
            throw new InputException("just_below_fraction must be between 0 and 1, got " + justBelowFraction);
        }
        if (!(roundUnit > 0)) {
            throw new InputException("round_unit must be positive");
        }
        Map<String, Double> m = new LinkedHashMap<>();
        sectorThresholds.forEach((k, v) -> {
            if (v == null || !(v > 0)) {
                throw new InputException("sectors." + k + ": the threshold must be a positive number");
            }
            m.put(TransactionsSchema.normalise(k), v);
        });
        sectorThresholds = Map.copyOf(m);
    }

    public static EnrichmentConfig defaults() {
        try (InputStream in = EnrichmentConfig.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(Json.YAML.readTree(in), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EnrichmentConfig load(Path file) {
        String text = TextFiles.read(file, file.toString(), InputFiles.Kind.THRESHOLDS);
        try {
            return parse(Json.YAML.readTree(text), file.toString());
        } catch (JsonProcessingException e) {
            throw Json.syntaxError(file.toString(), e, "not valid YAML");
        }
    }

    private static EnrichmentConfig parse(JsonNode n, String source) {
        Map<String, Double> sectors = new LinkedHashMap<>();
        n.path("sectors").fields().forEachRemaining(e -> sectors.put(e.getKey(), e.getValue().isNumber() ? e.getValue().asDouble() : null));
        for (String key : new String[] {"default_threshold", "cash_limit"}) {
            if (!n.path(key).isNumber()) {
                throw new InputException(source + ": " + key + " must be a number");
            }
        }
        return new EnrichmentConfig(n.path("default_threshold").asDouble(), n.path("cash_limit").asDouble(),
                n.path("just_below_fraction").asDouble(0.10), n.path("round_unit").asDouble(100), sectors);
    }

    /** The reporting threshold of a sector (the default for an unknown one). */
    public double threshold(String sector) {
        return sectorThresholds.getOrDefault(TransactionsSchema.normalise(sector == null ? "" : sector), defaultThreshold);
    }
}
