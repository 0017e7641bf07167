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
    private final long headerLine;
    private final long[] lines;

    ColumnTable(String[] header, ColumnKind[] kinds, NumberColumn[] numbers, TextColumn[] texts, CellCounts[] counts,
            int rows, List<String[]> sample, long headerLine, long[] lines) {
        this.headerLine = headerLine;
        this.lines = lines;
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

    /** A {@link ColumnKind#TEXT} or {@link ColumnKind#CELLS} column. */
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

    /** The physical line of the header (1 unless blank lines come first). */
    public long headerLine() {
        return headerLine;
    }

    /** The physical line where a row starts (the reader was told {@link TableReader#keepLines()}). */
    public long line(int row) {
        if (lines == null) {
            throw new IllegalStateException("the lines of the rows were not kept; read with keepLines()");
        }
        return lines[row];
    }

    /** The first rows as read: every field as in the file, untrimmed. */
    public List<String[]> sample() {
        return sample;
    }

    /** The rows as text cells, row by row, from {@link ColumnKind#CELLS} or TEXT columns (a missing TEXT cell is null). */
    public List<String[]> cellRows() {
        TextColumn[] columns = new TextColumn[header.length];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = text(c);
        }
        List<String[]> out = new java.util.ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            String[] row = new String[columns.length];
            for (int c = 0; c < row.length; c++) {
                row[c] = columns[c].get(r);
            }
            out.add(row);
        }
        return out;
    }

    /** Lets go of a column's values once the caller has copied what it needs (a large table is not held twice). */
    public void release(int column) {
        numbers[column] = null;
        texts[column] = null;
    }
}
