package org.riskbench.engine.tabular;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.riskbench.core.InputException;
import org.riskbench.core.table.ColumnKind;
import org.riskbench.core.table.ColumnTable;
import org.riskbench.core.table.TableReader;
import org.riskbench.core.table.TextColumn;

/**
 * A labelled or unlabelled table as the general trainer reads it, column-major: number columns as doubles (missing:
 * NaN), other columns as codes into a dictionary of their distinct values (missing: -1), so a million rows of a
 * category cost an int each, not a String. Read by the shared table reader ({@link TableReader}).
 */
public final class Frame {
    private final List<String> names;
    private final Map<String, double[]> numbers;
    private final Map<String, int[]> codes;
    private final Map<String, List<String>> dictionaries;
    private final int rows;

    Frame(List<String> names, Map<String, double[]> numbers, Map<String, int[]> codes, Map<String, List<String>> dictionaries, int rows) {
        this.names = List.copyOf(names);
        this.numbers = numbers;
        this.codes = codes;
        this.dictionaries = dictionaries;
        this.rows = rows;
    }

    /**
     * Reads {@code file}; {@code kind} decides per header name how a column is kept (NUMBER, TEXT or SKIP).
     * {@code encoding}: the intake's name of the file's encoding (null: UTF-8).
     */
    public static Frame read(Path file, char delimiter, String encoding, Function<String, ColumnKind> kind) {
        ColumnTable t = TableReader.of(file, file.getFileName().toString()).delimiter(delimiter).charset(charset(file, encoding))
                .read(header -> {
                    ColumnKind[] k = new ColumnKind[header.length];
                    for (int j = 0; j < header.length; j++) {
                        k[j] = kind.apply(header[j].trim());
                    }
                    return k;
                });
        List<String> names = new ArrayList<>();
        Map<String, double[]> numbers = new HashMap<>();
        Map<String, int[]> codes = new HashMap<>();
        Map<String, List<String>> dictionaries = new HashMap<>();
        String[] header = t.header();
        for (int j = 0; j < header.length; j++) {
            String name = header[j].trim();
            ColumnKind k = t.kind(j);
            if (k == ColumnKind.SKIP) {
                continue;
            }
            if (names.contains(name)) {
                throw new InputException(file.getFileName() + ": the header names column '" + name + "' twice");
            }
            names.add(name);
            if (k == ColumnKind.NUMBER) {
                numbers.put(name, t.numbers(j).toArray());
            } else {
                TextColumn c = t.text(j);
                int[] code = new int[c.size()];
                for (int i = 0; i < code.length; i++) {
                    code[i] = c.code(i);
                }
                codes.put(name, code);
                dictionaries.put(name, c.dictionary());
            }
            t.release(j);
        }
        return new Frame(names, numbers, codes, dictionaries, t.rows());
    }

    static Charset charset(Path file, String encoding) {
        if (encoding == null || encoding.startsWith("UTF-8")) {
            return StandardCharsets.UTF_8;
        }
        if (encoding.equalsIgnoreCase("windows-1252")) {
            return Charset.forName("windows-1252");
        }
        throw new InputException(file.getFileName() + ": the file is " + encoding + "; save it as UTF-8 to train or score on it");
    }

    /** A frame of the given columns (tests and synthetic tables): {@code double[]} or {@code String[]} values. */
    public static Frame of(Map<String, ?> columns) {
        List<String> names = new ArrayList<>();
        Map<String, double[]> numbers = new HashMap<>();
        Map<String, int[]> codes = new HashMap<>();
        Map<String, List<String>> dictionaries = new HashMap<>();
        int n = -1;
        for (Map.Entry<String, ?> e : columns.entrySet()) {
            names.add(e.getKey());
            if (e.getValue() instanceof double[] d) {
                numbers.put(e.getKey(), d);
                n = d.length;
            } else {
                String[] s = (String[]) e.getValue();
                Map<String, Integer> index = new HashMap<>();
                List<String> dict = new ArrayList<>();
                int[] c = new int[s.length];
                for (int i = 0; i < s.length; i++) {
                    if (s[i] == null || s[i].isBlank()) {
                        c[i] = -1;
                        continue;
                    }
                    String v = s[i].trim();
                    c[i] = index.computeIfAbsent(v, x -> {
                        dict.add(x);
                        return dict.size() - 1;
                    });
                }
                codes.put(e.getKey(), c);
                dictionaries.put(e.getKey(), dict);
                n = s.length;
            }
        }
        return new Frame(names, numbers, codes, dictionaries, Math.max(n, 0));
    }

    public List<String> names() {
        return names;
    }

    public int rows() {
        return rows;
    }

    public boolean has(String name) {
        return names.contains(name);
    }

    public boolean isNumber(String name) {
        return numbers.containsKey(name);
    }

    /** A number column's values (NaN: missing). */
    public double[] numbers(String name) {
        return numbers.get(name);
    }

    /** A text column's codes (-1: missing). */
    public int[] codes(String name) {
        return codes.get(name);
    }

    public List<String> dictionary(String name) {
        return dictionaries.get(name);
    }

    /** The cell as text (numbers as Java prints them; "" when missing), for writing results. */
    public String text(String name, int row) {
        double[] d = numbers.get(name);
        if (d != null) {
            return number(new StringBuilder(), d[row]).toString();
        }
        int c = codes.get(name)[row];
        return c < 0 ? "" : dictionaries.get(name).get(c);
    }

    /**
     * Appends a number cell as {@link #text} gives it: nothing when missing, a whole number without a decimal point,
     * else the shortest decimal that reads back as the same double (Jackson's Schubfach writer: the same digits as
     * {@code Double.toString} of Java 19 and later, several times faster than Java 17's).
     */
    static StringBuilder number(StringBuilder b, double v) {
        if (Double.isNaN(v)) {
            return b;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return b.append((long) v);
        }
        return b.append(NumberOutput.toString(v, true));
    }

    /** The rows at {@code idx}, in that order. */
    public Frame select(int[] idx) {
        Map<String, double[]> n2 = new HashMap<>();
        Map<String, int[]> c2 = new HashMap<>();
        for (Map.Entry<String, double[]> e : numbers.entrySet()) {
            double[] v = e.getValue();
            double[] s = new double[idx.length];
            for (int i = 0; i < idx.length; i++) {
                s[i] = v[idx[i]];
            }
            n2.put(e.getKey(), s);
        }
        for (Map.Entry<String, int[]> e : codes.entrySet()) {
            int[] v = e.getValue();
            int[] s = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                s[i] = v[idx[i]];
            }
            c2.put(e.getKey(), s);
        }
        return new Frame(names, n2, c2, dictionaries, idx.length);
    }
}
