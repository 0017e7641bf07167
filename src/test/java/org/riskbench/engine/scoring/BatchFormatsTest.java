package org.riskbench.engine.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The batch path's number reading and writing are exact replacements of the general ones. */
class BatchFormatsTest {

    private static double read(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        double v = EnrichedBatch.fastDecimal(b, 0, b.length);
        if (!Double.isNaN(v)) {
            return v;
        }
        if (EnrichedBatch.isPlainNumber(b, 0, b.length)) {
            return com.fasterxml.jackson.core.io.NumberInput.parseDouble(s, true);
        }
        return Table.parse(s);
    }

    @Test
    void fastNumberReadingEqualsTheGeneralParse() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 300_000; i++) {
            double v = switch (i % 5) {
                case 0 -> r.nextDouble() * Math.pow(10, r.nextInt(-8, 12)); // full-precision doubles (Double.toString)
                case 1 -> Math.round(r.nextDouble() * 1e7) / 100.0;         // amounts with two decimals
                case 2 -> r.nextInt(-1000, 100_000);                        // counts, flags
                case 3 -> -r.nextDouble();
                default -> Double.longBitsToDouble(r.nextLong());           // any bit pattern
            };
            String s = Double.toString(v);
            String plain = s.endsWith(".0") ? s.substring(0, s.length() - 2) : s; // as the enricher writes integers
            for (String t : new String[] {s, plain}) {
                assertThat(Double.doubleToRawLongBits(read(t))).as(t).isEqualTo(Double.doubleToRawLongBits(Table.parse(t)));
            }
        }
        for (String t : new String[] {"", "-", ".", "5.", ".5", "-.5", "007", "-0", "0.000", "1e5", "1E-3", "NA", " 3", "3 ", "+3",
            "0x1p3", "Infinity", "-inf", "1d", "123456789012345678", "0.1234567890123456789012345", "1e", "e5", "--1", "1.2.3"}) {
            assertThat(Double.doubleToRawLongBits(read(t))).as("'%s'", t).isEqualTo(Double.doubleToRawLongBits(Table.parse(t)));
        }
    }

    @Test
    void fixedFourDecimalsEqualsStringFormat() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 300_000; i++) {
            double v = switch (i % 4) {
                case 0 -> r.nextDouble();
                case 1 -> Math.round(r.nextDouble() * 1e5) / 1e5;       // ties at the fifth decimal (0.12345)
                case 2 -> r.nextDouble() * Math.pow(10, r.nextInt(-6, 9));
                default -> Double.longBitsToDouble(r.nextLong());
            };
            assertThat(BatchResults.fixed4(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.4f", v));
        }
        for (double v : new double[] {0, -0.0, 0.00005, 0.00015, 0.99995, 1, 9999.99995, 1e4, Double.NaN,
            Double.POSITIVE_INFINITY, -1.5, Double.MIN_VALUE}) {
            assertThat(BatchResults.fixed4(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.4f", v));
        }
    }

    @Test
    void roundedTextEqualsDoubleToStringOfTheRoundedValue() {
        // every value the fast path can take (k / 10^6 for k below 10^7), and the ones around it
        for (long k = 0; k < 10_100_000; k++) {
            double v = k / 1e6;
            String expected = Double.toString(BatchResults.round(v));
            String got = BatchResults.rounded(v);
            if (!got.equals(expected)) {
                assertThat(got).as("k = %d", k).isEqualTo(expected);
            }
        }
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 500_000; i++) {
            double v = i % 2 == 0 ? r.nextDouble() * 12 : Double.longBitsToDouble(r.nextLong());
            assertThat(BatchResults.rounded(v)).as("%s", v).isEqualTo(Double.toString(BatchResults.round(v)));
        }
        for (double v : new double[] {-0.0, 0, 0.0009995, 0.0010004, 9.9999995, -1.5, Double.NaN, Double.POSITIVE_INFINITY, 1e300}) {
            assertThat(BatchResults.rounded(v)).as("%s", v).isEqualTo(Double.toString(BatchResults.round(v)));
        }
    }

    @Test
    void jsonStringsAndIntegersAreWrittenAsJacksonWritesThem() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String v : new String[] {"", "C00042", "quote\"d", "back\\slash", "tab\there", "line\nfeed", "\u0001ctl\u001f",
            "caf\u00e9 \u20ac \ud83d\ude00", "slash/ok", "\u2028sep"}) {
            byte[] utf8 = v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            org.riskbench.core.table.CsvWriter sink = org.riskbench.core.table.CsvWriter.of(out);
            BatchResults.jsonString(sink, utf8, 0, utf8.length);
            sink.flush();
            assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).as(v).isEqualTo(mapper.writeValueAsString(v));
        }
        for (long v : new long[] {0, 7, 10, 99, 1_000_000, -1, -42, Long.MAX_VALUE, Long.MIN_VALUE}) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            org.riskbench.core.table.CsvWriter sink = org.riskbench.core.table.CsvWriter.of(out);
            sink.integer(v);
            sink.flush();
            assertThat(out.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
    }
}
