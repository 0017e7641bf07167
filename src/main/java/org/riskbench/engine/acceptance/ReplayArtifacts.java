package org.riskbench.engine.acceptance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.riskbench.core.ArtifactSet;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.table.CsvWriter;

/**
 * Writes a replay's artifacts: {@code trace.csv} (the spec's trace columns in order) and
 * {@code summary.json} (the spec's summary keys in order), each atomically. In the CSV, booleans are
 * 0/1, breach lists are guard keys joined with {@code |} (empty when none), doubles are written with
 * {@link Double#toString} (shortest repr that reads back exactly) and infinities as {@code inf}/{@code -inf}.
 */
public final class ReplayArtifacts {

    public static final String TRACE_CSV = "trace.csv";
    public static final String SUMMARY_JSON = "summary.json";

    private ReplayArtifacts() {
    }

    /** Writes the trace and the summary into {@code folder}, as a whole ({@link ArtifactSet}). */
    public static void write(Path folder, ReplayResult result) {
        ArtifactSet.write(folder, dir -> {
            writeTrace(dir.resolve(TRACE_CSV), result.trace());
            Json.write(dir.resolve(SUMMARY_JSON), result.summary().toJson());
        });
    }

    public static void writeTrace(Path file, Trace tr) {
        AtomicFiles.write(file, out -> {
            CsvWriter csv = CsvWriter.of(out);
            csv.record(Trace.COLUMNS);
            for (int i = 0; i < tr.size(); i++) {
                csv.field(Integer.toString(tr.t[i]));
                csv.field(tr.ts(i));
                csv.field(num(tr.y[i]));
                csv.field(num(tr.mu[i]));
                csv.field(num(tr.sigma[i]));
                csv.field(num(tr.lower[i]));
                csv.field(num(tr.upper[i]));
                csv.field(tr.miss[i] ? "1" : "0");
                csv.field(num(tr.alpha[i]));
                csv.field(num(tr.coverageEma[i]));
                csv.field(num(tr.surprisal[i]));
                csv.field(num(tr.surprisalP95[i]));
                csv.field(num(tr.relWidthP95[i]));
                csv.field(num(tr.latencyP95[i]));
                csv.field(num(tr.kappa[i]));
                csv.field(num(tr.kappaPlus[i]));
                csv.field(Guard.join(tr.soft[i]));
                csv.field(Guard.join(tr.hard[i]));
                csv.field(tr.raw(i).name());
                csv.field(tr.state(i).name());
                csv.field(num(tr.riskScale[i]));
                csv.field(tr.blockReason(i).key());
                csv.endRecord();
            }
            csv.flush();
        });
    }

    /** Reads back the summary.json of a replay folder. */
    public static ReplaySummary readSummary(Path file) {
        try {
            return ReplaySummary.fromJson(Json.MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the replay summary (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads back a trace.csv written by {@link #writeTrace} (exactly its columns, in order), into the
     * trace's primitive columns; {@code inf}/{@code -inf}/{@code nan} read back as the special values.
     */
    public static Trace readTrace(Path file) {
        List<CSVRecord> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.parse(in)) {
            boolean header = true;
            for (CSVRecord r : csv) {
                if (header) {
                    List<String> names = r.toList();
                    if (!names.equals(Trace.COLUMNS)) {
                        throw new InputException(file + ":1: not a replay trace; expected the columns " + Trace.COLUMNS);
                    }
                    header = false;
                } else {
                    rows.add(r);
                }
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": trace file not found.");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the trace", e);
        }
        int n = rows.size();
        Trace tr = new Trace(n, new String[n]);
        for (int i = 0; i < n; i++) {
            CSVRecord r = rows.get(i);
            if (r.size() != Trace.COLUMNS.size()) {
                throw new InputException(file + ":" + (i + 2) + ": expected " + Trace.COLUMNS.size() + " fields, found " + r.size());
            }
            try {
                tr.t[i] = Integer.parseInt(r.get(0));
                tr.ts[i] = r.get(1);
                tr.y[i] = parseNum(r.get(2));
                tr.mu[i] = parseNum(r.get(3));
                tr.sigma[i] = parseNum(r.get(4));
                tr.lower[i] = parseNum(r.get(5));
                tr.upper[i] = parseNum(r.get(6));
                tr.miss[i] = "1".equals(r.get(7));
                tr.alpha[i] = parseNum(r.get(8));
                tr.coverageEma[i] = parseNum(r.get(9));
                tr.surprisal[i] = parseNum(r.get(10));
                tr.surprisalP95[i] = parseNum(r.get(11));
                tr.relWidthP95[i] = parseNum(r.get(12));
                tr.latencyP95[i] = parseNum(r.get(13));
                tr.kappa[i] = parseNum(r.get(14));
                tr.kappaPlus[i] = parseNum(r.get(15));
                tr.soft[i] = (byte) parseMask(r.get(16));
                tr.hard[i] = (byte) parseMask(r.get(17));
                tr.raw[i] = (byte) State.valueOf(r.get(18)).ordinal();
                tr.state[i] = (byte) State.valueOf(r.get(19)).ordinal();
                tr.riskScale[i] = parseNum(r.get(20));
                tr.blockReason[i] = (byte) parseReason(r.get(21)).ordinal();
            } catch (IllegalArgumentException e) {
                throw new InputException(file + ":" + (i + 2) + ": " + e.getMessage(), e);
            }
        }
        return tr;
    }

    /** The inverse of {@link #num}. */
    static double parseNum(String s) {
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static int parseMask(String s) {
        int mask = 0;
        if (!s.isEmpty()) {
            for (String key : s.split("\\|")) {
                mask |= Guard.valueOf(key.toUpperCase(java.util.Locale.ROOT)).bit();
            }
        }
        return mask;
    }

    private static BlockReason parseReason(String key) {
        for (BlockReason r : BlockReason.values()) {
            if (r.key().equals(key)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown block reason '" + key + "'");
    }

    /** Full-precision text of a double; {@code inf}, {@code -inf}, {@code nan} for the special values. */
    static String num(double v) {
        if (Double.isFinite(v)) {
            return Double.toString(v);
        }
        return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }
}
