package org.riskbench.core.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A column of text as one code per row into a dictionary of its distinct values; a missing cell is code -1. */
public final class TextColumn {
    private static final int SHIFT = 16;
    private static final int BLOCK = 1 << SHIFT;
    private static final int MASK = BLOCK - 1;

    private int[][] blocks = new int[16][];
    private int size;
    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> values = new ArrayList<>();

    void add(char[] a, int s, int e, boolean missing) {
        addCode(missing ? -1 : codeOf(new String(a, s, e - s)));
    }

    private int codeOf(String value) {
        Integer known = codes.get(value);
        if (known == null) {
            known = values.size();
            codes.put(value, known);
            values.add(value);
        }
        return known;
    }

    /** The columns of consecutive parts of a table as one column, codes into one dictionary (in order of appearance). */
    static TextColumn concat(TextColumn[] columns) {
        if (columns.length == 1) {
            return columns[0];
        }
        TextColumn joined = new TextColumn();
        for (TextColumn part : columns) {
            int[] map = new int[part.values.size()];
            for (int i = 0; i < map.length; i++) {
                map[i] = joined.codeOf(part.values.get(i));
            }
            for (int row = 0; row < part.size; row++) {
                int code = part.code(row);
                joined.addCode(code < 0 ? -1 : map[code]);
            }
        }
        return joined;
    }

    private void addCode(int code) {
        int b = size >>> SHIFT;
        if (b == blocks.length) {
            blocks = Arrays.copyOf(blocks, b * 2);
        }
        if (blocks[b] == null) {
            blocks[b] = new int[BLOCK];
        }
        blocks[b][size & MASK] = code;
        size++;
    }

    public int size() {
        return size;
    }

    /** The row's code into {@link #dictionary()}, or -1 when the cell is missing. */
    public int code(int row) {
        return blocks[row >>> SHIFT][row & MASK];
    }

    /** The row's value, or null when missing. */
    public String get(int row) {
        int code = code(row);
        return code < 0 ? null : values.get(code);
    }

    /** The distinct values in order of first appearance. */
    public List<String> dictionary() {
        return List.copyOf(values);
    }
}
