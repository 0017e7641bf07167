package org.riskbench.engine.scoring;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A scored batch after guardrails, and its artifacts: the results CSV ({@code <id>_results.csv}) and the
 * per-row list of {@code <id>.json}, both written row by row from primitive arrays (no tree of a million
 * maps). Formats as in docs/scoring-notes.md "Results".
 */
public final class BatchResults {
    /** Columns of the enriched table the results repeat, in this order when present (the features are left out). */
    public static final List<String> INPUT = List.of("row", "line", "customer_id", "date", "amount", "operation_type", "sector",
            "cash", "channel", "label");

    private final EnrichedBatch batch;
    private final BatchScores scores;
    private final List<String> modelClasses;
    private final List<String> classOrder;
    private final int[] policyCode;
    private final Guardrails.Coded guard;
    private final String[] topNames;
    private final int rowCol;
    private final int customerCol;

    /**
     * @param policyCode each row's policy class as an index in {@code classOrder} (-1 when outside it)
     * @param guard      the guardrails' outcome on those codes
     */
    public BatchResults(EnrichedBatch batch, BatchScores scores, ScoringModel model, List<String> classOrder, int[] policyCode,
                        Guardrails.Coded guard) {
        this.batch = batch;
        this.scores = scores;
        this.modelClasses = model.classes();
        this.classOrder = List.copyOf(classOrder);
        this.policyCode = policyCode;
        this.guard = guard;
        int p = model.alignment().columns().size();
        this.topNames = new String[2 * p];
        for (int code = 0; code < topNames.length; code++) {
            topNames[code] = model.topFeatureName(code);
        }
        this.rowCol = batch.textColumns().indexOf("row");
        this.customerCol = batch.textColumns().indexOf("customer_id");
        if (rowCol < 0) {
            throw new org.riskbench.core.InputException("the table has no column 'row' (columns: " + batch.header() + ")");
        }
    }

    public int rows() {
        return scores.rows();
    }

    /** The final class (after guardrails) of a row. */
    public String finalClass(int i) {
        return guard.classes()[i] == policyCode[i] ? modelClass(i) : classOrder.get(guard.classes()[i]);
    }

    /** The policy's class (before guardrails). */
    public String modelClass(int i) {
        return modelClasses.get(scores.finalClass()[i]);
    }

    public long rowNumber(int i) {
        return Long.parseLong(batch.text(i, rowCol));
    }

    /** The customer id, null when the table has none. */
    public String customer(int i) {
        return customerCol < 0 ? null : batch.text(i, customerCol);
    }

    public double probability(int i, int c) {
        return scores.probability(i, c);
    }

    public List<String> classes() {
        return modelClasses;
    }

    public double anomaly(int i) {
        return scores.anomaly()[i];
    }

    public int cluster(int i) {
        return scores.cluster()[i];
    }

    public double distance(int i) {
        return scores.distance()[i];
    }

    /** The guardrails fired on a row as {@link Guardrails#FIRED_REPORTING} etc. bits. */
    public int fired(int i) {
        return guard.fired()[i];
    }

    public List<String> topFeatures(int i) {
        List<String> out = new ArrayList<>(scores.topCount());
        for (int q = 0; q < scores.topCount(); q++) {
            out.add(topNames[scores.top()[i * ScoringModel.TOP_FEATURES + q]]);
        }
        return out;
    }

    /** As the JSON writes numbers: rounded to 6 decimals. */
    public static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /**
     * {@code Double.toString(round(v))}, fast for the common case: for {@code 0.001 <= round(v) < 10} it is the
     * decimal {@code k / 10^6} ({@code k = Math.round(v * 1e6)}) with trailing zeros dropped (it is the shortest
     * decimal that reads back as that double; checked against Double.toString for every such k in the tests).
     */
    public static String rounded(double v) {
        double r = round(v);
        long k = Math.round(v * 1e6);
        if (k >= 1000 && k < 10_000_000 && r == k / 1e6) {
            char[] c = new char[9];
            c[0] = (char) ('0' + k / 1_000_000);
            c[1] = '.';
            long f = k % 1_000_000;
            for (int d = 7; d >= 2; d--) {
                c[d] = (char) ('0' + f % 10);
                f /= 10;
            }
            int end = 8;
            while (end > 3 && c[end - 1] == '0') {
                end--;
            }
            return new String(c, 0, end);
        }
        return Double.toString(r);
    }

