package org.riskbench.core.table;

/**
 * The missing-value tokens every table reader accepts: an empty cell, {@code NA}, {@code N/A}, {@code NaN},
 * {@code null}, {@code None} and {@code -}, in any case (pandas' defaults that real exports use, plus the dash of
 * spreadsheets). Decided on the characters, without allocating.
 */
public final class MissingValues {
    private MissingValues() {
    }

    /** True when {@code a[s..e)} (already trimmed) is a missing-value token. */
    public static boolean isMissing(char[] a, int s, int e) {
        int len = e - s;
        if (len == 0) {
            return true;
        }
        if (len > 4) {
            return false;
        }
        char c0 = lower(a[s]);
        switch (len) {
            case 1:
                return c0 == '-';
            case 2:
                return c0 == 'n' && lower(a[s + 1]) == 'a';
            case 3:
                return c0 == 'n' && ((a[s + 1] == '/' && lower(a[s + 2]) == 'a')
                        || (lower(a[s + 1]) == 'a' && lower(a[s + 2]) == 'n'));
            default:
                return (c0 == 'n' && lower(a[s + 1]) == 'u' && lower(a[s + 2]) == 'l' && lower(a[s + 3]) == 'l')
                        || (c0 == 'n' && lower(a[s + 1]) == 'o' && lower(a[s + 2]) == 'n' && lower(a[s + 3]) == 'e');
        }
    }

    /** The same for a String (trimmed by the caller). */
    public static boolean isMissing(String cell) {
        return cell.length() <= 4 && isMissing(cell.toCharArray(), 0, cell.length());
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
