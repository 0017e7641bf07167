package org.riskbench.core;

/** Cutting what users supplied (names, ids, header names, cell values) to a length a message can carry. */
public final class Texts {
    /** The length a value echoed in a message is cut to. */
    public static final int VALUE_LENGTH = 120;
    /** The length of a whole message line past which it is cut (a safety net under the per-value cut). */
    public static final int LINE_LENGTH = 2_000;

    private Texts() {
    }

    /** {@code value} cut to {@link #VALUE_LENGTH} characters. */
    public static String abbreviate(String value) {
        return abbreviate(value, VALUE_LENGTH);
    }

    /**
     * {@code value} if it has at most {@code max} characters, else its first characters, an ellipsis and its original
     * length ({@code "aaaa… (5,000 characters)"}), so the reader sees it was cut and by how much.
     */
    public static String abbreviate(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Math.max(1, max);
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--; // never split a character in two
        }
        return value.substring(0, end) + String.format(java.util.Locale.ROOT, "… (%,d characters)", value.length());
    }
}
