package org.riskbench.core.table;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

/**
 * The number syntax of the table readers, decided on the characters without allocating: a decimal number
 * {@code [+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?} or an infinity token ({@code inf}, {@code infinity}, signed, any
 * case). Parsing goes through FastDoubleParser, which rounds exactly as {@link Double#parseDouble} does (so values
 * are bit for bit those of the readers it replaced) at a fraction of its cost and without a String per cell.
 */
public final class Numbers {
    private Numbers() {
    }

    /** True when {@code a[s..e)} is a decimal number (no surrounding spaces, no infinity, no NaN). */
    public static boolean isDecimal(char[] a, int s, int e) {
        int i = s;
        if (i < e && (a[i] == '+' || a[i] == '-')) {
            i++;
        }
        int digits = i;
        while (i < e && digit(a[i])) {
            i++;
        }
        if (i > digits) {
            if (i < e && a[i] == '.') {
                i++;
                while (i < e && digit(a[i])) {
                    i++;
                }
            }
        } else {
            if (i >= e || a[i] != '.') {
                return false;
            }
            i++;
            int fraction = i;
            while (i < e && digit(a[i])) {
                i++;
            }
            if (i == fraction) {
                return false;
            }
        }
        if (i < e && (a[i] == 'e' || a[i] == 'E')) {
            i++;
            if (i < e && (a[i] == '+' || a[i] == '-')) {
                i++;
            }
            int exponent = i;
            while (i < e && digit(a[i])) {
                i++;
            }
            if (i == exponent) {
                return false;
            }
        }
        return i == e;
    }

    /** +1 or -1 when {@code a[s..e)} is an infinity token ({@code inf}, {@code -Infinity}, ...), 0 otherwise. */
    public static int infinity(char[] a, int s, int e) {
        int sign = 1;
        int i = s;
        if (i < e && (a[i] == '+' || a[i] == '-')) {
            sign = a[i] == '-' ? -1 : 1;
            i++;
        }
        int len = e - i;
        if (len != 3 && len != 8) {
            return 0;
        }
        String word = "infinity";
        for (int k = 0; k < len; k++) {
            if (MissingValues.lower(a[i + k]) != word.charAt(k)) {
                return 0;
            }
        }
        return sign;
    }

    /** The value of a decimal number ({@link #isDecimal} true), rounded as {@link Double#parseDouble} does. */
    public static double parse(char[] a, int s, int e) {
        return JavaDoubleParser.parseDouble(a, s, e - s);
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
