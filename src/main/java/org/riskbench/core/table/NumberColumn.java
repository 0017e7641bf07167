package org.riskbench.core.table;

import java.util.Arrays;

/**
 * A column of doubles that grows as rows are read without ever copying (a table of unknown length is never held
 * twice): blocks of 4,096 values doubling up to 524,288 (4 MB), then blocks of that size. Large blocks are what
 * G1 calls humongous objects, allocated straight into the old generation: a million-row column is not copied from
 * young to old by each collection during the read, as small blocks were (seconds of pauses on a loaded machine).
 * Missing and non-number cells are NaN; infinity tokens are infinite. A column may also wrap an array of values
 * ({@link #of}), so engines hold tables they make themselves the same way as tables they read.
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
    /** When this column wraps an array ({@link #of}): the array. */
    private double[] flat;

    /** The first {@code size} values of {@code values} as a column (not copied: the caller no longer changes them). */
    public static NumberColumn of(double[] values, int size) {
        if (size < 0 || size > values.length) {
            throw new IllegalArgumentException("size " + size + " outside the array of " + values.length);
        }
        NumberColumn column = new NumberColumn();
        column.flat = values;
        column.size = size;
        column.blocks = null;
        return column;
    }

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
        if (flat != null) {
            return flat[row];
        }
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

    /**
     * Copies rows {@code [from, from + len)} into {@code dst[at..at + len)}, block by block (engines read a table in
     * chunks of rows this way, without a second copy of the whole table).
     */
    public void copyTo(int from, double[] dst, int at, int len) {
        if (from < 0 || len < 0 || from + len > size) {
            throw new IndexOutOfBoundsException("rows " + from + " to " + (from + len) + " of " + size);
        }
        if (flat != null) {
            System.arraycopy(flat, from, dst, at, len);
            return;
        }
        if (parts != null) {
            int k = parts.length - 1;
            while (from < starts[k]) {
                k--;
            }
            while (len > 0) {
                int n = Math.min(len, parts[k].size - (from - starts[k]));
                parts[k].copyTo(from - starts[k], dst, at, n);
                from += n;
                at += n;
                len -= n;
                k++;
            }
            return;
        }
        while (len > 0) {
            int b = block(from);
            int offset = from - blockStart(b);
            double[] values = blocks[b];
            int n = Math.min(len, values.length - offset);
            System.arraycopy(values, offset, dst, at, n);
            from += n;
            at += n;
            len -= n;
        }
    }

    /** The first row of block {@code b}. */
    private static int blockStart(int b) {
        if (b < GROWING_BLOCKS) {
            return (1 << (FIRST_SHIFT + b)) - (1 << FIRST_SHIFT);
        }
        return GROWING_END - (1 << FIRST_SHIFT) + (b - GROWING_BLOCKS) * GROWING_END;
    }

    /** The values as one array (a copy). */
    public double[] toArray() {
        double[] out = new double[size];
        copyTo(0, out, 0, size);
        return out;
    }
}
