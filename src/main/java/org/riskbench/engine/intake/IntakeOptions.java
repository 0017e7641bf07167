package org.riskbench.engine.intake;

/**
 * Settings of a validation. Immutable; validated at construction.
 *
 * @param sizeLimitBytes files larger than this are refused (default 500 MB); 0 or less: no limit
 * @param maxBadRatio    share of data rows that may be unreadable before the whole file is refused (default 0.01)
 * @param previewRows    rows kept as strings for the preview (default 50)
 * @param maxProblems    problems kept in the list (default 1000); all are counted
 * @param schema         the schema the header must match
 */
public record IntakeOptions(long sizeLimitBytes, double maxBadRatio, int previewRows, int maxProblems, Schema schema) {
    public static final long DEFAULT_SIZE_LIMIT = 500L * 1024 * 1024;
    public static final double DEFAULT_MAX_BAD_RATIO = 0.01;

    /** The schema a file is checked against. */
    public enum Schema { NONE, TRANSACTIONS }

    public IntakeOptions {
        if (!(maxBadRatio >= 0 && maxBadRatio <= 1)) {
            throw new IllegalArgumentException("max bad ratio must be between 0 and 1, got " + maxBadRatio);
        }
        if (previewRows < 0 || maxProblems < 1) {
            throw new IllegalArgumentException("preview rows must be >= 0 and max problems >= 1");
        }
        schema = schema == null ? Schema.NONE : schema;
    }

    public static IntakeOptions defaults() {
        return new IntakeOptions(DEFAULT_SIZE_LIMIT, DEFAULT_MAX_BAD_RATIO, 50, 1000, Schema.NONE);
    }

    public static IntakeOptions transactions() {
        return defaults().withSchema(Schema.TRANSACTIONS);
    }

    public IntakeOptions withSchema(Schema s) {
        return new IntakeOptions(sizeLimitBytes, maxBadRatio, previewRows, maxProblems, s);
    }

    public IntakeOptions withSizeLimitBytes(long bytes) {
        return new IntakeOptions(bytes, maxBadRatio, previewRows, maxProblems, schema);
    }

    public IntakeOptions withMaxBadRatio(double ratio) {
        return new IntakeOptions(sizeLimitBytes, ratio, previewRows, maxProblems, schema);
    }

    public IntakeOptions withMaxProblems(int max) {
        return new IntakeOptions(sizeLimitBytes, maxBadRatio, previewRows, max, schema);
    }
}
