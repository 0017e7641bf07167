package org.riskbench.core.table;

import java.util.Arrays;

/**
 * A column of doubles that grows as rows are read without ever copying (a table of unknown length is never held
 * twice), in blocks: 4,096 values, then blocks eight times larger up to 524,288 values (4 MB). A reader that can
 * tell how many rows are coming ({@link #expect}, from the bytes left and the length of the rows so far) gets blocks
 * of that total instead, so a large column wastes no more than a few percent. Blocks from 2 MB on are what G1 calls
 * humongous objects, allocated straight into the old generation: a million-row column is not copied from young to
 * old by each collection during the read, as small blocks are.
 * Missing and non-number cells are NaN; infinity tokens are infinite. A column may also wrap an array of values
 * ({@link #of}), so engines hold tables they make themselves the same way as tables they read.
 */
public final class NumberColumn {
    private static final int FIRST_SIZE = 4096;
    private static final int MAX_SIZE = 1 << 19;

    private double[][] blocks = new double[16][];
    /** The first row of each block. */
    private int[] blockStarts = new int[16];
    private int blockCount;
    /** Rows the reader expects in all (0: it cannot tell). */
    private int expected;
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

    /** The reader's estimate of the rows this column will hold in all; the next blocks are sized to it. */
    void expect(int rows) {
        this.expected = rows;
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
        int length;
        if (expected > size) {
            length = Math.max(FIRST_SIZE, Math.min(MAX_SIZE, expected - size));
        } else if (blockCount == 0) {
            length = FIRST_SIZE;
        } else {
            length = (int) Math.min(MAX_SIZE, 8L * blocks[blockCount - 1].length);
        }
        if (blockCount == blocks.length) {
            blocks = Arrays.copyOf(blocks, blockCount * 2);
            blockStarts = Arrays.copyOf(blockStarts, blockCount * 2);
        }
        double[] block = new double[length];
        blocks[blockCount] = block;
        blockStarts[blockCount] = size;
        blockCount++;
        return block;
    }

    /** The block holding {@code row} (a row below the size). */
    private int block(int row) {
        int lo = 0;
        int hi = blockCount - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (blockStarts[mid] <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
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
        return blocks[b][row - blockStarts[b]];
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
        int b = block(from);
        while (len > 0) {
            double[] values = blocks[b];
            int offset = from - blockStarts[b];
            int n = Math.min(len, values.length - offset);
            System.arraycopy(values, offset, dst, at, n);
            from += n;
            at += n;
            len -= n;
            b++;
        }
    }

    /** The values as one array (a copy). */
    public double[] toArray() {
        double[] out = new double[size];
        copyTo(0, out, 0, size);
        return out;
    }
}
