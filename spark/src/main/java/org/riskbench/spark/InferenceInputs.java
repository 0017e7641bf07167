package org.riskbench.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.riskbench.core.Json;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.scoring.Guardrails;
import org.riskbench.engine.scoring.ModelBundle;
import org.riskbench.engine.scoring.ScoringModel;

/**
 * What every task of an inference needs, as broadcast by the driver: the driver's validation report of the file (so
 * each partition is read with the file's dialect, date format and column mapping), its header line, the model bundle's
 * files and the guardrail rules file, as bytes. An executor writes the bundle to a temporary folder and loads it once
 * per run with {@link ModelBundle#load}, as the local inbox does.
 *
 * @param key        identifies the run within an executor JVM
 * @param reportJson the validation report, as JSON
 * @param header     the file's header line (without a byte order mark)
 * @param bundle     the bundle's files by relative path
 * @param rulesName  the guardrail rules file's name, or null for the bundled rules
 * @param rules      its bytes, or null
 * @param staging    the URI of the run's staging folder on the shared path
 */
record InferenceInputs(String key, String reportJson, String header, LinkedHashMap<String, byte[]> bundle,
                       String rulesName, byte[] rules, String staging) implements Serializable {
    private static final long serialVersionUID = 1L;
    /** One model per executor JVM and run. */
    private static final PerExecutor<Loaded> LOADED = new PerExecutor<>();

    /** The report, model and rules on this executor. */
    record Loaded(InspectionReport report, ScoringModel model, Guardrails rules) {
    }

    static LinkedHashMap<String, byte[]> bundleFiles(Path dir) {
        LinkedHashMap<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": the model bundle cannot be read: " + e.getMessage(), e);
        }
        return files;
    }

    Loaded loaded() {
        return LOADED.get(key, this::load);
    }

    private Loaded load() {
        try {
            Path dir = SharedFiles.tempFolder("riskbench-bundle-");
            for (Map.Entry<String, byte[]> f : bundle.entrySet()) {
                SharedFiles.writeTemp(dir, f.getKey(), f.getValue());
            }
            Guardrails g = Guardrails.defaults();
            if (rulesName != null) {
                Path file = SharedFiles.writeTemp(dir, "guardrails-" + rulesName, rules);
                g = Guardrails.load(file, org.riskbench.engine.intake.EnrichmentConfig.defaults());
            }
            return new Loaded(Json.MAPPER.readValue(reportJson, InspectionReport.class), ModelBundle.load(dir).model(), g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model bundle to a temporary folder: " + e.getMessage(), e);
        }
    }

}
