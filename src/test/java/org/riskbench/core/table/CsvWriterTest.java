package org.riskbench.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;

class CsvWriterTest {
    /** Characters where the quoting rules change their minds, plus ordinary and non-ASCII ones (a lone surrogate too). */
    private static final String ALPHABET = "ab1-.,\"\r\n #!\t$%'\u00e9\u20ac\ud83d\ude00x";

    /** As the artifact writers wrote with Commons CSV: a printer on a UTF-8 writer on the file's stream. */
    private static String commons(List<List<Object>> records, String separator) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator(separator).build());
        for (List<Object> r : records) {
            p.printRecord(r);
        }
        p.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String ours(List<List<Object>> records, String separator) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvWriter w = CsvWriter.of(out).recordSeparator(separator);
        for (List<Object> r : records) {
            w.record(r);
        }
        w.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String escaped(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    @Test
    void writesTheBytesCommonsCsvWroteForEveryArtifact() throws IOException {
        SplittableRandom random = new SplittableRandom(17);
        for (int round = 0; round < 3000; round++) {
            List<List<Object>> records = new ArrayList<>();
            int rows = 1 + random.nextInt(4);
            for (int r = 0; r < rows; r++) {
                List<Object> record = new ArrayList<>();
                int fields = 1 + random.nextInt(5);
                for (int f = 0; f < fields; f++) {
                    int kind = random.nextInt(10);
                    if (kind == 0) {
                        record.add(null);
                    } else if (kind == 1) {
                        record.add(random.nextDouble() * 200 - 100);
                    } else if (kind == 2) {
                        record.add(random.nextLong());
                    } else {
                        StringBuilder sb = new StringBuilder();
                        int length = random.nextInt(6);
                        for (int k = 0; k < length; k++) {
                            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                        }
                        record.add(sb.toString());
                    }
                }
                records.add(record);
            }
            String separator = round % 2 == 0 ? "\n" : "\r\n";
            assertThat(escaped(ours(records, separator))).as("records %s", escaped(records.toString()))
                    .isEqualTo(escaped(commons(records, separator)));
        }
    }

    @Test
    void quotesOnlyWhatAReaderNeedsWhenToldAndReadsBackWhatItWrote() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvWriter w = CsvWriter.of(out).quoting(CsvWriter.Quoting.NEEDED);
        w.record("", " lead", "#tag", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "trail ");
        byte[] utf8 = "caf\u00e9,\"x\"".getBytes(StandardCharsets.UTF_8);
        w.fieldBytes(utf8, 0, utf8.length).ascii(',').integer(-1234567890123L).ascii(',').integer(0)
                .ascii(',').formatted(8, (b, at) -> -1, () -> "fallback").endRecord();
        w.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                ", lead,#tag,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",trail \n"
                        + "\"caf\u00e9,\"\"x\"\"\",-1234567890123,0,fallback\n");
    }
}
