package org.riskbench.jobs;

/** A task's way to fail its job with a message meant for the user (no stack trace in the error). */
public final class JobFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobFailedException(String message) {
        super(message);
    }
}
