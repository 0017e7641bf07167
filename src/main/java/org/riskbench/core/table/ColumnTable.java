package org.riskbench.core.table;

import java.util.List;

/**
 * A CSV table read by {@link TableReader}: the header, and each column as the caller asked
 * ({@link ColumnKind}): numbers, text codes, or skipped. Rows are the data records in file order (blank lines are
 * not rows).
 */
public final class ColumnTable {
    private final String[] header;
    private final ColumnKind[] kinds;
    private final NumberColumn[] numbers;
    private final TextColumn[] texts;
    private final CellCounts[] counts;
    private final int rows;
    private final List<String[]> sample;

    ColumnTable(String[] header, ColumnKind[] kinds, NumberColumn[] numbers, TextColumn[] texts, CellCounts[] counts,
            int rows, List<String[]> sample) {
        this.header = header;
        this.kinds = kinds;
        this.numbers = numbers;
        this.texts = texts;
        this.counts = counts;
        this.rows = rows;
        this.sample = List.copyOf(sample);
    }

    /** The header's names as in the file (a byte order mark removed, not trimmed). */
    public String[] header() {
        return header.clone();
    }

    public int columns() {
        return header.length;
    }

    public int rows() {
        return rows;
    }

    public ColumnKind kind(int column) {
        return kinds[column];
    }

    /** A {@link ColumnKind#NUMBER} column. */
    public NumberColumn numbers(int column) {
        if (numbers[column] == null) {
            throw new IllegalArgumentException("column " + (column + 1) + " was not read as numbers");
        }
        return numbers[column];
    }

    /** A {@link ColumnKind#TEXT} column. */
    public TextColumn text(int column) {
        if (texts[column] == null) {
            throw new IllegalArgumentException("column " + (column + 1) + " was not read as text");
        }
        return texts[column];
    }

    /** The cell counts of a {@link ColumnKind#NUMBER} column. */
    public CellCounts counts(int column) {
        if (counts[column] == null) {
            throw new IllegalArgumentException("column " + (column + 1) + " was not read as numbers");
        }
        return counts[column];
    }

    /** The first rows as read: every field as in the file, untrimmed. */
    public List<String[]> sample() {
        return sample;
    }

    /** Lets go of a column's values once the caller has copied what it needs (a large table is not held twice). */
    public void release(int column) {
        numbers[column] = null;
        texts[column] = null;
    }
}
