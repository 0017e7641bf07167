package org.riskbench.engine.scoring;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.riskbench.core.InputFiles;
import org.riskbench.core.InputException;

/**
 * A table of strings, column-major, as read from a clean comma-separated UTF-8 file (the enriched table
 * the intake writes, or a benchmark dataset). Numbers are parsed on demand by {@link #numeric(String)};
 * missing tokens (empty, NA, NaN, null) read as NaN.
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

    public static Table read(Path file) {
        try (Reader r = InputFiles.reader(file, file.getFileName().toString(), InputFiles.Kind.CSV);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            List<String> names = new ArrayList<>(p.getHeaderNames());
            List<List<String>> cols = new ArrayList<>();
            for (int j = 0; j < names.size(); j++) {
                cols.add(new ArrayList<>());
            }
            for (CSVRecord rec : p) {
                if (rec.size() != names.size()) {
                    throw InputException.at(file.getFileName().toString(), rec.getParser().getCurrentLineNumber(), 0,
                            "the row has " + rec.size() + " fields, the header has " + names.size());
                }
                for (int j = 0; j < names.size(); j++) {
                    cols.get(j).add(rec.get(j));
                }
            }
            Map<String, String[]> m = new LinkedHashMap<>();
            for (int j = 0; j < names.size(); j++) {
                m.put(names.get(j), cols.get(j).toArray(new String[0]));
            }
            return new Table(names, m);
        } catch (IOException e) {
            throw new InputException(file.getFileName() + ": cannot read: " + e.getMessage(), e);
        }
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
        if (s == null) {
            return true;
        }
        String t = s.trim();
        return t.isEmpty() || t.equalsIgnoreCase("NA") || t.equalsIgnoreCase("NaN") || t.equalsIgnoreCase("null")
                || t.equalsIgnoreCase("N/A") || t.equals("-") || t.equalsIgnoreCase("None");
    }

    static double parse(String s) {
        if (isMissing(s)) {
            return Double.NaN;
        }
        String t = s.trim();
        if (t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("+inf") || t.equalsIgnoreCase("infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        if (t.equalsIgnoreCase("-inf") || t.equalsIgnoreCase("-infinity")) {
            return Double.NEGATIVE_INFINITY;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
