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

    /** Exact powers of ten as doubles: 10^0 .. 10^22 are the ones a double holds exactly. */
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22};

    /**
     * The value of {@code a[s..e)} when it is a decimal number ({@link #isDecimal}), NaN when it is not: checks and
     * parses in one pass. Values of at most 15 significant digits and a decimal exponent within 22 (what data
     * exports hold) take Clinger's fast path: the digits as an exact integer times or divided by an exact power of
     * ten, one correctly rounded operation, so the same double as {@link Double#parseDouble}; others go to
     * FastDoubleParser.
     */
    public static double parseDecimal(char[] a, int s, int e) {
        int i = s;
        boolean negative = false;
        if (i < e && (a[i] == '+' || a[i] == '-')) {
            negative = a[i] == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0; // digits from the first non-zero one on
        int intStart = i;
        char c;
        while (i < e && (c = a[i]) >= '0' && c <= '9') {
            mantissa = mantissa * 10 + (c - '0');
            if (mantissa != 0) {
                significant++;
            }
            i++;
        }
        int intDigits = i - intStart;
        int fractionDigits = 0;
        if (i < e && a[i] == '.') {
            i++;
            int fracStart = i;
            while (i < e && (c = a[i]) >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa != 0) {
                    significant++;
                }
                i++;
            }
            fractionDigits = i - fracStart;
        }
        if (intDigits + fractionDigits == 0) {
            return Double.NaN; // no digit: "", "+", ".", "-.e5"
        }
        int exponent = 0;
        if (i < e && (a[i] == 'e' || a[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < e && (a[i] == '+' || a[i] == '-')) {
                negativeExponent = a[i] == '-';
                i++;
            }
            int expStart = i;
            while (i < e && (c = a[i]) >= '0' && c <= '9') {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (c - '0');
                }
                i++;
            }
            if (i == expStart) {
                return Double.NaN;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != e) {
            return Double.NaN;
        }
        int power = exponent - fractionDigits;
        if (significant <= 15 && power >= -22 && power <= 22) {
            double m = mantissa; // below 10^15 < 2^53: exact
            double v = power >= 0 ? m * POWERS_OF_TEN[power] : m / POWERS_OF_TEN[-power];
            return negative ? -v : v;
        }
        return parse(a, s, e);
    }

    /** The value of a decimal number ({@link #isDecimal} true), rounded as {@link Double#parseDouble} does. */
    public static double parse(char[] a, int s, int e) {
        return JavaDoubleParser.parseDouble(a, s, e - s);
    }

    /**
     * The value of a cell held as a String: a decimal number, an infinity token as an infinity, NaN when the cell is
     * null, a missing-value token ({@link MissingValues}) or not a number. Surrounding spaces are ignored. For tables
     * kept as text that parse cells on demand; a reader of numbers reads them with {@link ColumnKind#NUMBER}.
     */
    public static double ofCell(String cell) {
        if (cell == null) {
            return Double.NaN;
        }
        char[] a = cell.toCharArray();
        int s = 0;
        int e = a.length;
        while (s < e && a[s] <= ' ') {
            s++;
        }
        while (e > s && a[e - 1] <= ' ') {
            e--;
        }
        if (MissingValues.isMissing(a, s, e)) {
            return Double.NaN;
        }
        double v = parseDecimal(a, s, e);
        if (v == v) {
            return v;
        }
        int inf = infinity(a, s, e);
        return inf == 0 ? Double.NaN : inf > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
