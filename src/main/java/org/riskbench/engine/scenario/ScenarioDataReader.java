package org.riskbench.engine.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.riskbench.core.InputException;
import org.riskbench.core.InputFiles;
import org.riskbench.core.table.CellCounts;
import org.riskbench.core.table.ColumnKind;
import org.riskbench.core.table.ColumnTable;
import org.riskbench.core.table.NumberColumn;
import org.riskbench.core.table.TableReader;

/**
 * Reads a scenario table from CSV (comma; tab for {@code .tsv}) through the shared {@link TableReader} in one pass:
 * every column but the {@code id} one is read as numbers and its cells counted; the used columns become the
 * table the engine works on, as they are.
 *
 * <p>Typing: a column is numeric when every non-missing cell is a decimal number (optionally signed, with an
 * exponent) or an infinity token. Missing cells are empty or one of {@code NA, N/A, NaN, null, None, -}
 * (any case). The {@code id} column (any case) and non-numeric columns are ignored and reported; the target
 * and every other numeric column are used, and a row with a missing or non-finite value in a used column is
 * dropped and counted. A non-numeric column that is mostly numbers ({@link ScenarioData.NonNumericCells#mostlyNumeric})
 * is still ignored, but also gets a warning naming its first stray cell, since it is almost certainly a typo.
 */
public final class ScenarioDataReader {
    static final int SAMPLE_ROWS = 10;
    /** Rows per chunk when a pass reads the columns (small enough to stay in cache, large enough to copy fast). */
    static final int CHUNK_ROWS = 4096;

    private ScenarioDataReader() {
    }

