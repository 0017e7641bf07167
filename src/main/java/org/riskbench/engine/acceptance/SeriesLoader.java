package org.riskbench.engine.acceptance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.riskbench.core.InputException;
import org.riskbench.core.InputFiles;
import org.riskbench.core.Texts;
import org.riskbench.core.table.CellCounts;
import org.riskbench.core.table.ColumnKind;
import org.riskbench.core.table.ColumnTable;
import org.riskbench.core.table.TableReader;

/**
 * Reads a {@link Series} from a CSV file with a header (docs/spec/acceptance.md, "Input: a series") through the
 * shared table reader ({@link TableReader}: its missing-value tokens, number syntax, encodings and line counting).
 * Columns are found by case-insensitive name; other columns are ignored. Every refusal is an
 * {@link InputException} located as {@code file:line:column} (column = 1-based field number).
 * Missing cells (empty or a missing-value token): refused in {@code y}, {@code mu}, {@code sigma}; in
 * {@code latency_ms} they mean 0 and in {@code kappa} they mean "compute kappa for this row"
 * (docs/acceptance-notes.md).
 */
public final class SeriesLoader {

    private static final List<String> KNOWN = List.of("y", "ts", "mu", "sigma", "latency_ms", "kappa");

    private SeriesLoader() {
    }

    public static Series load(Path file) {
        String source = file.toString();
        int[] at = new int[KNOWN.size()];
        ColumnTable table = TableReader.of(file, source).kind(InputFiles.Kind.SERIES).keepLines().read(
                new TableReader.Plan() {
                    @Override
                    public ColumnKind[] columns(String[] header) {
                        return columns(header, 1);
                    }

                    @Override
                    public ColumnKind[] columns(String[] header, long line) {
                        return plan(header, line, source, at);
                    }
                });
        int yCol = at[0];
        int tsCol = at[1];
        int muCol = at[2];
        int sigmaCol = at[3];
        int latCol = at[4];
        int kappaCol = at[5];
        int n = table.rows();
        double[] y = required(table, yCol, "y", source);
        String[] ts = null;
        if (tsCol >= 0) {
            ts = new String[n];
            for (int i = 0; i < n; i++) {
                ts[i] = table.text(tsCol).get(i);
            }
        }
        double[] mu = null;
        double[] sigma = null;
        if (muCol >= 0) {
            mu = required(table, muCol, "mu", source);
            sigma = required(table, sigmaCol, "sigma", source);
            for (int i = 0; i < n; i++) {
                if (!(sigma[i] > 0)) {
                    throw InputException.at(source, table.line(i), sigmaCol + 1, "sigma is " + format(sigma[i])
                            + " but must be greater than 0.");
                }
            }
        }
        double[] lat = null;
        if (latCol >= 0) {
            lat = optional(table, latCol, "latency_ms", source);
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(lat[i])) {
                    lat[i] = 0.0; // a missing latency is none
                } else if (lat[i] < 0) {
                    throw InputException.at(source, table.line(i), latCol + 1, "latency_ms is " + format(lat[i])
                            + " but must not be negative.");
                }
            }
        }
        double[] kappa = kappaCol >= 0 ? optional(table, kappaCol, "kappa", source) : null; // NaN: computed
        long lastLine = n == 0 ? table.headerLine() : table.line(n - 1);
        return new Series(source, lastLine, ts, y, mu, sigma, lat, kappa);
    }

    /** The kinds of the header's columns; the indices of {@link #KNOWN} into {@code at} (-1 when absent). */
    private static ColumnKind[] plan(String[] header, long line, String source, int[] at) {
        List<String> names = new ArrayList<>();
        for (String h : header) {
            names.add(h.trim().toLowerCase(Locale.ROOT));
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.indexOf(names.get(i)) != i && KNOWN.contains(names.get(i))) {
                throw InputException.at(source, line, i + 1, "column '" + Texts.abbreviate(header[i])
                        + "' appears twice in the header (names are case-insensitive).");
            }
        }
        for (int k = 0; k < KNOWN.size(); k++) {
            at[k] = names.indexOf(KNOWN.get(k));
        }
        int muCol = at[2];
        int sigmaCol = at[3];
        if (at[0] < 0) {
            throw InputException.at(source, line, 0, "the header has no 'y' column (columns found: "
                    + Texts.abbreviate(String.join(", ", header), 4 * Texts.VALUE_LENGTH) + "); rename the value column to y.");
        }
        if ((muCol < 0) != (sigmaCol < 0)) {
            int present = muCol >= 0 ? muCol : sigmaCol;
            throw InputException.at(source, line, present + 1, "column '" + (muCol >= 0 ? "mu" : "sigma")
                    + "' needs column '" + (muCol >= 0 ? "sigma" : "mu") + "' too: give both or neither.");
        }
        ColumnKind[] kinds = new ColumnKind[header.length];
        Arrays.fill(kinds, ColumnKind.SKIP);
        for (int k = 0; k < KNOWN.size(); k++) {
            if (at[k] >= 0) {
                kinds[at[k]] = k == 1 ? ColumnKind.CELLS : ColumnKind.NUMBER; // ts as written
            }
        }
        return kinds;
    }

    /** A column every row must give as a finite number. */
    private static double[] required(ColumnTable table, int col, String column, String source) {
        double[] v = table.numbers(col).toArray();
        CellCounts counts = table.counts(col);
        for (int i = 0; i < v.length; i++) {
            if (Double.isFinite(v[i])) {
                continue;
            }
            long line = table.line(i);
            if (Double.isNaN(v[i]) && line == counts.firstOtherLine() && counts.others() > 0) {
                throw notANumber(source, line, col, column, counts.firstOther());
            }
            if (Double.isNaN(v[i])) {
                throw InputException.at(source, line, col + 1, column + " is empty or a missing-value token (NA, NaN,"
                        + " null, ...); every row needs a finite " + column + " value.");
            }
            throw InputException.at(source, line, col + 1, column + " is " + format(v[i])
                    + " but must be a finite number.");
        }
        return v;
    }

    /** A column whose missing cells are NaN (the caller says what they mean); infinities and text are refused. */
    private static double[] optional(ColumnTable table, int col, String column, String source) {
        double[] v = table.numbers(col).toArray();
        CellCounts counts = table.counts(col);
        for (int i = 0; i < v.length; i++) {
            long line = table.line(i);
            if (Double.isNaN(v[i]) && line == counts.firstOtherLine() && counts.others() > 0) {
                throw notANumber(source, line, col, column, counts.firstOther());
            }
            if (Double.isInfinite(v[i])) {
                throw InputException.at(source, line, col + 1, column + " is " + format(v[i])
                        + " but must be a finite number.");
            }
        }
        return v;
    }

    private static InputException notANumber(String source, long line, int col, String column, String cell) {
        return InputException.at(source, line, col + 1, column + " is '" + Texts.abbreviate(cell)
                + "' which is not a number.");
    }

    /** A value as a message shows it: as written when it is a whole number, {@code -inf} for an infinity. */
    private static String format(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf (or too large for a double)" : "-inf (or too large for a double)";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
