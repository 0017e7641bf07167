package org.riskbench.core;

import java.util.Arrays;

/**
 * Line numbers of character offsets in a text, for messages that say {@code file:line}; {@code \n},
 * {@code \r\n} and {@code \r} end lines. CSV readers use it because a record number is not a line number
 * once blank lines are skipped or a quoted cell spans lines.
 */
public final class LineIndex {
    private final String text;
    private final int[] starts;

    private LineIndex(String text, int[] starts) {
        this.text = text;
        this.starts = starts;
    }

    public static LineIndex of(String text) {
        int[] starts = new int[64];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\n' || (ch == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        return new LineIndex(text, Arrays.copyOf(starts, n));
    }

    /** 1-based line of a character offset. */
    public long lineOf(long offset) {
        int idx = Arrays.binarySearch(starts, (int) offset);
        return idx >= 0 ? idx + 1 : -idx - 1;
    }

    /** 1-based line of a CSV record starting at {@code offset}: a record's position may point at the blank lines skipped before it. */
    public long lineOfRecord(long offset) {
        int pos = (int) offset;
        while (pos < text.length() && (text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) {
            pos++;
        }
        return lineOf(pos);
    }
}
