package org.riskbench.engine.scoring;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.riskbench.core.table.CsvWriter;

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
    private final int[] finalCode;
    private final byte[] fired;
    private final String[] topNames;
    private final int rowCol;
    private final int customerCol;
    /** {@code {"class":} and {@code ,"class":} as UTF-8, made at first use. */
    private volatile byte[][] probabilityKeys;

    /**
     * The arrays may be filled after this is made (the scoring stage stores the first rows while later
     * ones are scored): a row is read only once its values are there.
     *
     * @param policyCode each row's policy class as an index in {@code classOrder} (-1 when outside it)
     * @param finalCode  each row's class after the guardrails, likewise
     * @param fired      the guardrails fired per row ({@link Guardrails.Coded#fired()} bits)
     */
    public BatchResults(EnrichedBatch batch, BatchScores scores, ScoringModel model, List<String> classOrder, int[] policyCode,
                        int[] finalCode, byte[] fired) {
        this.batch = batch;
        this.scores = scores;
        this.modelClasses = model.classes();
        this.classOrder = List.copyOf(classOrder);
        this.policyCode = policyCode;
        this.finalCode = finalCode;
        this.fired = fired;
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
        return finalCode[i] == policyCode[i] ? modelClass(i) : classOrder.get(finalCode[i]);
    }

    /** The policy's class (before guardrails). */
    public String modelClass(int i) {
        return modelClasses.get(scores.finalClass()[i]);
    }

    public long rowNumber(int i) {
        return batch.integer(i, rowCol);
    }

    /** The customer id, null when the table has none. */
    public String customer(int i) {
        return customerCol < 0 ? null : batch.text(i, customerCol);
    }

    /** True when rows {@code i} and {@code j} have the same customer (rows come grouped by customer). */
    public boolean sameCustomer(int i, int j) {
        return customerCol < 0 || batch.sameText(i, j, customerCol);
    }

    /**
     * The row's probabilities as compact JSON in the model's class order, {@code {"a":0.1,"b":0.9}}: what
     * {@code Json.compact} writes for the map of class to {@link #rounded} probability. {@code scratch} is the
     * caller's buffer, grown as needed.
     */
    public String probabilitiesJson(int i, byte[][] scratch) {
        if (probabilityKeys == null) {
            byte[][] keys = new byte[modelClasses.size()][];
            for (int c = 0; c < keys.length; c++) {
                keys[c] = ((c == 0 ? "{" : ",") + jsonString(modelClasses.get(c)) + ":").getBytes(StandardCharsets.UTF_8);
            }
            probabilityKeys = keys;
        }
        byte[][] keys = probabilityKeys;
        int need = 2;
        for (byte[] k : keys) {
            need += k.length + 32;
        }
        if (scratch[0] == null || scratch[0].length < need) {
            scratch[0] = new byte[need];
        }
        byte[] b = scratch[0];
        int at = 0;
        int c = scores.classes();
        for (int q = 0; q < keys.length; q++) {
            System.arraycopy(keys[q], 0, b, at, keys[q].length);
            at += keys[q].length;
            at = rounded6(scores.probabilities()[i * c + q], b, at);
        }
        if (keys.length == 0) {
            b[at++] = '{';
        }
        b[at++] = '}';
        return new String(b, 0, at, StandardCharsets.UTF_8);
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
        return fired[i];
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
        byte[] b = new byte[32];
        return new String(b, 0, rounded6(v, b, 0), StandardCharsets.US_ASCII);
    }

    /** {@link #rounded(double)} as ASCII into {@code buf} at {@code at} (at most 32 bytes); returns the new end. */
    static int rounded6(double v, byte[] buf, int at) {
        int end = rounded6Fast(v, buf, at);
        if (end >= 0) {
            return end;
        }
        String text = Double.toString(round(v));
        for (int k = 0; k < text.length(); k++) {
            buf[at++] = (byte) text.charAt(k);
        }
        return at;
    }

    /** The results CSV: the input columns, then class, model_class, p_*, anomaly, cluster, cluster_distance, guardrails, top_features. */
    public void writeCsv(OutputStream os) throws IOException {
        CsvWriter w = CsvWriter.of(os).quoting(CsvWriter.Quoting.NEEDED);
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
                    w.fieldBytes(chunk.text, from, chunk.textEnd[at]);
                    w.ascii(',');
                }
                int fin = scores.finalClass()[i];
                w.bytes(finalCode[i] == policyCode[i] ? modelBytes[fin] : classBytes[finalCode[i]]);
                w.ascii(',');
                w.bytes(modelBytes[fin]);
                for (int c = 0; c < scores.classes(); c++) {
                    w.ascii(',');
                    fixed4(w, scores.probabilities()[i * scores.classes() + c]);
                }
                w.ascii(',');
                fixed4(w, scores.anomaly()[i]);
                w.ascii(',');
                w.integer(scores.cluster()[i]);
                w.ascii(',');
                fixed4(w, scores.distance()[i]);
                w.ascii(',');
                w.bytes(firedBytes[fired[i]]);
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
                w.fieldBytes(topScratch, 0, len);
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
     * The {@code rows} array of {@code <id>.json}: one compact object per line, keys sorted as the pretty mapper
     * sorts map keys (anomaly, class, cluster, cluster_distance, customer, guardrails, model_class,
     * probabilities by class name, row, top_features), strings and numbers exactly as Jackson writes them (the
     * tests compare with Jackson's output). Written as bytes from the arrays: through the generator, field by
     * field, a million rows took 3.3 s.
     */
    public void writeRowsJson(OutputStream os) throws IOException {
        CsvWriter w = CsvWriter.of(os).quoting(CsvWriter.Quoting.NEEDED);
        Integer[] byName = new Integer[modelClasses.size()];
        for (int c = 0; c < byName.length; c++) {
            byName[c] = c;
        }
        Arrays.sort(byName, (a, b) -> modelClasses.get(a).compareTo(modelClasses.get(b)));
        byte[][] probabilityKeys = new byte[byName.length][];
        for (int q = 0; q < byName.length; q++) {
            probabilityKeys[q] = ((q == 0 ? "{" : ",") + jsonString(modelClasses.get(byName[q])) + ":").getBytes(StandardCharsets.UTF_8);
        }
        byte[][] classJson = jsonStrings(classOrder);
        byte[][] modelJson = jsonStrings(modelClasses);
        byte[][] firedJson = new byte[8][];
        for (int bits = 0; bits < 8; bits++) {
            List<String> names = Guardrails.firedNames(bits);
            StringBuilder sb = new StringBuilder("[");
            for (int k = 0; k < names.size(); k++) {
                sb.append(k == 0 ? "" : ",").append(jsonString(names.get(k)));
            }
            firedJson[bits] = sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
        }
        byte[][] topJson = new byte[topNames.length][];
        for (int k = 0; k < topNames.length; k++) {
            topJson[k] = jsonString(topNames[k]).getBytes(StandardCharsets.UTF_8);
        }
        int textCols = batch.textColumns().size();
        int topCount = scores.topCount();
        int[] top = scores.top();
        int c = scores.classes();
        w.ascii('[');
        for (EnrichedBatch.Chunk chunk : batch.chunks()) {
            for (int r = 0; r < chunk.size; r++) {
                int i = chunk.start + r;
                w.ascii(i == 0 ? "\n{\"anomaly\":" : ",\n{\"anomaly\":");
                rounded6(w, scores.anomaly()[i]);
                w.ascii(",\"class\":");
                int fin = scores.finalClass()[i];
                w.bytes(finalCode[i] == policyCode[i] ? modelJson[fin] : classJson[finalCode[i]]);
                w.ascii(",\"cluster\":");
                w.integer(scores.cluster()[i]);
                w.ascii(",\"cluster_distance\":");
                rounded6(w, scores.distance()[i]);
                w.ascii(",\"customer\":");
                if (customerCol < 0) {
                    w.ascii("null");
                } else {
                    int at = r * textCols + customerCol;
                    jsonString(w, chunk.text, at == 0 ? 0 : chunk.textEnd[at - 1], chunk.textEnd[at]);
                }
                w.ascii(",\"guardrails\":");
                w.bytes(firedJson[fired[i]]);
                w.ascii(",\"model_class\":");
                w.bytes(modelJson[fin]);
                w.ascii(",\"probabilities\":");
                for (int q = 0; q < byName.length; q++) {
                    w.bytes(probabilityKeys[q]);
                    rounded6(w, scores.probabilities()[i * c + byName[q]]);
                }
                w.ascii(byName.length == 0 ? "{}" : "}");
                w.ascii(",\"row\":");
                w.integer(rowNumber(i));
                w.ascii(",\"top_features\":[");
                for (int q = 0; q < topCount; q++) {
                    if (q > 0) {
                        w.ascii(',');
                    }
                    w.bytes(topJson[top[i * ScoringModel.TOP_FEATURES + q]]);
                }
                w.ascii("]}");
            }
        }
        w.ascii(scores.rows() == 0 ? "]" : "\n]");
        w.flush();
    }

    private static byte[][] jsonStrings(List<String> values) {
        byte[][] out = new byte[values.size()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = jsonString(values.get(k)).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** A JSON string literal as Jackson writes it (quotes, backslash and control characters escaped). */
    static String jsonString(String v) {
        return '"' + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(v)) + '"';
    }

    /** {@code String.format(Locale.ROOT, "%.4f", v)} into {@code w}, by {@link #fixed4Fast} when it applies. */
    static void fixed4(CsvWriter w, double v) throws IOException {
        w.formatted(32, (buf, at) -> fixed4Fast(v, buf, at), () -> String.format(Locale.ROOT, "%.4f", v));
    }

    /** {@link #rounded(double)} into {@code w}, without a String in the common case. */
    static void rounded6(CsvWriter w, double v) throws IOException {
        w.formatted(32, (buf, at) -> rounded6(v, buf, at), () -> rounded(v));
    }

    /** The UTF-8 text {@code b[from, to)} as a JSON string literal, escaped as Jackson does. */
    static void jsonString(CsvWriter w, byte[] b, int from, int to) throws IOException {
        boolean plain = true;
        for (int i = from; i < to && plain; i++) {
            int x = b[i] & 0xff;
            plain = x >= 0x20 && x != '"' && x != '\\';
        }
        if (plain) {
            w.ascii('"').bytes(b, from, to).ascii('"');
        } else {
            w.text(jsonString(new String(b, from, to - from, StandardCharsets.UTF_8)));
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
                at = CsvWriter.digits(whole, buf, at);
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

    /** {@link #rounded(double)}'s fast case as bytes into {@code buf} at {@code at} (9 at most); -1 when it does not apply. */
    static int rounded6Fast(double v, byte[] buf, int at) {
        double r = round(v);
        long k = Math.round(v * 1e6);
        if (k >= 1000 && k < 10_000_000 && r == k / 1e6) {
            buf[at] = (byte) ('0' + k / 1_000_000);
            buf[at + 1] = '.';
            long f = k % 1_000_000;
            for (int d = 7; d >= 2; d--) {
                buf[at + d] = (byte) ('0' + f % 10);
                f /= 10;
            }
            int end = 8;
            while (end > 3 && buf[at + end - 1] == '0') {
                end--;
            }
            return at + end;
        }
        if (k >= 0 && k < 1000 && r == k / 1e6) {
            // below 10^-3 Double.toString is scientific: the digits of k, then E-4, E-5 or E-6 (and 0.0 for zero)
            if (k == 0) {
                buf[at] = '0';
                buf[at + 1] = '.';
                buf[at + 2] = '0';
                return at + 3;
            }
            int exponent = k >= 100 ? 4 : k >= 10 ? 5 : 6;
            long digits = k;
            int n = 7 - exponent;
            while (digits % 10 == 0) {
                digits /= 10;
                n--;
            }
            // digits has n significant digits: d.ddd, at least one after the point
            long pow = 1;
            for (int q = 1; q < n; q++) {
                pow *= 10;
            }
            buf[at++] = (byte) ('0' + digits / pow);
            buf[at++] = '.';
            if (n == 1) {
                buf[at++] = '0';
            }
            for (long rest = digits % pow, q = pow / 10; q >= 1; q /= 10) {
                buf[at++] = (byte) ('0' + rest / q % 10);
            }
            buf[at++] = 'E';
            buf[at++] = '-';
            buf[at++] = (byte) ('0' + exponent);
            return at;
        }
        return -1;
    }
}
