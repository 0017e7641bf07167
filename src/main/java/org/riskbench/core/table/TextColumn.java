package org.riskbench.core.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A column of text as one code per row into a dictionary of its distinct values; a missing cell is code -1. */
public final class TextColumn {
    private int[][] blocks = new int[16][];
    private int size;
    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> values = new ArrayList<>();

    void add(char[] a, int s, int e, boolean missing) {
        int code = -1;
        if (!missing) {
            String value = new String(a, s, e - s);
            Integer known = codes.get(value);
            if (known == null) {
                known = values.size();
                codes.put(value, known);
                values.add(value);
            }
            code = known;
        }
        int b = size >>> NumberColumn.SHIFT;
        if (b == blocks.length) {
            blocks = Arrays.copyOf(blocks, b * 2);
        }
        if (blocks[b] == null) {
            blocks[b] = new int[NumberColumn.BLOCK];
        }
        blocks[b][size & NumberColumn.MASK] = code;
        size++;
    }

    public int size() {
        return size;
    }

    /** The row's code into {@link #dictionary()}, or -1 when the cell is missing. */
    public int code(int row) {
        return blocks[row >>> NumberColumn.SHIFT][row & NumberColumn.MASK];
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
