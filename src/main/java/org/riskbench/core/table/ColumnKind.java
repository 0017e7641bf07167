package org.riskbench.core.table;

/** How {@link TableReader} keeps a column. */
public enum ColumnKind {
    /** Numbers into a {@link NumberColumn}; every cell is classified (number, missing, other) and counted. */
    NUMBER,
    /** Text into a {@link TextColumn}: one code per row into a dictionary of the distinct values. */
    TEXT,
    /**
     * Text as written (trimmed), missing-value tokens included, into a {@link TextColumn}: for tables a step writes
     * back out cell for cell, where {@code NA} must stay {@code NA}.
     */
    CELLS,
    /** Not kept (its width is still checked). */
    SKIP
}
