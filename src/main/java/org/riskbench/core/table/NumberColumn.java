package org.riskbench.core.table;

import java.util.Arrays;

/**
 * A column of doubles that grows as rows are read without ever copying (a table of unknown length is never held
 * twice): blocks of 4,096, 32,768 and 262,144 values, then blocks of 524,288 (4 MB). Blocks from 2 MB on are what
 * G1 calls humongous objects, allocated straight into the old generation: a million-row column is not copied from
 * young to old by each collection during the read, as small blocks are; growing eightfold keeps the small ones
 * few (about 300 kB a column) while a small table still takes little.
 * Missing and non-number cells are NaN; infinity tokens are infinite. A column may also wrap an array of values
 * ({@link #of}), so engines hold tables they make themselves the same way as tables they read.
 */
public final class NumberColumn {
    /** The first row of each growing block, and where the fixed-size blocks start. */
    private static final int[] GROWING_STARTS = {0, 4096, 4096 + 32768};
    private static final int GROWING_BLOCKS = GROWING_STARTS.length;
    private static final int FIXED_SHIFT = 19;
    private static final int FIXED_SIZE = 1 << FIXED_SHIFT;
    private static final int FIXED_FROM = 4096 + 32768 + 262144;

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
        double[] block = new double[b < GROWING_BLOCKS ? blockStart(b + 1) - blockStart(b) : FIXED_SIZE];
        blocks[b] = block;
        return block;
    }

    /** The block holding {@code row}. */
    private static int block(int row) {
        if (row < FIXED_FROM) {
            return row < GROWING_STARTS[1] ? 0 : row < GROWING_STARTS[2] ? 1 : 2;
        }
        return GROWING_BLOCKS + ((row - FIXED_FROM) >>> FIXED_SHIFT);
    }

    /** The first row of block {@code b}. */
    private static int blockStart(int b) {
        return b < GROWING_BLOCKS ? GROWING_STARTS[b] : FIXED_FROM + ((b - GROWING_BLOCKS) << FIXED_SHIFT);
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
        int b = block(row);
        return blocks[b][row - blockStart(b)];
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

    /** The values as one array (a copy). */
    public double[] toArray() {
        double[] out = new double[size];
        copyTo(0, out, 0, size);
        return out;
    }
}
