package org.riskbench.server;

/** A request the API refuses: the HTTP status, one sentence saying what is wrong, and the field it is about (or null). */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String field;
    private final transient Object details;

    ApiException(int status, String message, String field) {
        this(status, message, field, null);
    }

    /** {@code details}: more for the client to read, e.g. every problem of a refused upload. */
    ApiException(int status, String message, String field, Object details) {
        super(message);
        this.status = status;
        this.field = field;
        this.details = details;
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }

    Object details() {
        return details;
    }

    static ApiException badRequest(String message, String field) {
        return new ApiException(400, message, field);
    }

    static ApiException notFound(String message, String field) {
        return new ApiException(404, message, field);
    }
}
