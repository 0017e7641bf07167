package org.riskbench.engine.calibration;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.riskbench.core.ArtifactSet;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.Json;
import org.riskbench.core.table.CsvWriter;

/**
 * Writes a calibration's artifacts (docs/spec/calibration.md, "Outputs"), each atomically:
 * {@code calib_results.csv}, {@code calib_topk.json}, {@code pareto.json}, {@code calib_meta.json}.
 * Formats are described in docs/calibration-notes.md.
 */
public final class CalibrationArtifacts {

    public static final String RESULTS_CSV = "calib_results.csv";
    public static final String TOPK_JSON = "calib_topk.json";
    public static final String PARETO_JSON = "pareto.json";
    public static final String META_JSON = "calib_meta.json";

    private CalibrationArtifacts() {
    }

    /**
     * Writes the four files into {@code folder}, as a whole ({@link ArtifactSet}): a calibration killed while writing
     * leaves the folder as it was, never results and top-K without their metadata.
     */
    public static void write(Path folder, CalibrationResult result) {
        ArtifactSet.write(folder, dir -> {
            writeResults(dir.resolve(RESULTS_CSV), result);
            Json.write(dir.resolve(TOPK_JSON), topK(result));
            Json.write(dir.resolve(PARETO_JSON), pareto(result));
            Json.write(dir.resolve(META_JSON), meta(folder, result));
        });
    }

    /** The CSV header: point, the grid paths as written, the metrics, score, feasible, failed_constraints. */
    public static List<String> columns(Grid grid) {
        List<String> cols = new ArrayList<>();
        cols.add("point");
        cols.addAll(grid.paths());
        cols.addAll(Metrics.NAMES);
        cols.add("score");
        cols.add("feasible");
        cols.add("failed_constraints");
        return cols;
    }

    static void writeResults(Path file, CalibrationResult r) {
        AtomicFiles.write(file, out -> {
            CsvWriter csv = CsvWriter.of(out);
            csv.record(columns(r.request().grid()));
            for (PointResult p : r.points()) {
                csv.field(Long.toString(p.point()));
                for (Object v : p.params()) {
                    csv.field(value(v));
                }
                Metrics m = p.metrics();
                for (int i = 0; i < Metrics.NUMERIC.size(); i++) {
                    double v = m.get(i);
                    csv.field(Metrics.isInteger(i) && Double.isFinite(v) ? Long.toString((long) v) : num(v));
                }
                csv.field(m.finalState());
                csv.field(num(p.score()));
                csv.field(p.feasible() ? "true" : "false");
                csv.field(String.join("|", p.failed()));
                csv.endRecord();
            }
            csv.flush();
        });
    }

    /** One JSON object per point of the top-K, best first. */
    public static ArrayNode topK(CalibrationResult r) {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        int rank = 1;
        for (PointResult p : r.topK()) {
            ObjectNode o = arr.addObject();
            o.put("rank", rank++);
            point(o, r, p);
        }
        return arr;
    }

    /** The Pareto front, in point order. */
    public static ArrayNode pareto(CalibrationResult r) {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        long[] ranking = r.ranking();
        int[] rankOf = new int[ranking.length];
        for (int k = 0; k < ranking.length; k++) {
            rankOf[(int) ranking[k]] = k + 1;
        }
        for (long i : r.pareto()) {
            PointResult p = r.points().get((int) i);
            ObjectNode o = arr.addObject();
            o.put("rank", rankOf[(int) i]);
            point(o, r, p);
            ObjectNode obj = JsonNodeFactory.instance.objectNode();
            for (String k : List.of("pass_share", "coverage_abs_err", "flap_rate_k", "exec_block_rate")) {
                Metrics.putNumber(obj, k, p.metrics().get(k), false);
            }
            o.set("objectives", obj);
        }
        return arr;
    }

    private static void point(ObjectNode o, CalibrationResult r, PointResult p) {
        o.put("point", p.point());
        Metrics.putNumber(o, "score", p.score(), false);
        o.put("feasible", p.feasible());
        ArrayNode failed = o.putArray("failed_constraints");
        p.failed().forEach(failed::add);
        ObjectNode params = o.putObject("params");
        for (Map.Entry<String, Object> e : r.params(p).entrySet()) {
            Object v = e.getValue();
            if (v instanceof Integer n) {
                params.put(e.getKey(), n);
            } else if (v instanceof Double d) {
                params.put(e.getKey(), d);
            } else {
                params.put(e.getKey(), (Boolean) v);
            }
        }
        o.set("metrics", p.metrics().toJson());
        o.set("patch", r.patch(p));
    }

    /** Provenance: inputs and their hashes, the parsed grid, weights, constraints, timings, versions. */
    public static CalibrationMeta meta(Path dir, CalibrationResult r) {
        return CalibrationMeta.of(dir, r);
    }

    static String value(Object v) {
        return v instanceof Double d ? num(d) : String.valueOf(v);
    }

    /** Full-precision text of a double ({@link Double#toString}); {@code inf}, {@code -inf}, {@code nan}. */
    static String num(double v) {
        if (Double.isFinite(v)) {
            return Double.toString(v);
        }
        return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }
}
