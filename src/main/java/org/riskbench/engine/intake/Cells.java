package org.riskbench.engine.intake;

import org.riskbench.core.table.MissingValues;

/**
 * What one cell could be, decided in one pass over its characters without allocating. Each flag means
 * "this value is compatible with that type"; a column's type is the most specific one compatible with
 * all its non-missing values. An integer is compatible with both decimal forms; a date with datetime.
 */
final class Cells {
    static final int INT = 1;
    static final int DEC = 1 << 1;          // decimal with a dot: 1.5, .097, -2e-3
    static final int DECC = 1 << 2;         // decimal with a comma, optional dot grouping: 1,5  1.234,56
    static final int BOOL = 1 << 3;
    static final int DATE_ISO = 1 << 4;     // yyyy-MM-dd (or yyyy/MM/dd)
    static final int DATE_DMY = 1 << 5;     // dd/MM/yyyy (or - or .)
    static final int DATE_MDY = 1 << 6;     // MM/dd/yyyy
    static final int DT_ISO = 1 << 7;       // ISO date, then T or space and a time; dates alone also fit
    static final int DT_DMY = 1 << 8;
    static final int DT_MDY = 1 << 9;
    static final int LEADING_ZERO = 1 << 10; // an integer like 007: a code, not a number
    static final int KINDS = 10;

    private Cells() {
    }

