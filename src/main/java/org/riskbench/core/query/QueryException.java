package org.riskbench.core.query;

import org.riskbench.core.InputException;

/** A run query that does not parse: the message reads {@code query:1:COLUMN: what is wrong}. */
public final class QueryException extends InputException {
    private static final long serialVersionUID = 1L;
    private final int column;
    private final String token;
    private final String reason;

    QueryException(int column, String token, String reason) {
        super("query:1:" + column + ": " + reason);
        this.column = column;
        this.token = token;
        this.reason = reason;
    }

    /** 1-based column of the offending token. */
    public int column() {
        return column;
    }

    /** The offending token's text ("" at the end of the query). */
    public String token() {
        return token;
    }

    /** The message without the location prefix. */
    public String reason() {
        return reason;
    }
}
