package org.riskbench.app;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.core.table.CsvRecords;
import org.riskbench.engine.scoring.Guardrails;

/**
 * A processed analysis as the results view reads it: the summary of {@code processed/<id>.json} (its per-row
 * list skipped by a streaming read) and the rows of {@code processed/<id>_results.csv}, which hold the same
 * per-row values in a form that reads fast at 100k rows.
 */
public record AnalysisResults(String analysisId, AnalysisSummary summary, List<String> classes, Map<String, Long> counts,
                              String modelVersion, long guardrailsRaised, List<Row> rows, Map<String, String> rules) {

    /** One scored row. {@code probabilities} follow {@link #classes()}. */
    public record Row(long row, String customer, String date, String amount, String finalClass, String modelClass,
                      double[] probabilities, double anomaly, int cluster, double clusterDistance, List<String> guardrails,
                      List<String> topFeatures) {
        public double maxProbability() {
            return Arrays.stream(probabilities).max().orElse(0);
        }
    }

    /** Reads both files of a processed analysis; run it off the FX thread. */
    static AnalysisResults read(Path processedDir, String id, Progress progress) {
        Path json = processedDir.resolve(id + ".json");
        if (!Files.exists(json)) {
            throw new InputException("analysis '" + id + "' has no result: it is not processed");
        }
        AnalysisSummary summary = summaryOf(json);
        ScoringSummary scoring = summary.scoring();
        if (scoring == null) {
            throw new InputException("analysis '" + id + "' was processed without scoring: no classes to show");
        }
        Map<String, Long> counts = scoring.counts() == null ? Map.of() : scoring.counts();
        List<String> classes = Guardrails.defaults().classOrder();
        String resultsName = scoring.resultsCsv() == null ? id + "_results.csv" : scoring.resultsCsv();
        List<Row> rows = readRows(processedDir.resolve(resultsName), classes, scoring.rowCount(), progress);
        // the rules that scored this batch, in words (results written before they were recorded: the bundled ones)
        Map<String, String> rules = scoring.guardrailsRules() != null ? scoring.guardrailsRules() : ruleTexts();
        return new AnalysisResults(id, summary, classes, counts, String.valueOf(scoring.modelVersion()),
                scoring.guardrailsRaised(), rows, rules);
    }

    /** The document without any {@code rows} array (the per-row list lives in the results CSV too). */
    static AnalysisSummary summaryOf(Path json) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json.toFile())) {
            p.nextToken();
            return AnalysisSummary.fromJson(readObject(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode readObject(JsonParser p) throws IOException {
        ObjectNode out = Json.MAPPER.createObjectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if ("rows".equals(name) && t == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (t == JsonToken.START_OBJECT) {
                out.set(name, readObject(p));
            } else {
                out.set(name, Json.MAPPER.readTree(p));
            }
        }
        return out;
    }

    private static List<Row> readRows(Path csv, List<String> classes, long expected, Progress progress) {
        if (!Files.exists(csv)) {
            throw new InputException("the results file " + csv.getFileName() + " is missing");
        }
        List<Row> rows = new ArrayList<>((int) Math.min(Math.max(expected, 16), 2_000_000));
        String where = csv.getFileName().toString();
        Map<String, Integer> h = new HashMap<>();
        int[][] at = new int[1][]; // the columns' indexes, from the header
        CsvRecords.forEach(csv, where, rec -> {
            if (at[0] == null) {
                for (int i = 0; i < rec.size(); i++) {
                    h.putIfAbsent(rec.get(i), i);
                }
                at[0] = columns(h, classes, where, rec.line());
                return;
            }
            int[] c = at[0];
            int n = classes.size();
            try {
                double[] probs = new double[n];
                for (int k = 0; k < n; k++) {
                    probs[k] = c[k] < 0 ? 0 : Double.parseDouble(rec.get(c[k]));
                }
                rows.add(new Row(Long.parseLong(rec.get(c[n])), cell(rec, c[n + 1]), cell(rec, c[n + 2]), cell(rec, c[n + 3]),
                        rec.get(c[n + 4]), rec.get(c[n + 5]), probs, Double.parseDouble(rec.get(c[n + 6])),
                        Integer.parseInt(rec.get(c[n + 7])), Double.parseDouble(rec.get(c[n + 8])), split(rec.get(c[n + 9])),
                        split(rec.get(c[n + 10]))));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw InputException.at(where, rec.line(), 0, "not a results file of this version: "
                        + (e instanceof NumberFormatException ? e.getMessage() : "the row has " + rec.size() + " fields, the header "
                        + h.size()), e);
            }
            if (rows.size() % 10_000 == 0) {
                progress.checkCancelled();
                progress.report(expected > 0 ? (double) rows.size() / expected : -1,
                        String.format(Locale.ROOT, "%,d rows read", rows.size()));
            }
        });
        if (at[0] == null) {
            throw new InputException(where + " is empty: not a results file of this version");
        }
        return rows;
    }

    /** Where the results' columns are: p_CLASS each (-1: absent), then row, customer_id, date, amount (-1: absent), ... */
    private static int[] columns(Map<String, Integer> h, List<String> classes, String where, long line) {
        List<String> required = List.of("row", "class", "model_class", "anomaly", "cluster", "cluster_distance", "guardrails",
                "top_features");
        for (String name : required) {
            if (!h.containsKey(name)) {
                throw InputException.at(where, line, 0, "not a results file of this version: no column '" + name + "'");
            }
        }
        int n = classes.size();
        int[] c = new int[n + 11];
        for (int k = 0; k < n; k++) {
            c[k] = h.getOrDefault("p_" + classes.get(k), -1);
        }
        c[n] = h.get("row");
        c[n + 1] = h.getOrDefault("customer_id", -1);
        c[n + 2] = h.getOrDefault("date", -1);
        c[n + 3] = h.getOrDefault("amount", -1);
        c[n + 4] = h.get("class");
        c[n + 5] = h.get("model_class");
        c[n + 6] = h.get("anomaly");
        c[n + 7] = h.get("cluster");
        c[n + 8] = h.get("cluster_distance");
        c[n + 9] = h.get("guardrails");
        c[n + 10] = h.get("top_features");
        return c;
    }

    private static String cell(CsvRecords.Record rec, int column) {
        return column < 0 ? "" : rec.get(column);
    }

    private static List<String> split(String v) {
        return v == null || v.isBlank() ? List.of() : List.of(v.split(";"));
    }

    /** What each bundled guardrail rule does, in words, with its configured minimum class. */
    public static Map<String, String> ruleTexts() {
        return ruleTexts(Guardrails.defaults());
    }

    /**
     * What each rule of {@code g} does, in words, with its configured minimum class; by rule name (the rules' own map
     * has no order, and the stored summary and the API show this one as it is).
     */
    public static Map<String, String> ruleTexts(Guardrails g) {
        Map<String, String> out = new LinkedHashMap<>();
        new java.util.TreeMap<>(g.rules()).forEach((name, rule) -> {
            String what = switch (name) {
                case Guardrails.REPORTING -> "amount at or above the sector's reporting threshold";
                case Guardrails.CASH -> "cash operation at or above the cash limit";
                case Guardrails.STRUCTURING -> rule.minCount() + "+ just-below-threshold operations of the customer within "
                        + rule.windowDays() + " days whose sum exceeds the threshold";
                default -> name.replace('_', ' ');
            };
            out.put(name, what + " \u2192 at least " + rule.minClass());
        });
        return out;
    }
}
