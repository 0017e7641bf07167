package org.riskbench.engine.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.riskbench.core.table.NumberColumn;

/**
 * The table a scenario run fits and stresses, column by column as the reader made it (no second copy of the table):
 * the fit and the scenarios' per-row scores read it in chunks of rows ({@link #features(int, int, double[][])}).
 */
public final class ScenarioData {

    /**
     * A column that is not used, with the reason (the {@code id} column, or non-numeric with an example);
     * {@code cells} counts a non-numeric column's cells (null for the other reasons).
     */
    public record IgnoredColumn(String name, String reason, NonNumericCells cells) {
        public IgnoredColumn(String name, String reason) {
            this(name, reason, null);
        }
    }

    /**
     * The non-missing cells of a column typed non-numeric: how many are numbers, how many are not, and where the
     * first that is not sits ({@code line} counts the header as 1, {@code column} from 1).
     */
    public record NonNumericCells(long numbers, long others, long line, int column, String value) {
        /**
         * A column of numbers with a few stray cells, almost certainly a typo: the numbers outnumber the rest, and at
         * most 10 % of the non-missing cells (or a single cell, so a small table counts too) are not numbers.
         */
        public boolean mostlyNumeric() {
            return others > 0 && numbers > others && (others == 1 || others * 10 <= numbers + others);
        }

        /**
         * Where and what the stray cells are, for a warning: {@code file:line:column: column "age" is numeric except
         * "abc" (1 of 441 values)}; the caller adds what it does with the column.
         */
        public String describe(String file, String columnName) {
            String shown = value.replaceAll("\\s+", " ");
            shown = shown.length() <= 40 ? shown : shown.substring(0, 37) + "...";
            return file + ":" + line + ":" + column + ": column \"" + columnName + "\" is numeric except \"" + shown + "\""
                    + (others > 1 ? " and " + (others - 1) + " more" : "") + " (" + others + " of " + (numbers + others)
                    + " values)";
        }
    }

    private final String[] featureNames;
    private final String targetName;
    private final int rows;
    /** The columns; null once {@link #releaseColumns released}. */
    private NumberColumn[] x;
    private NumberColumn y;
    private final List<IgnoredColumn> ignoredColumns;
    private final long rowsRead;
    private final long droppedRows;
    private final List<Map<String, String>> sample;
    private final Path source;
    private final boolean synthetic;
    private final List<String> warnings;

    ScenarioData(String[] featureNames, String targetName, int rows, double[] x, double[] y,
            List<IgnoredColumn> ignoredColumns, long rowsRead, long droppedRows, List<Map<String, String>> sample,
            Path source, boolean synthetic) {
        this(featureNames, targetName, rows, x, y, ignoredColumns, rowsRead, droppedRows, sample, source, synthetic,
                List.of());
    }

    /** A table held row-major ({@code x[row * features + j]}), as generated: copied into columns. */
    ScenarioData(String[] featureNames, String targetName, int rows, double[] x, double[] y,
            List<IgnoredColumn> ignoredColumns, long rowsRead, long droppedRows, List<Map<String, String>> sample,
            Path source, boolean synthetic, List<String> warnings) {
        this(featureNames, targetName, rows, columns(x, rows, featureNames.length), column(y, rows), ignoredColumns,
                rowsRead, droppedRows, sample, source, synthetic, warnings);
    }

    /** A table held as columns of {@code rows} values each (not copied). */
    ScenarioData(String[] featureNames, String targetName, int rows, NumberColumn[] x, NumberColumn y,
            List<IgnoredColumn> ignoredColumns, long rowsRead, long droppedRows, List<Map<String, String>> sample,
            Path source, boolean synthetic, List<String> warnings) {
        if (x.length != featureNames.length || y.size() != rows) {
            throw new IllegalArgumentException("columns do not match the features and rows");
        }
        for (NumberColumn column : x) {
            if (column.size() != rows) {
                throw new IllegalArgumentException("columns do not match the features and rows");
            }
        }
        this.featureNames = featureNames.clone();
        this.targetName = targetName;
        this.rows = rows;
        this.x = x.clone();
        this.y = y;
        this.ignoredColumns = List.copyOf(ignoredColumns);
        this.rowsRead = rowsRead;
        this.droppedRows = droppedRows;
        this.sample = List.copyOf(sample);
        this.source = source;
        this.synthetic = synthetic;
        this.warnings = List.copyOf(warnings);
    }

