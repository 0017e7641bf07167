package org.riskbench.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CsvParserTest {
    /** Every record as text: line, index, flags and fields (quoted ones marked), so two parses can be compared. */
    private static List<String> records(String text, char delimiter, int bufferChars) throws IOException {
        List<String> out = new ArrayList<>();
        CsvParser parser = new CsvParser(delimiter, 1 << 20, bufferChars);
        parser.parse(new StringReader(text), row -> {
            StringBuilder b = new StringBuilder();
            b.append(row.line()).append('#').append(row.index()).append(row.strayQuote() ? 'S' : '-')
                    .append(row.textAfterQuote() ? 'T' : '-').append(row.unterminated() ? 'U' : '-');
            for (int k = 0; k < row.size(); k++) {
                b.append('|').append(row.isQuoted(k) ? "q:" : "").append(row.get(k));
                assertThat(new String(row.buffer(), row.start(k), row.end(k) - row.start(k))).isEqualTo(row.get(k));
            }
            out.add(b.toString());
            return true;
        });
        out.add("lines " + parser.lines() + ", blank " + parser.blankLines());
        return out;
    }

    @Test
    void recordsHandedOverInPlaceAreTheRecordsTheStateMachineReads() throws IOException {
        // a read buffer of one char never holds a whole record, so that parse takes the general path only
        SplittableRandom rng = new SplittableRandom(5);
        String[] pieces = {"a", "12.5", " x ", "", "\"q,1\"", "\"a\"\"b\"", "\"multi\nline\"", "x\"y", "\"open"};
        String[] ends = {"\n", "\n", "\n", "\r\n", "\r", "\n\n"};
        for (int file = 0; file < 300; file++) {
            StringBuilder text = new StringBuilder();
            for (int r = rng.nextInt(1, 40); r > 0; r--) {
                int fields = rng.nextInt(1, 6);
                for (int f = 0; f < fields; f++) {
                    if (f > 0) {
                        text.append(',');
                    }
                    text.append(rng.nextInt(4) == 0 ? pieces[rng.nextInt(pieces.length)] : Integer.toString(rng.nextInt(1000)));
                }
                text.append(ends[rng.nextInt(ends.length)]);
            }
            if (rng.nextBoolean()) {
                text.append("last,row");
            }
            String csv = text.toString();
            List<String> general = records(csv, ',', 1);
            assertThat(records(csv, ',', 1 << 16)).as(csv).isEqualTo(general);
            assertThat(records(csv, ',', 1 + rng.nextInt(30))).as(csv).isEqualTo(general);
        }
    }

    @Test
    void aRecordLongerThanTheLimitIsRefusedAlsoWhenItLiesInTheBuffer() {
        CsvParser parser = new CsvParser(',', 10, 1 << 10);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(new StringReader("a,b\n0123456789,abc\n"),
                row -> true)).isInstanceOf(CsvParser.RecordTooLongException.class).hasMessageContaining("line 2");
    }
}
