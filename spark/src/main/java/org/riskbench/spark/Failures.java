package org.riskbench.spark;

import org.riskbench.core.InputException;

/** A failure as the one sentence a job's message shows: the innermost cause's own words, not Spark's wrapping. */
final class Failures {
    private static final int MAX = 400;

    private Failures() {
    }

    static String oneSentence(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof InputException)) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            message = root.getClass().getSimpleName();
        } else if (!(root instanceof InputException)) {
            message = root.getClass().getSimpleName() + ": " + message;
        }
        message = message.strip().lines().findFirst().orElse("").strip();
        return message.length() > MAX ? message.substring(0, MAX - 1) + "…" : message;
    }
}