    /** The results CSV: the input columns, then class, model_class, p_*, anomaly, cluster, cluster_distance, guardrails, top_features. */
    public void writeCsv(OutputStream os) throws IOException {
        ByteSink w = new ByteSink(os);
        List<String> head = new ArrayList<>(batch.textColumns());
        head.add("class");
        head.add("model_class");
        modelClasses.forEach(c -> head.add("p_" + c));
        head.addAll(List.of("anomaly", "cluster", "cluster_distance", "guardrails", "top_features"));
        w.text(String.join(",", head));
        w.ascii('\n');
        int textCols = batch.textColumns().size();
        byte[][] classBytes = utf8(classOrder);
        byte[][] modelBytes = utf8(modelClasses);
        byte[][] firedBytes = new byte[8][];
        for (int bits = 0; bits < 8; bits++) {
            firedBytes[bits] = quoted(String.join(";", Guardrails.firedNames(bits)));
        }
        byte[][] topBytes = new byte[topNames.length][];
        for (int k = 0; k < topNames.length; k++) {
            topBytes[k] = topNames[k].getBytes(StandardCharsets.UTF_8);
        }
        int topCount = scores.topCount();
        int[] top = scores.top();
        byte[] topScratch = new byte[256];
        for (EnrichedBatch.Chunk chunk : batch.chunks()) {
            for (int r = 0; r < chunk.size; r++) {
                int i = chunk.start + r;
                for (int k = 0; k < textCols; k++) {
                    int at = r * textCols + k;
                    int from = at == 0 ? 0 : chunk.textEnd[at - 1];
                    w.csvField(chunk.text, from, chunk.textEnd[at]);
                    w.ascii(',');
                }
                int fin = scores.finalClass()[i];
                w.bytes(guard.classes()[i] == policyCode[i] ? modelBytes[fin] : classBytes[guard.classes()[i]]);
                w.ascii(',');
                w.bytes(modelBytes[fin]);
                for (int c = 0; c < scores.classes(); c++) {
                    w.ascii(',');
                    w.fixed4(scores.probabilities()[i * scores.classes() + c]);
                }
                w.ascii(',');
                w.fixed4(scores.anomaly()[i]);
                w.ascii(',');
                w.integer(scores.cluster()[i]);
                w.ascii(',');
                w.fixed4(scores.distance()[i]);
                w.ascii(',');
                w.bytes(firedBytes[guard.fired()[i]]);
                w.ascii(',');
                int len = 0;
                for (int q = 0; q < topCount; q++) {
                    byte[] t = topBytes[top[i * ScoringModel.TOP_FEATURES + q]];
                    if (len + t.length + 1 > topScratch.length) {
                        topScratch = Arrays.copyOf(topScratch, (len + t.length + 1) * 2);
                    }
                    if (q > 0) {
                        topScratch[len++] = ';';
                    }
                    System.arraycopy(t, 0, topScratch, len, t.length);
                    len += t.length;
                }
                w.csvField(topScratch, 0, len);
                w.ascii('\n');
            }
        }
        w.flush();
    }

