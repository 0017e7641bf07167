package org.riskbench.engine.intake;

/**
 * One thing found in a file. {@code line} is the physical line (from 1; 0 = the whole file), {@code column}
 * the field number (from 1; 0 = the whole row), {@code columnName} the header name or null.
 */
public record Problem(Severity severity, long line, int column, String columnName, String message) {

    /** How bad: INFO and WARNING are notes; ERROR is a bad row (counted against the threshold); FATAL refuses the file. */
    public enum Severity { INFO, WARNING, ERROR, FATAL }

    /** A header name or a cell value quoted in the message is the user's: both are cut to a readable length. */
    public Problem {
        columnName = org.riskbench.core.Texts.abbreviate(columnName);
        message = org.riskbench.core.Texts.abbreviate(message, 4 * org.riskbench.core.Texts.VALUE_LENGTH);
    }

    /** {@code line 12, column 3 (amount): message}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (line > 0) {
            s.append("line ").append(line);
        }
        if (column > 0) {
            s.append(s.length() > 0 ? ", " : "").append("column ").append(column);
            if (columnName != null && !columnName.isEmpty()) {
                s.append(" (").append(columnName).append(')');
            }
        }
        return (s.length() > 0 ? s + ": " : "") + message;
    }
}
