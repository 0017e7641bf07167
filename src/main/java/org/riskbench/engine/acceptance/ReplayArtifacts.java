package org.riskbench.engine.acceptance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.riskbench.core.ArtifactSet;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.table.CsvWriter;
import org.riskbench.core.table.ColumnKind;
import org.riskbench.core.table.ColumnTable;
import org.riskbench.core.table.TableReader;

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
        ColumnTable table = TableReader.of(file, file.toString()).keepLines().read(new TableReader.Plan() {
            @Override
            public ColumnKind[] columns(String[] header) {
                return columns(header, 1);
            }

            @Override
            public ColumnKind[] columns(String[] header, long line) {
                if (!List.of(header).equals(Trace.COLUMNS)) {
                    throw InputException.at(file.toString(), line, 0, "not a replay trace; expected the columns "
                            + Trace.COLUMNS);
                }
                return TableReader.allCells(header);
            }
        });
        List<String[]> rows = table.cellRows();
        int n = rows.size();
        Trace tr = new Trace(n, new String[n]);
        for (int i = 0; i < n; i++) {
            String[] r = rows.get(i);
            try {
                tr.t[i] = Integer.parseInt(r[0]);
                tr.ts[i] = r[1];
                tr.y[i] = parseNum(r[2]);
                tr.mu[i] = parseNum(r[3]);
                tr.sigma[i] = parseNum(r[4]);
                tr.lower[i] = parseNum(r[5]);
                tr.upper[i] = parseNum(r[6]);
                tr.miss[i] = "1".equals(r[7]);
                tr.alpha[i] = parseNum(r[8]);
                tr.coverageEma[i] = parseNum(r[9]);
                tr.surprisal[i] = parseNum(r[10]);
                tr.surprisalP95[i] = parseNum(r[11]);
                tr.relWidthP95[i] = parseNum(r[12]);
                tr.latencyP95[i] = parseNum(r[13]);
                tr.kappa[i] = parseNum(r[14]);
                tr.kappaPlus[i] = parseNum(r[15]);
                tr.soft[i] = (byte) parseMask(r[16]);
                tr.hard[i] = (byte) parseMask(r[17]);
                tr.raw[i] = (byte) State.valueOf(r[18]).ordinal();
                tr.state[i] = (byte) State.valueOf(r[19]).ordinal();
                tr.riskScale[i] = parseNum(r[20]);
                tr.blockReason[i] = (byte) parseReason(r[21]).ordinal();
            } catch (IllegalArgumentException e) {
                throw InputException.at(file.toString(), table.line(i), 0, e.getMessage(), e);
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
