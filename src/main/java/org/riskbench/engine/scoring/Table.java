package org.riskbench.engine.scoring;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.core.table.ColumnTable;
import org.riskbench.core.table.MissingValues;
import org.riskbench.core.table.Numbers;
import org.riskbench.core.table.TableReader;
import org.riskbench.core.table.TextColumn;

/**
 * A table of strings, column-major, as read by the shared table reader from a comma-separated file (the enriched table
 * the intake writes, or a benchmark dataset). Numbers are parsed on demand by {@link #numeric(String)};
 * missing-value tokens ({@link MissingValues}) read as NaN.
 */
public final class Table {
    private final List<String> names;
    private final Map<String, String[]> columns;
    private final int rows;

    public Table(List<String> names, Map<String, String[]> columns) {
        this.names = List.copyOf(names);
        this.columns = new LinkedHashMap<>(columns);
        int n = -1;
        for (String name : names) {
            String[] c = columns.get(name);
            if (c == null) {
                throw new IllegalArgumentException("column " + name + " has no values");
            }
            if (n >= 0 && c.length != n) {
                throw new IllegalArgumentException("column " + name + " has " + c.length + " values, expected " + n);
            }
            n = c.length;
        }
        this.rows = Math.max(0, n);
    }

    /** Reads a CSV file through the shared table reader ({@link TableReader}), every cell as written and trimmed. */
    public static Table read(Path file) {
        ColumnTable t = TableReader.of(file, file.getFileName().toString()).read(TableReader::allCells);
        List<String> names = List.of(t.header());
        Map<String, String[]> m = new LinkedHashMap<>();
        for (int j = 0; j < names.size(); j++) {
            TextColumn column = t.text(j);
            String[] cells = new String[t.rows()];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = column.get(i);
            }
            t.release(j);
            m.put(names.get(j), cells);
        }
        return new Table(names, m);
    }

    public List<String> names() {
        return names;
    }

    public int rows() {
        return rows;
    }

    public boolean has(String name) {
        return columns.containsKey(name);
    }

    public String[] column(String name) {
        String[] c = columns.get(name);
        if (c == null) {
            throw new InputException("the table has no column '" + name + "' (columns: " + names + ")");
        }
        return c;
    }

    /** The column parsed as numbers; missing or unreadable cells are NaN, infinities are kept. */
    public double[] numeric(String name) {
        String[] c = column(name);
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = parse(c[i]);
        }
        return out;
    }

    /** True when every non-missing cell of the column reads as a number. */
    public boolean isNumeric(String name) {
        for (String s : column(name)) {
            if (!isMissing(s) && Double.isNaN(parse(s))) {
                return false;
            }
        }
        return true;
    }

    /** The rows at the given indices, in that order. */
    public Table select(int[] idx) {
        Map<String, String[]> m = new LinkedHashMap<>();
        for (String n : names) {
            String[] c = columns.get(n);
            String[] s = new String[idx.length];
            for (int i = 0; i < idx.length; i++) {
                s[i] = c[idx[i]];
            }
            m.put(n, s);
        }
        return new Table(names, m);
    }

    /** A copy with one column added or replaced. */
    public Table with(String name, String[] values) {
        List<String> n = new ArrayList<>(names);
        if (!n.contains(name)) {
            n.add(name);
        }
        Map<String, String[]> m = new LinkedHashMap<>(columns);
        m.put(name, Arrays.copyOf(values, values.length));
        return new Table(n, m);
    }

    static boolean isMissing(String s) {
        return s == null || MissingValues.isMissing(s.strip());
    }

    static double parse(String s) {
        return Numbers.ofCell(s);
    }
}
