package org.riskbench.engine.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.riskbench.engine.intake.Problem.Severity;

/**
 * Counters of one column, updated per value without allocating (a String is made only the first time a
 * type is contradicted, and for the first distinct values). The type is decided at the end from all rows.
 */
final class ColumnStats {
    private static final int TABLE = 128;
    private static final String[] KIND_NAMES = {"integers", "decimals", "decimals", "booleans", "dates", "dates", "dates",
        "date-times", "date-times", "date-times"};

    private final boolean commaDecimalsAllowed;
    long values;
    long missing;
    long missingBeforeFirstValue;
    long firstValueLine;
    String firstMissingToken;
    final long[] compat = new long[Cells.KINDS];
    final long[] firstBadLine = new long[Cells.KINDS];
    final String[] firstBadValue = new String[Cells.KINDS];
    final long[] valuesBeforeBad = new long[Cells.KINDS];
    int alive = (1 << Cells.KINDS) - 1;
    long leadingZeros;
    long firstLeadingZeroLine;
    String firstLeadingZeroValue;
    long commaValues;
    long firstCommaLine;
    private final long[] table = new long[TABLE];
    int distinct;
    boolean distinctOverflow;
    final List<String> samples = new ArrayList<>();

    ColumnStats(boolean commaDecimalsAllowed) {
        this.commaDecimalsAllowed = commaDecimalsAllowed;
    }

    void add(char[] a, int s, int e, long line) {
        if (Cells.isMissing(a, s, e)) {
            missing++;
            if (values == 0) {
                missingBeforeFirstValue++;
                if (firstMissingToken == null && e > s) {
                    firstMissingToken = new String(a, s, e - s);
                }
            }
            return;
        }
        if (values == 0) {
            firstValueLine = line;
        }
        int f = Cells.classify(a, s, e);
        int dead = alive & ~f;
        if (dead != 0) {
            String value = null;
            for (int k = 0; k < Cells.KINDS; k++) {
                if ((dead & (1 << k)) != 0) {
                    if (value == null) {
                        value = new String(a, s, Math.min(e - s, 60));
                    }
                    firstBadLine[k] = line;
                    firstBadValue[k] = value;
                    valuesBeforeBad[k] = values;
                }
            }
            alive &= ~dead;
        }
        int bits = f & ((1 << Cells.KINDS) - 1);
        while (bits != 0) {
            int k = Integer.numberOfTrailingZeros(bits);
            compat[k]++;
            bits &= bits - 1;
        }
        if ((f & Cells.LEADING_ZERO) != 0) {
            if (leadingZeros++ == 0) {
                firstLeadingZeroLine = line;
                firstLeadingZeroValue = new String(a, s, e - s);
            }
        }
        if ((f & Cells.DECC) != 0 && (f & Cells.DEC) == 0) {
            if (commaValues++ == 0) {
                firstCommaLine = line;
            }
        }
        values++;
        if (!distinctOverflow) {
            track(a, s, e);
        }
    }

    private void track(char[] a, int s, int e) {
        long h = Cells.hash(a, s, e);
        int i = (int) (h ^ (h >>> 32)) & (TABLE - 1);
        while (table[i] != 0) {
            if (table[i] == h) {
                return;
            }
            i = (i + 1) & (TABLE - 1);
        }
        if (distinct == CsvInspector.DISTINCT_CAP) {
            distinctOverflow = true;
            return;
        }
        table[i] = h;
        distinct++;
        if (samples.size() < 5) {
            samples.add(new String(a, s, Math.min(e - s, 60)));
        }
    }

    private boolean all(int flag) {
        return compat[Integer.numberOfTrailingZeros(flag)] == values;
    }

    private int idx(int flag) {
        return Integer.numberOfTrailingZeros(flag);
    }

