package org.riskbench.engine.tabular;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.Progress;

/**
 * Scores a table with a general model and writes the result: the input columns as read, then {@code p_<class>} for
 * every class, {@code predicted_class} and {@code anomaly_score} (the isolation forest's, near 1 unusual). Rows are
 * aligned to the model's plan first (missing columns, unseen levels and extra columns as warnings).
 */
public final class TabularScoring {
    static final int BLOCK = 50_000;

    private TabularScoring() {
    }

    /** What a scoring wrote: rows, class counts, the alignment warnings. */
    public record Summary(long rows, Map<String, Long> counts, List<String> warnings, double meanAnomaly) {
    }

    public static Summary score(Frame frame, TabularModel model, Path out, Progress progress) {
        List<String> classes = model.classes();
        int k = classes.size();
        int n = frame.rows();
        List<String> header = new ArrayList<>(frame.names());
        classes.forEach(c -> header.add("p_" + c));
        header.add("predicted_class");
        header.add("anomaly_score");
        long[] counts = new long[k];
        double[] anomalySum = new double[1];
        List<String> warnings = new ArrayList<>();
        AtomicFiles.write(out, stream -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            w.write(line(header));
            for (int from = 0; from < n; from += BLOCK) {
                progress.checkCancelled();
                progress.report((double) from / Math.max(1, n), "scoring rows " + (from + 1) + " to " + Math.min(n, from + BLOCK));
                final int start = from;
                final int to = Math.min(n, from + BLOCK);
                Frame block = frame.select(IntStream.range(from, to).toArray());
                FeaturePlan.Aligned al = model.plan().transform(block);
                for (String warning : al.warnings()) {
                    if (from == 0 || !warning.contains("is missing")) {
                        warnings.add(from == 0 ? warning : "rows " + (from + 1) + "-" + to + ": " + warning);
                    }
                }
                double[][] p = new double[to - from][];
                int[] cls = new int[to - from];
                double[] anomaly = new double[to - from];
                // the rows of a block in parallel, each worker with its own scorer (the compiled forest is not shared)
                int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), (to - from) / 5000));
                IntStream.range(0, parts).parallel().forEach(part -> {
                    TabularModel.Scorer s = model.scorer();
                    int len = to - start;
                    for (int i = part * len / parts; i < (part + 1) * len / parts; i++) {
                        p[i] = s.probabilities(al.x()[i]);
                        cls[i] = s.decide(p[i]);
                        anomaly[i] = s.anomaly(al.x()[i]);
                    }
                });
                StringBuilder b = new StringBuilder(256);
                for (int i = 0; i < to - from; i++) {
                    b.setLength(0);
                    for (String name : frame.names()) {
                        field(b, block.text(name, i));
                        b.append(',');
                    }
                    for (int c = 0; c < k; c++) {
                        b.append(fmt(p[i][c])).append(',');
                    }
                    field(b, classes.get(cls[i]));
                    b.append(',').append(fmt(anomaly[i])).append('\n');
                    w.write(b.toString());
                    counts[cls[i]]++;
                    anomalySum[0] += anomaly[i];
                }
            }
            w.flush();
        });
        progress.report(1, "scored " + n + " rows");
        Map<String, Long> byClass = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            byClass.put(classes.get(c), counts[c]);
        }
        return new Summary(n, byClass, warnings, n == 0 ? 0 : anomalySum[0] / n);
    }

    static String fmt(double v) {
        return Double.toString(Math.round(v * 1e6) / 1e6);
    }

    private static String line(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            field(b, fields.get(i));
        }
        return b.append('\n').toString();
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    private static void field(StringBuilder b, String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            b.append(v);
            return;
        }
        b.append('"').append(v.replace("\"", "\"\"")).append('"');
    }
}
