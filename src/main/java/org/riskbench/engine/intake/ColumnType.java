package org.riskbench.engine.intake;

/** Inferred column types, from the most specific to the least. EMPTY: every value is missing. */
public enum ColumnType {
    EMPTY, INTEGER, DECIMAL, BOOLEAN, DATE, DATETIME, CATEGORY, TEXT;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