    /** Reads {@code file} with {@code target} as the target column. Refusals are {@link InputException}s. */
    public static ScenarioData read(Path file, String target) {
        String where = file.toString();
        String[][] names = new String[1][];
        ColumnTable table = TableReader.of(file, where).kind(InputFiles.Kind.SCENARIO_DATA)
                .delimiter(tsv(file) ? '\t' : ',').sampleRows(SAMPLE_ROWS)
                .widthHint(ScenarioDataReader::delimiterHint).read(raw -> {
                    String[] header = headerOf(raw, where);
                    if (!Arrays.asList(header).contains(target)) {
                        throw new InputException(where + ": no target column \"" + target + "\"; the columns are "
                                + org.riskbench.core.Texts.abbreviate(String.join(", ", header), 4 * org.riskbench.core.Texts.VALUE_LENGTH)
                                + "; set \"target\" in the config to one of them"
                                + delimiterHint(header));
                    }
                    names[0] = header;
                    ColumnKind[] kinds = new ColumnKind[header.length];
                    for (int c = 0; c < header.length; c++) {
                        kinds[c] = !header[c].equals(target) && header[c].equalsIgnoreCase("id") ? ColumnKind.SKIP
                                : ColumnKind.NUMBER;
                    }
                    return kinds;
                });
        String[] header = names[0];
        int columns = header.length;
        long rowsRead = table.rows();
        if (rowsRead == 0) {
            throw InputException.at(where, 1, 0, "the file has a header row but no data rows");
        }
        List<Map<String, String>> sample = new ArrayList<>();
        for (String[] fields : table.sample()) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < columns; c++) {
                row.put(header[c], fields[c]);
            }
            sample.add(row);
        }

        // Decide the columns.
        List<ScenarioData.IgnoredColumn> ignored = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int targetCol = Arrays.asList(header).indexOf(target);
        CellCounts targetCells = table.counts(targetCol);
        if (!targetCells.numeric() || targetCells.numbers() == 0) {
            throw new InputException(where + ": the target column \"" + target + "\" is not numeric"
                    + (targetCells.firstOther() != null
                            ? " (\"" + targetCells.firstOther() + "\" at line " + targetCells.firstOtherLine() + ")"
                            : " (it has no values)"));
        }
        List<Integer> featureCols = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            if (c == targetCol) {
                continue;
            }
            if (table.kind(c) == ColumnKind.SKIP) {
                ignored.add(new ScenarioData.IgnoredColumn(header[c], "id column"));
                continue;
            }
            CellCounts counts = table.counts(c);
            if (!counts.numeric()) {
                ScenarioData.NonNumericCells cells = new ScenarioData.NonNumericCells(counts.numbers(), counts.others(),
                        counts.firstOtherLine(), c + 1, counts.firstOther());
                String first = "\"" + shorten(counts.firstOther()) + "\" at line " + counts.firstOtherLine();
                ignored.add(new ScenarioData.IgnoredColumn(header[c], cells.mostlyNumeric()
                        ? "mostly numeric, but " + cells.others() + " of " + (cells.numbers() + cells.others())
                                + " values are not numbers (first " + first + ", column " + (c + 1) + ")"
                        : "non-numeric (" + first + ")", cells));
                if (cells.mostlyNumeric()) {
                    warnings.add(mostlyNumericWarning(where, header[c], cells));
                }
            } else if (counts.numbers() == 0) {
                ignored.add(new ScenarioData.IgnoredColumn(header[c], "no values"));
            } else {
                featureCols.add(c);
            }
        }
        if (featureCols.isEmpty()) {
            throw new InputException(where + ": no feature: besides the target \"" + target
                    + "\" and an id column there is no numeric column to fit on");
        }
        int p = featureCols.size();
        String[] featureNames = new String[p];
        NumberColumn[] used = new NumberColumn[p + 1];
        for (int j = 0; j < p; j++) {
            featureNames[j] = header[featureCols.get(j)];
            used[j] = table.numbers(featureCols.get(j));
        }
        used[p] = table.numbers(targetCol);
        for (int c = 0; c < columns; c++) {
            if (c != targetCol && !featureCols.contains(c)) {
                table.release(c); // only the used columns stay
            }
        }

        // A row with a missing or non-finite value (1e999 too) in a used column is dropped: the columns are kept as
        // read when no row is (the common case: no copy of the table), else copied without those rows.
        int n = table.rows();
        boolean[] drop = null;
        long dropped = 0;
        if (!allFinite(used, n)) {
            double[] chunk = new double[CHUNK_ROWS];
            for (int k = 0; k <= p; k++) {
                for (int from = 0; from < n; from += CHUNK_ROWS) {
                    int len = Math.min(CHUNK_ROWS, n - from);
                    used[k].copyTo(from, chunk, 0, len);
                    for (int i = 0; i < len; i++) {
                        if (!Double.isFinite(chunk[i])) {
                            if (drop == null) {
                                drop = new boolean[n];
                            }
                            if (!drop[from + i]) {
                                drop[from + i] = true;
                                dropped++;
                            }
                        }
                    }
                }
            }
        }
        int rows = (int) (n - dropped);
        if (drop != null) {
            for (int k = 0; k <= p; k++) {
                double[] kept = new double[rows];
                int w = 0;
                for (int r = 0; r < n; r++) {
                    if (!drop[r]) {
                        kept[w++] = used[k].get(r);
                    }
                }
                used[k] = NumberColumn.of(kept, rows);
            }
        }
        if (rows < p + 2) {
            throw new InputException(where + ": too few rows: " + rows + " usable row(s) (" + dropped
                    + " dropped for missing or non-finite values) for " + p + " feature(s); at least " + (p + 2)
                    + " are needed");
        }
        return new ScenarioData(featureNames, target, rows, Arrays.copyOf(used, p), used[p], ignored, rowsRead, dropped,
                sample, file, false, warnings);
    }

    /** True when no value of the first {@code n} of any column is missing or non-finite: a column a task, on the cores. */
    private static boolean allFinite(NumberColumn[] columns, int n) {
        boolean[] finite = new boolean[columns.length];
        try (ColumnTasks tasks = ColumnTasks.forValues((long) n * columns.length)) {
            tasks.run(columns.length, k -> {
                double[] chunk = new double[Math.min(n, CHUNK_ROWS)];
                for (int from = 0; from < n; from += CHUNK_ROWS) {
                    int len = Math.min(CHUNK_ROWS, n - from);
                    columns[k].copyTo(from, chunk, 0, len);
                    if (!finite(chunk, len)) {
                        return;
                    }
                }
                finite[k] = true;
            });
        }
        for (boolean f : finite) {
            if (!f) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(double[] values, int len) {
        for (int i = 0; i < len; i++) {
            if (!Double.isFinite(values[i])) {
                return false;
            }
        }
        return true;
    }

    /** The warning for a column ignored as non-numeric although nearly all its cells are numbers. */
    static String mostlyNumericWarning(String file, String column, ScenarioData.NonNumericCells cells) {
        return cells.describe(file, column) + ", so it is ignored as non-numeric; correct the value, or write NA for a"
                + " missing one, to use the column";
    }

    private static String shorten(String value) {
        String oneLine = value.replaceAll("\\s+", " ");
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 37) + "...";
    }

    /** When the header is one column holding another separator, the file was saved with the wrong one: say so. */
    private static String delimiterHint(String[] header) {
        if (header.length != 1) {
            return "";
        }
        for (String sep : List.of(";", "\t", "|")) {
            if (header[0].contains(sep)) {
                return "; the header reads as one column because the file is separated by '"
                        + (sep.equals("\t") ? "\\t" : sep) + "': scenario input must be comma-separated"
                        + " (tab-separated when the name ends in .tsv)";
            }
        }
        return "";
    }

    private static boolean tsv(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv");
    }

    private static String[] headerOf(String[] raw, String where) {
        String[] header = new String[raw.length];
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < header.length; c++) {
            String name = raw[c].trim();
            if (c == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1).trim(); // UTF-8 byte order mark
            }
            if (name.indexOf('\u0000') >= 0) {
                throw InputException.at(where, 1, c + 1, "the header holds NUL bytes, so this is not UTF-8 text"
                        + " (UTF-16, or a binary file?); save it as CSV in UTF-8");
            }
            if (name.isEmpty()) {
                throw InputException.at(where, 1, c + 1, "column " + (c + 1) + " has no name in the header row");
            }
            if (!seen.add(name)) {
                throw InputException.at(where, 1, c + 1, "column name \"" + name + "\" appears twice in the header");
            }
            header[c] = name;
        }
        return header;
    }
}
