package org.riskbench.engine.scenario;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.riskbench.core.InputFiles;
import org.riskbench.core.InputException;
import org.riskbench.core.TextFiles;

/**
 * Reads a scenario table from CSV (comma; tab for {@code .tsv}) with Commons CSV in two passes: the first types
 * each column by inspection, the second parses the used columns into primitive arrays.
 *
 * <p>Typing: a column is numeric when every non-missing cell is a decimal number (optionally signed, with an
 * exponent) or an infinity/NaN token. Missing cells are empty or one of {@code NA, N/A, NaN, null, None, -}
 * (any case). The {@code id} column (any case) and non-numeric columns are ignored and reported; the target
 * and every other numeric column are used, and a row with a missing or non-finite value in a used column is
 * dropped and counted. A non-numeric column that is mostly numbers ({@link ScenarioData.NonNumericCells#mostlyNumeric})
 * is still ignored, but also gets a warning naming its first stray cell, since it is almost certainly a typo.
 */
public final class ScenarioDataReader {
    static final int SAMPLE_ROWS = 10;
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "none", "-");
    private static final Set<String> INFINITE = Set.of("inf", "+inf", "-inf", "infinity", "+infinity", "-infinity");

    private ScenarioDataReader() {
    }

    /** Reads {@code file} with {@code target} as the target column. Refusals are {@link InputException}s. */
    public static ScenarioData read(Path file, String target) {
        String where = file.toString();
        String[] header;
        int columns;
        boolean[] numeric;
        String[] badExample;
        long[] badLine;
        long[] numericCells;
        long[] otherCells;
        List<Map<String, String>> sample = new ArrayList<>();
        long rowsRead = 0;
        // Pass 1: shape, types, sample. Record numbers count the header as 1, so they are line numbers
        // unless a quoted cell spans lines. Every cell is classified, also in columns already known to be
        // non-numeric, so a column of numbers with a stray typo can be told from a text column.
        try (Reader in = InputFiles.reader(file, where, InputFiles.Kind.SCENARIO_DATA);
                CSVParser parser = format(file).parse(in)) {
            var it = parser.iterator();
            if (!it.hasNext()) {
                throw InputException.at(where, 1, 0, "the file is empty; expected a header row and data rows");
            }
            header = headerOf(it.next(), where);
            columns = header.length;
            numeric = new boolean[columns];
            Arrays.fill(numeric, true);
            badExample = new String[columns];
            badLine = new long[columns];
            numericCells = new long[columns];
            otherCells = new long[columns];
            while (it.hasNext()) {
                CSVRecord rec = it.next();
                if (rec.size() == 1 && rec.get(0).isBlank()) {
                    continue; // blank line
                }
                long line = rec.getRecordNumber();
                checkWidth(rec, header, where, line);
                rowsRead++;
                if (sample.size() < SAMPLE_ROWS) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int c = 0; c < columns; c++) {
                        row.put(header[c], rec.get(c));
                    }
                    sample.add(row);
                }
                for (int c = 0; c < columns; c++) {
                    String cell = rec.get(c).trim();
                    if (isMissing(cell)) {
                        continue;
                    }
                    if (isInfinite(cell) || NUMBER.matcher(cell).matches()) {
                        numericCells[c]++;
                    } else if (otherCells[c]++ == 0) {
                        numeric[c] = false;
                        badExample[c] = cell;
                        badLine[c] = line;
                    }
                }
            }
        } catch (IOException e) {
            throw TextFiles.readFailure(file, where, "CSV file", e);
        } catch (UncheckedIOException e) {
            throw TextFiles.readFailure(file, where, "CSV file", e.getCause());
        } catch (IllegalStateException e) {
            throw new InputException(where + ": malformed CSV: " + e.getMessage(), e);
        }
        if (rowsRead == 0) {
            throw InputException.at(where, 1, 0, "the file has a header row but no data rows");
        }

        // Decide the columns.
        List<ScenarioData.IgnoredColumn> ignored = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int targetCol = -1;
        List<Integer> featureCols = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            if (header[c].equals(target)) {
                targetCol = c;
            }
        }
        if (targetCol < 0) {
            throw new InputException(where + ": no target column \"" + target + "\"; the columns are "
                    + String.join(", ", header) + "; set \"target\" in the config to one of them" + delimiterHint(header));
        }
        if (!numeric[targetCol] || numericCells[targetCol] == 0) {
            throw new InputException(where + ": the target column \"" + target + "\" is not numeric"
                    + (badExample[targetCol] != null
                            ? " (\"" + badExample[targetCol] + "\" at line " + badLine[targetCol] + ")"
                            : " (it has no values)"));
        }
        for (int c = 0; c < columns; c++) {
            if (c == targetCol) {
                continue;
            }
            if (header[c].equalsIgnoreCase("id")) {
                ignored.add(new ScenarioData.IgnoredColumn(header[c], "id column"));
            } else if (!numeric[c]) {
                ScenarioData.NonNumericCells cells = new ScenarioData.NonNumericCells(numericCells[c], otherCells[c],
                        badLine[c], c + 1, badExample[c]);
                String first = "\"" + shorten(badExample[c]) + "\" at line " + badLine[c];
                ignored.add(new ScenarioData.IgnoredColumn(header[c], cells.mostlyNumeric()
                        ? "mostly numeric, but " + cells.others() + " of " + (cells.numbers() + cells.others())
                                + " values are not numbers (first " + first + ", column " + (c + 1) + ")"
                        : "non-numeric (" + first + ")", cells));
                if (cells.mostlyNumeric()) {
                    warnings.add(mostlyNumericWarning(where, header[c], cells));
                }
            } else if (numericCells[c] == 0) {
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
        int[] used = new int[p + 1];
        String[] featureNames = new String[p];
        for (int j = 0; j < p; j++) {
            used[j] = featureCols.get(j);
            featureNames[j] = header[used[j]];
        }
        used[p] = targetCol;

        // Pass 2: values of the used columns.
        int cap = (int) Math.min(Math.max(rowsRead, 16), Integer.MAX_VALUE / Math.max(1, p) - 8);
        double[] x = new double[cap * p];
        double[] y = new double[cap];
        int rows = 0;
        long dropped = 0;
        double[] row = new double[p + 1];
        try (Reader in = InputFiles.reader(file, where, InputFiles.Kind.SCENARIO_DATA);
                CSVParser parser = format(file).parse(in)) {
            var it = parser.iterator();
            it.next(); // header
            while (it.hasNext()) {
                CSVRecord rec = it.next();
                if (rec.size() == 1 && rec.get(0).isBlank()) {
                    continue;
                }
                boolean ok = true;
                for (int k = 0; k <= p && ok; k++) {
                    String cell = rec.get(used[k]).trim();
                    if (isMissing(cell) || isInfinite(cell)) {
                        ok = false;
                    } else {
                        double v = Double.parseDouble(cell);
                        ok = Double.isFinite(v); // e.g. 1e999
                        row[k] = v;
                    }
                }
                if (!ok) {
                    dropped++;
                    continue;
                }
                if (rows == y.length) {
                    throw new InputException(where + ": the file changed while it was being read");
                }
                System.arraycopy(row, 0, x, rows * p, p);
                y[rows] = row[p];
                rows++;
            }
        } catch (IOException e) {
            throw TextFiles.readFailure(file, where, "CSV file", e);
        } catch (UncheckedIOException e) {
            throw TextFiles.readFailure(file, where, "CSV file", e.getCause());
        } catch (NumberFormatException e) {
            throw new InputException(where + ": the file changed while it was being read", e);
        }
        if (rows < p + 2) {
            throw new InputException(where + ": too few rows: " + rows + " usable row(s) (" + dropped
                    + " dropped for missing or non-finite values) for " + p + " feature(s); at least " + (p + 2)
                    + " are needed");
        }
        return new ScenarioData(featureNames, target, rows, x, y, ignored, rowsRead, dropped, sample, file, false,
                warnings);
    }

    /** The warning for a column ignored as non-numeric although nearly all its cells are numbers. */
    static String mostlyNumericWarning(String file, String column, ScenarioData.NonNumericCells cells) {
        return cells.describe(file, column) + ", so it is ignored as non-numeric; correct the value, or write NA for a"
                + " missing one, to use the column";
    }

    private static boolean isMissing(String cell) {
        return cell.length() <= 4 && MISSING.contains(cell.toLowerCase(Locale.ROOT));
    }

    private static boolean isInfinite(String cell) {
        return cell.length() <= 9 && INFINITE.contains(cell.toLowerCase(Locale.ROOT));
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

    private static CSVFormat format(Path file) {
        boolean tsv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv");
        return (tsv ? CSVFormat.TDF : CSVFormat.RFC4180).builder().setIgnoreSurroundingSpaces(false).build();
    }

    private static String[] headerOf(CSVRecord rec, String where) {
        String[] header = new String[rec.size()];
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < header.length; c++) {
            String name = rec.get(c).trim();
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

    private static void checkWidth(CSVRecord rec, String[] header, String where, long record) {
        if (rec.size() != header.length) {
            throw InputException.at(where, record, 0, "expected " + header.length + " fields as in the header, found "
                    + rec.size() + delimiterHint(header));
        }
    }
}
