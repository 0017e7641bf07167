package org.riskbench.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordCutsTest {
    @TempDir
    Path dir;

    /** Every record as its physical line and fields, as one parse of bytes [from, to) sees them from {@code firstLine}. */
    private static List<String> records(Path file, long from, long to, long firstLine) throws IOException {
        List<String> out = new ArrayList<>();
        try (DecodingReader reader = new DecodingReader(file, StandardCharsets.UTF_8, from, to, 1 << 10)) {
            new CsvParser(',', 1 << 20, 1 << 10).parse(reader, row -> {
                out.add((row.line() + firstLine - 1) + ":" + String.join("|", row.toArray())
                        + (row.strayQuote() ? " stray" : "") + (row.textAfterQuote() ? " after" : ""));
                return true;
            });
        }
        return out;
    }

    /** Quoted fields with delimiters, doubled quotes and line breaks, stray quotes, CRLF, blank lines, UTF-8. */
    private static String awkward(int records, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] fields = {"plain", "", "\"a,b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "\"crlf\r\ninside\"", "5\" screen",
            "\"ab\"cd", "é漢字", "\"\"", "x\"\"y", "\"ends with cr\r\""};
        StringBuilder sb = new StringBuilder("h1,h2,h3\n");
        for (int i = 0; i < records; i++) {
            int n = 1 + r.nextInt(4);
            for (int k = 0; k < n; k++) {
                sb.append(k == 0 ? "" : ",").append(fields[r.nextInt(fields.length)]);
            }
            int end = r.nextInt(10);
            sb.append(end < 5 ? "\n" : end < 9 ? "\r\n" : "\n\n");
        }
        return sb.toString();
    }

    @Test
    void partsParsedApartGiveTheRecordsAndLinesOfOneParse() throws IOException {
        for (long seed = 1; seed <= 6; seed++) {
            Path file = dir.resolve("awkward" + seed + ".csv");
            Files.writeString(file, awkward(3_000, seed));
            long size = Files.size(file);
            List<String> whole = records(file, 0, Long.MAX_VALUE, 1);
            for (int parts : new int[] {1, 2, 3, 8, 64}) {
                RecordCuts cuts = RecordCuts.of(file, 0, ',', parts);
                assertThat(cuts.parts()).isBetween(1, parts);
                assertThat(cuts.offset(0)).isZero();
                assertThat(cuts.offset(cuts.parts())).isEqualTo(size);
                List<String> joined = new ArrayList<>();
                for (int k = 0; k < cuts.parts(); k++) {
                    assertThat(cuts.offset(k + 1)).isGreaterThan(cuts.offset(k));
                    joined.addAll(records(file, cuts.offset(k), cuts.offset(k + 1), cuts.line(k)));
                }
                assertThat(joined).as("seed %d, %d parts", seed, parts).isEqualTo(whole);
            }
        }
    }

    @Test
    void noCutInsideAnOpenQuoteNorWithoutLineFeeds() throws IOException {
        Path open = Files.writeString(dir.resolve("open.csv"), "h1,h2\n\"open quote, never closed\nstill,in it\nand\nmore\n");
        assertThat(RecordCuts.of(open, 0, ',', 4).parts()).isEqualTo(1);
        Path cr = Files.writeString(dir.resolve("cr.csv"), "h1,h2\ra,b\rc,d\r");
        RecordCuts cuts = RecordCuts.of(cr, 0, ',', 4);
        assertThat(cuts.parts()).isEqualTo(1);
        assertThat(cuts.offset(1)).isEqualTo(Files.size(cr));
    }
}