    /** True for the missing-value tokens shared by every table reader ({@link MissingValues}). */
    static boolean isMissing(char[] a, int s, int e) {
        return MissingValues.isMissing(a, s, e);
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Flags of the (already trimmed, non-missing) value a[s..e). */
    static int classify(char[] a, int s, int e) {
        char c = a[s];
        if (digit(c) || c == '-' || c == '+' || c == '.') {
            int f = number(a, s, e);
            if (f != 0) {
                return f;
            }
            if (digit(c)) {
                return dates(a, s, e);
            }
            return 0;
        }
        return bool(a, s, e) ? BOOL : 0;
    }

    private static int number(char[] a, int s, int e) {
        int i = s;
        if (a[i] == '-' || a[i] == '+') {
            i++;
        }
        int digitsStart = i;
        while (i < e && digit(a[i])) {
            i++;
        }
        int intDigits = i - digitsStart;
        if (i == e) {
            if (intDigits == 0) {
                return 0;
            }
            int f = INT | DEC | DECC;
            if (intDigits > 1 && a[digitsStart] == '0') {
                f |= LEADING_ZERO;
            }
            return f;
        }
        char c = a[i];
        if (c == '.') {
            // dot decimal, or dot thousands grouping of a comma decimal (1.234 or 1.234.567,89)
            int j = i + 1;
            int fracStart = j;
            while (j < e && digit(a[j])) {
                j++;
            }
            int frac = j - fracStart;
            if (j == e) {
                if (intDigits == 0 && frac == 0) {
                    return 0;
                }
                int f = frac > 0 || intDigits > 0 ? DEC : 0;
                if (intDigits >= 1 && intDigits <= 3 && frac == 3) {
                    f |= DECC;
                }
                return f;
            }
            if ((a[j] == 'e' || a[j] == 'E') && (intDigits > 0 || frac > 0)) {
                return exponent(a, j + 1, e) ? DEC : 0;
            }
            if (intDigits >= 1 && intDigits <= 3 && frac == 3 && (a[j] == '.' || a[j] == ',')) {
                return groupedComma(a, j, e) ? DECC : 0;
            }
            return 0;
        }
        if (c == ',' && intDigits > 0) {
            int j = i + 1;
            int fracStart = j;
            while (j < e && digit(a[j])) {
                j++;
            }
            return j == e && j > fracStart ? DECC : 0;
        }
        if ((c == 'e' || c == 'E') && intDigits > 0) {
            return exponent(a, i + 1, e) ? DEC : 0;
        }
        return 0;
    }

    /** The rest of a dot-grouped comma decimal from a '.' or ',' at {@code j}: (.ddd)* (,d+)? */
    private static boolean groupedComma(char[] a, int j, int e) {
        while (j < e && a[j] == '.') {
            int k = j + 1;
            int d = 0;
            while (k < e && digit(a[k])) {
                k++;
                d++;
            }
            if (d != 3) {
                return false;
            }
            j = k;
        }
        if (j == e) {
            return true;
        }
        if (a[j] != ',') {
            return false;
        }
        int k = j + 1;
        while (k < e && digit(a[k])) {
            k++;
        }
        return k == e && k > j + 1;
    }

    private static boolean exponent(char[] a, int i, int e) {
        if (i < e && (a[i] == '-' || a[i] == '+')) {
            i++;
        }
        int start = i;
        while (i < e && digit(a[i])) {
            i++;
        }
        return i == e && i > start;
    }

    private static boolean bool(char[] a, int s, int e) {
        int len = e - s;
        char c0 = lower(a[s]);
        switch (len) {
            case 2:
                return (c0 == 'n' && lower(a[s + 1]) == 'o') || (c0 == 's' && (lower(a[s + 1]) == 'i' || a[s + 1] == 'í' || a[s + 1] == 'Í'));
            case 3:
                return c0 == 'y' && lower(a[s + 1]) == 'e' && lower(a[s + 2]) == 's';
            case 4:
                return c0 == 't' && lower(a[s + 1]) == 'r' && lower(a[s + 2]) == 'u' && lower(a[s + 3]) == 'e';
            case 5:
                return c0 == 'f' && lower(a[s + 1]) == 'a' && lower(a[s + 2]) == 'l' && lower(a[s + 3]) == 's'
                        && lower(a[s + 4]) == 'e';
            default:
                return false;
        }
    }

    /** Parses up to {@code max} digits at i; returns value, or -1; the end goes to pos[0]. */
    private static int digits(char[] a, int i, int e, int min, int max, int[] pos) {
        int v = 0;
        int k = i;
        while (k < e && k - i < max && digit(a[k])) {
            v = v * 10 + (a[k] - '0');
            k++;
        }
        if (k - i < min) {
            return -1;
        }
        pos[0] = k;
        return v;
    }

    private static final ThreadLocal<int[]> POS = ThreadLocal.withInitial(() -> new int[1]);

    private static int dates(char[] a, int s, int e) {
        int[] pos = POS.get();
        int p1 = digits(a, s, e, 1, 4, pos);
        int i = pos[0];
        if (p1 < 0 || i >= e) {
            return 0;
        }
        char sep = a[i];
        if (sep != '-' && sep != '/' && sep != '.') {
            return 0;
        }
        boolean isoFirst = i - s == 4;
        int p2 = digits(a, i + 1, e, 1, 2, pos);
        i = pos[0];
        if (p2 < 0 || i >= e || a[i] != sep) {
            return 0;
        }
        int p3 = digits(a, i + 1, e, isoFirst ? 1 : 4, isoFirst ? 2 : 4, pos);
        int end = pos[0];
        if (p3 < 0) {
            return 0;
        }
        int dateFlags;
        int dtFlags;
        if (isoFirst) {
            if (sep == '.' || !validDate(p1, p2, p3)) {
                return 0;
            }
            dateFlags = DATE_ISO;
            dtFlags = DT_ISO;
        } else {
            if (end - (i + 1) != 4 || i - s > 5) {
                return 0;
            }
            dateFlags = 0;
            dtFlags = 0;
            if (validDate(p3, p2, p1)) {
                dateFlags |= DATE_DMY;
                dtFlags |= DT_DMY;
            }
            if (validDate(p3, p1, p2)) {
                dateFlags |= DATE_MDY;
                dtFlags |= DT_MDY;
            }
            if (dateFlags == 0) {
                return 0;
            }
        }
        if (end == e) {
            return dateFlags | dtFlags;
        }
        char t = a[end];
        if (t != 'T' && t != ' ') {
            return 0;
        }
        return time(a, end + 1, e) ? dtFlags : 0;
    }

    private static boolean time(char[] a, int i, int e) {
        int[] pos = POS.get();
        int h = digits(a, i, e, 1, 2, pos);
        i = pos[0];
        if (h < 0 || h > 23 || i >= e || a[i] != ':') {
            return false;
        }
        int m = digits(a, i + 1, e, 2, 2, pos);
        i = pos[0];
        if (m < 0 || m > 59) {
            return false;
        }
        if (i < e && a[i] == ':') {
            int sec = digits(a, i + 1, e, 2, 2, pos);
            i = pos[0];
            if (sec < 0 || sec > 60) {
                return false;
            }
            if (i < e && (a[i] == '.' || a[i] == ',')) {
                i++;
                int start = i;
                while (i < e && digit(a[i])) {
                    i++;
                }
                if (i == start) {
                    return false;
                }
            }
        }
        if (i == e) {
            return true;
        }
        if (a[i] == 'Z' && i + 1 == e) {
            return true;
        }
        if (a[i] == '+' || a[i] == '-') {
            int oh = digits(a, i + 1, e, 2, 2, pos);
            i = pos[0];
            if (oh < 0) {
                return false;
            }
            if (i < e && a[i] == ':') {
                i++;
            }
            int om = digits(a, i, e, 2, 2, pos);
            return om >= 0 && pos[0] == e;
        }
        return false;
    }

    static boolean validDate(int y, int m, int d) {
        if (y < 1000 || m < 1 || m > 12 || d < 1) {
            return false;
        }
        return d <= daysInMonth(y, m);
    }

    static int daysInMonth(int y, int m) {
        switch (m) {
            case 2:
                return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** FNV-1a over the chars, for counting distinct values without allocating. */
    static long hash(char[] a, int s, int e) {
        long h = 0xcbf29ce484222325L;
        for (int i = s; i < e; i++) {
            h ^= a[i];
            h *= 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }
}