    public List<String> featureNames() {
        return List.of(featureNames);
    }

    public String targetName() {
        return targetName;
    }

    /** Rows kept (after dropping rows with missing or non-finite values). */
    public int rows() {
        return rows;
    }

    public int features() {
        return featureNames.length;
    }

    private static NumberColumn[] columns(double[] x, int rows, int p) {
        if (x.length < (long) rows * p) {
            throw new IllegalArgumentException("arrays shorter than rows x features");
        }
        NumberColumn[] columns = new NumberColumn[p];
        for (int j = 0; j < p; j++) {
            double[] c = new double[rows];
            for (int r = 0; r < rows; r++) {
                c[r] = x[r * p + j];
            }
            columns[j] = NumberColumn.of(c, rows);
        }
        return columns;
    }

    private static NumberColumn column(double[] y, int rows) {
        if (y.length < rows) {
            throw new IllegalArgumentException("arrays shorter than rows x features");
        }
        return NumberColumn.of(y, rows);
    }

    /** The same table read from {@code source} instead (the columns are shared, not copied). */
    ScenarioData withSource(Path source, boolean synthetic) {
        return new ScenarioData(featureNames, targetName, rows, x, y, ignoredColumns, rowsRead, droppedRows, sample,
                source, synthetic, warnings);
    }

    /**
     * Lets the columns go (the metadata stays): a run does so once the scenarios hold what they need of each row, so a
     * large table's memory is free for their own arrays. Reading a value afterwards is a programming error.
     */
    void releaseColumns() {
        x = null;
        y = null;
    }

    /** Throws when the columns were let go: reading them then is a programming error, not bad input. */
    private void requireColumns() {
        if (x == null) {
            throw new IllegalStateException("the columns of " + source + " were released once the scenarios' per-row"
                    + " figures were made");
        }
    }

    /** Feature value of a kept row. */
    public double x(int row, int feature) {
        requireColumns();
        return x[feature].get(row);
    }

    public double y(int row) {
        requireColumns();
        return y.get(row);
    }

    /** Copies feature {@code j} of rows {@code [from, from + len)} into {@code dst[0..len)}. */
    void feature(int j, int from, double[] dst, int len) {
        requireColumns();
        x[j].copyTo(from, dst, 0, len);
    }

    /** Copies every feature of rows {@code [from, from + len)}: {@code dst[j][0..len)} for feature j. */
    void features(int from, int len, double[][] dst) {
        requireColumns();
        for (int j = 0; j < x.length; j++) {
            x[j].copyTo(from, dst[j], 0, len);
        }
    }

    /** Copies the target of rows {@code [from, from + len)} into {@code dst[at..at + len)}. */
    void target(int from, double[] dst, int at, int len) {
        requireColumns();
        y.copyTo(from, dst, at, len);
    }

    /** The features row-major, {@code [row * features + j]} (a copy; for writing small tables and for tests). */
    double[] xArray() {
        requireColumns();
        int p = x.length;
        double[] out = new double[rows * p];
        for (int j = 0; j < p; j++) {
            for (int r = 0; r < rows; r++) {
                out[r * p + j] = x[j].get(r);
            }
        }
        return out;
    }

    /** The target as an array (a copy). */
    double[] yArray() {
        requireColumns();
        return y.toArray();
    }

    public List<IgnoredColumn> ignoredColumns() {
        return ignoredColumns;
    }

    /** Data rows in the file (header excluded). */
    public long rowsRead() {
        return rowsRead;
    }

    public long droppedRows() {
        return droppedRows;
    }

    /** The first rows as read (raw strings, by column name in file order). */
    public List<Map<String, String>> sample() {
        return sample;
    }

    /** The file read, or the synthetic file written; may be null for in-memory synthetic data. */
    public Path source() {
        return source;
    }

    public boolean synthetic() {
        return synthetic;
    }

    /** What the user should know about the table although it was accepted (e.g. a mostly numeric column ignored). */
    public List<String> warnings() {
        return warnings;
    }
}
