package org.riskbench.app;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.scoring.Guardrails;
import org.riskbench.engine.scoring.ModelBundle;
import org.riskbench.engine.scoring.ScoringModel;
import org.riskbench.engine.scoring.Table;
import org.riskbench.store.PredictionRepository;

/**
 * The inbox's scoring stage (inference.md sections 3 to 6): align, score (stacking, isolation forest,
 * k-means, Q-table policy), guardrails; writes {@code processed/<id>_results.csv} (the input columns plus
 * the results) and the per-row predictions into SQLite; returns the summary merged into {@code <id>.json}.
 */
public final class ScoringStage implements InboxStage {
    public static final String NAME = "scoring";
    /** Input columns of the enriched table copied into the results CSV (the features are left out). */
    private static final List<String> INPUT = List.of("row", "line", "customer_id", "date", "amount", "operation_type", "sector",
            "cash", "channel", "label");

    private final ModelService models;
    private volatile Guardrails guardrails = Guardrails.defaults();

    ScoringStage(ModelService models) {
        this.models = models;
    }

    public void setGuardrails(Guardrails g) {
        this.guardrails = g;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> run(Item item, Progress progress) {
        Map<String, Object> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        ModelBundle bundle = models.bundleForScoring(progress);
        ScoringModel model = bundle.model();
        long t1 = lap(timings, "model", t0);
        Table t = Table.read(item.enrichedCsv());
        progress.checkCancelled();
        long t2 = lap(timings, "read", t1);
        ScoringModel.Scores s = model.score(t);
        progress.checkCancelled();
        long t3 = lap(timings, "align_score", t2);
        List<String> classes = model.classes();
        String[] policyClass = new String[t.rows()];
        for (int i = 0; i < policyClass.length; i++) {
            policyClass[i] = classes.get(s.finalClass()[i]);
        }
        Guardrails.Outcome g = guardrails.apply(t, policyClass);
        long t4 = lap(timings, "guardrails", t3);

        Map<String, Long> counts = new LinkedHashMap<>();
        for (String c : guardrails.classOrder()) {
            counts.put(c, 0L);
        }
        for (String c : g.classes()) {
            counts.merge(c, 1L, Long::sum);
        }
        String[] rowNo = t.column("row");
        String[] customer = t.has("customer_id") ? t.column("customer_id") : new String[t.rows()];
        List<Map<String, Object>> rows = new ArrayList<>(t.rows());
        List<PredictionRepository.Prediction> stored = new ArrayList<>(t.rows());
        for (int i = 0; i < t.rows(); i++) {
            Map<String, Double> probs = new LinkedHashMap<>();
            for (int c = 0; c < classes.size(); c++) {
                probs.put(classes.get(c), round(s.probabilities()[i][c]));
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("row", Long.parseLong(rowNo[i]));
            r.put("customer", customer[i]);
            r.put("class", g.classes()[i]);
            r.put("model_class", policyClass[i]);
            r.put("probabilities", probs);
            r.put("anomaly", round(s.anomaly()[i]));
            r.put("cluster", s.cluster()[i]);
            r.put("cluster_distance", round(s.clusterDistance()[i]));
            r.put("guardrails", g.fired().get(i));
            r.put("top_features", s.topFeatures().get(i));
            rows.add(r);
            stored.add(new PredictionRepository.Prediction(item.analysisId(), Long.parseLong(rowNo[i]), customer[i], g.classes()[i],
                    Json.compact(probs), s.anomaly()[i], s.cluster()[i], Json.compact(g.fired().get(i)), bundle.version()));
        }
        String resultsName = item.analysisId() + "_results.csv";
        writeResults(item, t, s, classes, g, resultsName);
        long t5 = lap(timings, "write", t4);
        models.predictions().saveAll(stored);
        lap(timings, "store", t5);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_version", bundle.version());
        out.put("row_count", t.rows());
        out.put("counts", counts);
        out.put("guardrails_raised", g.raised());
        out.put("timings_ms", timings);
        out.put("results_csv", resultsName);
        out.put("rows", rows);
        return out;
    }

    private void writeResults(Item item, Table t, ScoringModel.Scores s, List<String> classes, Guardrails.Outcome g, String name) {
        List<String> input = INPUT.stream().filter(t::has).toList();
        AtomicFiles.write(item.processedDir().resolve(name), os -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
            List<String> head = new ArrayList<>(input);
            head.add("class");
            head.add("model_class");
            classes.forEach(c -> head.add("p_" + c));
            head.addAll(List.of("anomaly", "cluster", "cluster_distance", "guardrails", "top_features"));
            w.write(String.join(",", head));
            w.write('\n');
            List<String[]> cols = input.stream().map(t::column).toList();
            StringBuilder sb = new StringBuilder(256);
            for (int i = 0; i < t.rows(); i++) {
                sb.setLength(0);
                for (String[] c : cols) {
                    quote(sb, c[i]).append(',');
                }
                sb.append(g.classes()[i]).append(',').append(classes.get(s.finalClass()[i]));
                for (int c = 0; c < classes.size(); c++) {
                    sb.append(',').append(String.format(Locale.ROOT, "%.4f", s.probabilities()[i][c]));
                }
                sb.append(',').append(String.format(Locale.ROOT, "%.4f", s.anomaly()[i])).append(',').append(s.cluster()[i])
                        .append(',').append(String.format(Locale.ROOT, "%.4f", s.clusterDistance()[i])).append(',');
                quote(sb, String.join(";", g.fired().get(i))).append(',');
                quote(sb, String.join(";", s.topFeatures().get(i))).append('\n');
                w.append(sb);
            }
            w.flush();
        });
    }

    private static StringBuilder quote(StringBuilder sb, String v) {
        if (v == null) {
            return sb;
        }
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
            return sb.append(v);
        }
        return sb.append('"').append(v.replace("\"", "\"\"")).append('"');
    }

    private static long lap(Map<String, Object> timings, String name, long since) {
        long now = System.nanoTime();
        timings.put(name, (now - since) / 1_000_000);
        return now;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
