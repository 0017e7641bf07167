package org.riskbench.core.table;

import java.util.Arrays;

/**
 * A column of doubles that grows as rows are read without ever copying (a table of unknown length is never held
 * twice): blocks of 4,096 values doubling up to 524,288 (4 MB), then blocks of that size. Large blocks are what
 * G1 calls humongous objects, allocated straight into the old generation: a million-row column is not copied from
 * young to old by each collection during the read, as small blocks were (seconds of pauses on a loaded machine).
 * Missing and non-number cells are NaN; infinity tokens are infinite.
 */
public final class NumberColumn {
    private static final int FIRST_SHIFT = 12;
    private static final int LAST_SHIFT = 19;
    /** Rows held by the growing blocks 0..LAST_SHIFT-FIRST_SHIFT-1 together, shifted by the first block's size. */
    private static final int GROWING_END = 1 << LAST_SHIFT;
    private static final int GROWING_BLOCKS = LAST_SHIFT - FIRST_SHIFT;

    private double[][] blocks = new double[16][];
    private int size;
    private double[] current;
    private int left;
    private int at;
    /** When this column joins the columns of parts read side by side: those, and the row each starts at. */
    private NumberColumn[] parts;
    private int[] starts;

    /** The columns of consecutive parts of a table as one column (no values copied). */
    static NumberColumn concat(NumberColumn[] columns) {
        if (columns.length == 1) {
            return columns[0];
        }
        NumberColumn joined = new NumberColumn();
        joined.parts = columns.clone();
        joined.starts = new int[columns.length];
        long total = 0;
        for (int k = 0; k < columns.length; k++) {
            joined.starts[k] = (int) total;
            total += columns[k].size;
        }
        joined.size = (int) total;
        return joined;
    }

    void add(double v) {
        if (left == 0) {
            current = newBlock();
            at = 0;
            left = current.length;
        }
        current[at++] = v;
        left--;
        size++;
    }

    private double[] newBlock() {
        int b = block(size);
        if (b == blocks.length) {
            blocks = Arrays.copyOf(blocks, b * 2);
        }
        double[] block = new double[b < GROWING_BLOCKS ? 1 << (FIRST_SHIFT + b) : GROWING_END];
        blocks[b] = block;
        return block;
    }

    /** The block holding {@code row}. */
    private static int block(int row) {
        long shifted = (long) row + (1 << FIRST_SHIFT);
        if (shifted < GROWING_END) {
            return 63 - Long.numberOfLeadingZeros(shifted) - FIRST_SHIFT;
        }
        return GROWING_BLOCKS + (int) ((shifted - GROWING_END) >>> LAST_SHIFT);
    }

    public int size() {
        return size;
    }

    public double get(int row) {
        if (parts != null) {
            int k = parts.length - 1;
            while (row < starts[k]) {
                k--;
            }
            return parts[k].get(row - starts[k]);
        }
        long shifted = (long) row + (1 << FIRST_SHIFT);
        if (shifted < GROWING_END) {
            int k = 63 - Long.numberOfLeadingZeros(shifted);
            return blocks[k - FIRST_SHIFT][(int) (shifted - (1L << k))];
        }
        long past = shifted - GROWING_END;
        return blocks[GROWING_BLOCKS + (int) (past >>> LAST_SHIFT)][(int) (past & (GROWING_END - 1))];
    }

    /** The values as one array (a copy). */
    public double[] toArray() {
        double[] out = new double[size];
        if (parts != null) {
            for (int k = 0; k < parts.length; k++) {
                System.arraycopy(parts[k].toArray(), 0, out, starts[k], parts[k].size);
            }
            return out;
        }
        int row = 0;
        for (int b = 0; row < size; b++) {
            int n = Math.min(blocks[b].length, size - row);
            System.arraycopy(blocks[b], 0, out, row, n);
            row += n;
        }
        return out;
    }
}
