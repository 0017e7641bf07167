package org.riskbench.core.table;

/**
 * What the cells of a {@link ColumnKind#NUMBER} column were: numbers (infinity tokens included), missing-value
 * tokens, and others, with the first other one and where it is ({@code line} is the physical line, the header's
 * being 1; null and 0 when every cell is a number or missing).
 */
public record CellCounts(long numbers, long missing, long others, long firstOtherLine, String firstOther) {
    /** True when no cell is anything but a number or missing. */
    public boolean numeric() {
        return others == 0;
    }
}
