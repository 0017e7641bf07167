package org.riskbench.engine.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.InputException;
import org.riskbench.core.table.ColumnTable;
import org.riskbench.core.table.MissingValues;
import org.riskbench.core.table.Numbers;
import org.riskbench.core.table.TableReader;
import org.riskbench.engine.scenario.ScenarioData;
import org.riskbench.core.table.CsvWriter;

/** A small in-memory CSV table of text cells (the pipeline's tables are thousands of rows, not millions). */
public final class Table {
    private final List<String> header;
    private final List<String[]> rows;

    public Table(List<String> header, List<String[]> rows) {
        this.header = new ArrayList<>(header);
        this.rows = rows;
    }

    /** Reads a CSV file through the shared table reader ({@link TableReader}), every cell as written and trimmed. */
    public static Table read(Path file) {
        ColumnTable t = TableReader.of(file, file.toString()).read(TableReader::allCells);
        return new Table(List.of(t.header()), t.cellRows());
    }

    public void write(Path file) {
        AtomicFiles.write(file, out -> {
            CsvWriter p = CsvWriter.of(out);
            p.record(header);
            for (String[] r : rows) {
                p.record((Object[]) r);
            }
            p.flush();
        });
    }

    public List<String> header() {
        return header;
    }

    public List<String[]> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }

    public int index(String column) {
        return header.indexOf(column);
    }

    public int require(String column, String where) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new InputException(where + ": no column '" + column + "' (columns: "
                    + org.riskbench.core.Texts.abbreviate(String.join(", ", header), 4 * org.riskbench.core.Texts.VALUE_LENGTH) + ").");
        }
        return i;
    }

    public String[] column(int index) {
        String[] out = new String[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[index];
        }
        return out;
    }

    /** Adds a column at the end (values per row). */
    public void addColumn(String name, String[] values) {
        header.add(name);
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            String[] n = Arrays.copyOf(r, r.length + 1);
            n[r.length] = values[i];
            rows.set(i, n);
        }
    }

    /** A new table with only these columns, in this order. */
    public Table select(List<String> columns, String where) {
        int[] idx = columns.stream().mapToInt(c -> require(c, where)).toArray();
        List<String[]> out = new ArrayList<>(rows.size());
        for (String[] r : rows) {
            String[] n = new String[idx.length];
            for (int j = 0; j < idx.length; j++) {
                n[j] = r[idx[j]];
            }
            out.add(n);
        }
        return new Table(columns, out);
    }

    public Table withRows(List<String[]> newRows) {
        return new Table(header, newRows);
    }

    /** Missing: null or a missing-value token of every table ({@link MissingValues}). */
    public static boolean missing(String cell) {
        return cell == null || MissingValues.isMissing(cell.strip());
    }

    /** The number in a cell, or NaN when missing or not a number ({@link Numbers#ofCell}). */
    public static double number(String cell) {
        return Numbers.ofCell(cell);
    }

    /** True when every non-missing cell parses as a number (and at least one does). */
    public boolean numeric(int column) {
        boolean any = false;
        for (String[] r : rows) {
            if (missing(r[column])) {
                continue;
            }
            if (Double.isNaN(number(r[column]))) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /**
     * The non-missing cells of a column that are not all numbers, counted, with the first that is not; null when
     * the column is numeric or empty. Its line is the row's line in a file this table was read from or written to
     * (header line 1, no blank lines).
     */
    public ScenarioData.NonNumericCells nonNumericCells(int column) {
        long numbers = 0;
        long others = 0;
        int first = -1;
        for (int i = 0; i < rows.size(); i++) {
            String cell = rows.get(i)[column];
            if (missing(cell)) {
                continue;
            }
            if (!Double.isNaN(number(cell))) {
                numbers++;
            } else if (others++ == 0) {
                first = i;
            }
        }
        return others == 0 ? null : new ScenarioData.NonNumericCells(numbers, others, first + 2L, column + 1,
                rows.get(first)[column]);
    }

    /**
     * A warning when a column read as text is mostly numbers (almost certainly a typo; the rule is
     * {@link ScenarioData.NonNumericCells#mostlyNumeric}), naming {@code file}:line:column; {@code consequence} says
     * what the step does with it. Null when the column is numeric or really text.
     */
    public String mostlyNumericWarning(int column, Path file, String consequence) {
        ScenarioData.NonNumericCells cells = nonNumericCells(column);
        if (cells == null || !cells.mostlyNumeric()) {
            return null;
        }
        return cells.describe(file.toString(), header.get(column)) + ", so " + consequence
                + "; correct the value, or write NA for a missing one";
    }

    public double[] numbers(int column) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(rows.get(i)[column]);
        }
        return out;
    }

    /** Formats a double for a cell (no trailing ".0" noise, NaN as empty). */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
