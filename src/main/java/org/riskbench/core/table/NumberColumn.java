package org.riskbench.core.table;

import java.util.Arrays;

/**
 * A column of doubles stored in blocks of 65,536 values, so it grows as rows are read without copying (a table of
 * unknown length is never held twice). Missing and non-number cells are NaN; infinity tokens are infinite.
 */
public final class NumberColumn {
    static final int SHIFT = 16;
    static final int BLOCK = 1 << SHIFT;
    static final int MASK = BLOCK - 1;

    private double[][] blocks = new double[16][];
    private int size;

    void add(double v) {
        int b = size >>> SHIFT;
        if (b == blocks.length) {
            blocks = Arrays.copyOf(blocks, b * 2);
        }
        double[] block = blocks[b];
        if (block == null) {
            block = new double[BLOCK];
            blocks[b] = block;
        }
        block[size & MASK] = v;
        size++;
    }

    public int size() {
        return size;
    }

    public double get(int row) {
        return blocks[row >>> SHIFT][row & MASK];
    }

    /** The values as one array (a copy). */
    public double[] toArray() {
        double[] out = new double[size];
        for (int start = 0; start < size; start += BLOCK) {
            System.arraycopy(blocks[start >>> SHIFT], 0, out, start, Math.min(BLOCK, size - start));
        }
        return out;
    }
}