    private static byte[][] utf8(List<String> values) {
        byte[][] out = new byte[values.size()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = values.get(k).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static byte[] quoted(String v) {
        boolean q = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0;
        return (q ? '"' + v.replace("\"", "\"\"") + '"' : v).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The {@code rows} array of {@code <id>.json}, written by Jackson as it reaches it: per row (keys in
     * order, as the pretty mapper sorts map keys) anomaly, class, cluster, cluster_distance, customer,
     * guardrails, model_class, probabilities (by class name), row, top_features.
     */
    public JsonSerializable rowsJson() {
        return new JsonSerializable.Base() {
            @Override
            public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
                writeRows(g);
            }

            @Override
            public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer) throws IOException {
                writeRows(g);
            }
        };
    }

    void writeRows(JsonGenerator g) throws IOException {
        Integer[] byName = new Integer[modelClasses.size()];
        for (int c = 0; c < byName.length; c++) {
            byName[c] = c;
        }
        Arrays.sort(byName, (a, b) -> modelClasses.get(a).compareTo(modelClasses.get(b)));
        // One compact row per line: the same JSON, but a million rows indented over ten lines each made the file
        // 2.5 times the results CSV and its writing the slowest stage. The document around keeps its indentation.
        com.fasterxml.jackson.core.PrettyPrinter outer = g.getPrettyPrinter();
        g.setPrettyPrinter(rowPerLine());
        g.writeStartArray();
        int n = scores.rows();
        for (int i = 0; i < n; i++) {
            g.writeStartObject();
            g.writeFieldName("anomaly");
            g.writeNumber(rounded(scores.anomaly()[i]));
            g.writeStringField("class", finalClass(i));
            g.writeNumberField("cluster", scores.cluster()[i]);
            g.writeFieldName("cluster_distance");
            g.writeNumber(rounded(scores.distance()[i]));
            String customer = customer(i);
            if (customer == null) {
                g.writeNullField("customer");
            } else {
                g.writeStringField("customer", customer);
            }
            g.writeArrayFieldStart("guardrails");
            for (String rule : Guardrails.firedNames(guard.fired()[i])) {
                g.writeString(rule);
            }
            g.writeEndArray();
            g.writeStringField("model_class", modelClass(i));
            g.writeObjectFieldStart("probabilities");
            for (Integer c : byName) {
                g.writeFieldName(modelClasses.get(c));
                g.writeNumber(rounded(scores.probability(i, c)));
            }
            g.writeEndObject();
            g.writeNumberField("row", rowNumber(i));
            g.writeArrayFieldStart("top_features");
            for (int q = 0; q < scores.topCount(); q++) {
                g.writeString(topNames[scores.top()[i * ScoringModel.TOP_FEATURES + q]]);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.setPrettyPrinter(outer);
    }

    /** Compact objects, each element of the rows list on its own line (stateful: one per document). */
    private static com.fasterxml.jackson.core.util.MinimalPrettyPrinter rowPerLine() {
        return new com.fasterxml.jackson.core.util.MinimalPrettyPrinter() {
                private int depth;

                @Override
                public void writeStartArray(JsonGenerator g) throws IOException {
                    depth++;
                    g.writeRaw('[');
                }

                @Override
                public void beforeArrayValues(JsonGenerator g) throws IOException {
                    if (depth == 1) {
                        g.writeRaw('\n');
                    }
                }

                @Override
                public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
                    g.writeRaw(depth == 1 ? ",\n" : ",");
                }

                @Override
                public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
                    if (depth-- == 1 && nrOfValues > 0) {
                        g.writeRaw('\n');
                    }
                    g.writeRaw(']');
                }
            };
    }

    /** A byte buffer in front of a stream, with the few formats the CSV needs. */
    static final class ByteSink {
        private final OutputStream out;
        private final byte[] buf = new byte[1 << 16];
        private int len;

        ByteSink(OutputStream out) {
            this.out = out;
        }

        void ascii(char c) throws IOException {
            if (len == buf.length) {
                flushBuffer();
            }
            buf[len++] = (byte) c;
        }

        void bytes(byte[] b) throws IOException {
            bytes(b, 0, b.length);
        }

        void bytes(byte[] b, int from, int to) throws IOException {
            int n = to - from;
            if (len + n > buf.length) {
                flushBuffer();
                if (n > buf.length) {
                    out.write(b, from, n);
                    return;
                }
            }
            System.arraycopy(b, from, buf, len, n);
            len += n;
        }

        void text(String s) throws IOException {
            bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        /** A value quoted when it holds a comma, a quote or a line feed (quotes doubled). */
        void csvField(byte[] b, int from, int to) throws IOException {
            boolean q = false;
            for (int i = from; i < to && !q; i++) {
                q = b[i] == ',' || b[i] == '"' || b[i] == '\n';
            }
            if (!q) {
                bytes(b, from, to);
                return;
            }
            ascii('"');
            for (int i = from; i < to; i++) {
                if (b[i] == '"') {
                    ascii('"');
                }
                if (len == buf.length) {
                    flushBuffer();
                }
                buf[len++] = b[i];
            }
            ascii('"');
        }

        void integer(long v) throws IOException {
            text(Long.toString(v));
        }

        /** Exactly {@code String.format(Locale.ROOT, "%.4f", v)} (see {@link #fixed4(double)}). */
        void fixed4(double v) throws IOException {
            if (len + 32 > buf.length) {
                flushBuffer();
            }
            int end = fixed4Fast(v, buf, len);
            if (end >= 0) {
                len = end;
            } else {
                text(String.format(Locale.ROOT, "%.4f", v));
            }
        }

        void flush() throws IOException {
            flushBuffer();
            out.flush();
        }

        private void flushBuffer() throws IOException {
            out.write(buf, 0, len);
            len = 0;
        }
    }

    /** {@code String.format(Locale.ROOT, "%.4f", v)}, by {@link #fixed4Fast} when it applies. */
    static String fixed4(double v) {
        byte[] buf = new byte[32];
        int end = fixed4Fast(v, buf, 0);
        return end >= 0 ? new String(buf, 0, end, StandardCharsets.US_ASCII) : String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * Writes {@code String.format(Locale.ROOT, "%.4f", v)} into {@code buf} at {@code at} (at most 14 bytes) and
     * returns the new end, for {@code 0 <= v < 1e4} away from a rounding tie: there the exact value and the
     * shortest decimal that Formatter rounds (half up) round to the same 4 decimals. Otherwise returns -1.
     */
    static int fixed4Fast(double v, byte[] buf, int at) {
        if (v >= 0 && v < 1e4 && !(v == 0 && 1 / v < 0)) {
            double s = v * 1e4;
            double floor = Math.floor(s);
            double frac = s - floor;
            if (Math.abs(frac - 0.5) > 1e-6) {
                long n = (long) floor + (frac > 0.5 ? 1 : 0);
                long whole = n / 10_000;
                int dec = (int) (n % 10_000);
                String w = Long.toString(whole);
                for (int k = 0; k < w.length(); k++) {
                    buf[at++] = (byte) w.charAt(k);
                }
                buf[at++] = '.';
                buf[at++] = (byte) ('0' + dec / 1000);
                buf[at++] = (byte) ('0' + dec / 100 % 10);
                buf[at++] = (byte) ('0' + dec / 10 % 10);
                buf[at++] = (byte) ('0' + dec % 10);
                return at;
            }
        }
        return -1;
    }
}