    /** Decides the type; adds INFO/WARNING problems that explain a non-obvious decision. */
    ColumnProfile profile(int index, String name, CsvInspectorAccess run) {
        ColumnType type;
        String format = null;
        String note = null;
        boolean reported = false;
        int col = index + 1;
        if (values == 0) {
            type = ColumnType.EMPTY;
        } else if (all(Cells.INT)) {
            if (leadingZeros > 0) {
                type = categoryOrText();
                note = "digits with leading zeros (" + firstLeadingZeroValue + " at line " + firstLeadingZeroLine
                        + ") are codes: kept as text";
            } else {
                type = ColumnType.INTEGER;
            }
        } else if (all(Cells.DEC)) {
            type = ColumnType.DECIMAL;
            int i = idx(Cells.INT);
            if (valuesBeforeBad[i] > 0) {
                note = valuesBeforeBad[i] + " integers, then decimals from line " + firstBadLine[i] + " ("
                        + firstBadValue[i] + "): decimal";
            }
        } else if (commaDecimalsAllowed && all(Cells.DECC)) {
            type = ColumnType.DECIMAL;
            format = "decimal_comma";
            if (commaValues > 0) {
                note = "decimal comma (first at line " + firstCommaLine + ")";
            }
        } else if (all(Cells.BOOL)) {
            type = ColumnType.BOOLEAN;
        } else if (all(Cells.DATE_ISO)) {
            type = ColumnType.DATE;
            format = "yyyy-MM-dd";
        } else if (all(Cells.DATE_DMY) || all(Cells.DATE_MDY)) {
            type = ColumnType.DATE;
            format = dayMonth(all(Cells.DATE_DMY), all(Cells.DATE_MDY), name, col, run);
        } else if (all(Cells.DT_ISO)) {
            type = ColumnType.DATETIME;
            format = "yyyy-MM-dd HH:mm:ss";
        } else if (all(Cells.DT_DMY) || all(Cells.DT_MDY)) {
            type = ColumnType.DATETIME;
            format = dayMonth(all(Cells.DT_DMY), all(Cells.DT_MDY), name, col, run) + " HH:mm:ss";
        } else {
            type = categoryOrText();
            note = mixedNote(name, col, run);
            reported = note != null;
        }
        if (type != ColumnType.EMPTY && missingBeforeFirstValue >= 100 && type != ColumnType.TEXT) {
            String n = missingBeforeFirstValue + " missing values" + (firstMissingToken == null ? "" : " (" + firstMissingToken + ")")
                    + " before the first value at line " + firstValueLine + "; read over all rows as " + type.label();
            note = note == null ? n : note + "; " + n;
        }
        if (note != null && !reported) {
            run.add(Severity.INFO, 0, col, name, note);
        }
        return new ColumnProfile(index, name, type, format, values, missing, distinctOverflow ? -1 : distinct,
                List.copyOf(samples), note);
    }

    private String dayMonth(boolean dmy, boolean mdy, String name, int col, CsvInspectorAccess run) {
        if (dmy && mdy) {
            run.add(Severity.WARNING, 0, col, name, "every date has day and month at most 12, so their order is ambiguous;"
                    + " read as dd/MM/yyyy (day first)");
            return "dd/MM/yyyy";
        }
        return dmy ? "dd/MM/yyyy" : "MM/dd/yyyy";
    }

    private ColumnType categoryOrText() {
        return !distinctOverflow && (values >= 2L * distinct || distinct <= 10) ? ColumnType.CATEGORY : ColumnType.TEXT;
    }

    /** A column most of whose values fit a type but some do not: say so, with the first offender. */
    private String mixedNote(String name, int col, CsvInspectorAccess run) {
        int best = -1;
        for (int k = 0; k < Cells.KINDS; k++) {
            if (k == idx(Cells.DECC) && !commaDecimalsAllowed) {
                continue;
            }
            if (best < 0 || compat[k] > compat[best]) {
                best = k;
            }
        }
        if (best < 0 || compat[best] == 0 || compat[best] * 2 < values) {
            return null;
        }
        String what = best <= idx(Cells.DECC) ? "numbers" : KIND_NAMES[best];
        String message = String.format(Locale.ROOT, "%d of %d values are %s, but not '%s' at line %d%s: read as %s",
                compat[best], values, what, firstBadValue[best], firstBadLine[best],
                values - compat[best] > 1 ? " (and " + (values - compat[best] - 1) + " more)" : "",
                categoryOrText().label());
        run.add(Severity.WARNING, firstBadLine[best], col, name, message);
        return message;
    }

    /** What a column's decision may report into. */
    interface CsvInspectorAccess {
        void add(Severity severity, long line, int column, String columnName, String message);
    }
}
