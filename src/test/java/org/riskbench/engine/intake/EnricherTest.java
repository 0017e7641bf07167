package org.riskbench.engine.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Progress;

class EnricherTest {
    @TempDir
    Path dir;

    private List<CSVRecord> enrich(String csv) throws IOException {
        Path in = dir.resolve("in.csv");
        Files.writeString(in, csv);
        InspectionReport report = CsvInspector.inspect(in, IntakeOptions.transactions());
        assertThat(report.accepted()).as(String.valueOf(report.refusal())).isTrue();
        Path out = dir.resolve("out.csv");
        Enricher.enrich(in, report, EnrichmentConfig.defaults(), out, Progress.NONE);
        try (Reader r = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().build().parse(r).getRecords();
        }
    }

    private static double d(CSVRecord r, String name) {
        return Double.parseDouble(r.get(name));
    }

    /** A hand-made history of one customer in comercio (threshold 10000), written out of date order. */
    @Test
    void computesFeaturesPerCustomerInDateOrder() throws IOException {
        List<CSVRecord> rows = enrich("customer_id,amount,date,operation_type,sector\n"
                + "A,9500,2024-03-08,deposito_efectivo,comercio\n"   // Friday
                + "A,100,2024-03-01,transferencia,comercio\n"
                + "A,200,2024-03-08,pago_tarjeta,comercio\n"
                + "B,50,2024-03-02,transferencia,comercio\n"
                + "A,10000,2024-03-31,deposito_efectivo,comercio\n"); // Sunday, month end
        assertThat(rows).hasSize(5);
        assertThat(Enricher.FEATURES).hasSizeGreaterThanOrEqualTo(20);
        CSVRecord first = rows.get(1); // A, 03-01: first in date order
        assertThat(d(first, "is_first_txn")).isEqualTo(1);
        assertThat(d(first, "days_since_prev")).isEqualTo(-1);
        assertThat(d(first, "cust_txn_index")).isEqualTo(1);
        CSVRecord big = rows.get(0); // A, 9500 on 03-08: second in order (file order within the day)
        assertThat(d(big, "cust_txn_index")).isEqualTo(2);
        assertThat(d(big, "days_since_prev")).isEqualTo(7);
        assertThat(d(big, "same_day_count")).isEqualTo(2);
        assertThat(d(big, "roll7_count")).isEqualTo(1);   // 03-01 is 7 days back: outside [d-6, d]
        assertThat(d(big, "roll30_count")).isEqualTo(2);
        assertThat(d(big, "roll30_sum")).isEqualTo(9600);
        assertThat(d(big, "just_below_threshold")).isEqualTo(1);
        assertThat(d(big, "threshold_ratio")).isCloseTo(0.95, within(1e-12));
        assertThat(d(big, "is_cash")).isEqualTo(1);
        assertThat(d(big, "cash_above_limit")).isZero();
        assertThat(d(big, "day_of_week")).isEqualTo(5);
        assertThat(d(big, "cust_txn_count")).isEqualTo(4);
        assertThat(d(big, "cust_amount_sum")).isEqualTo(19800);
        assertThat(d(big, "cust_amount_mean")).isEqualTo(4950);
        assertThat(d(big, "cust_amount_max")).isEqualTo(10000);
        double std = Math.sqrt(((100 - 4950.0) * (100 - 4950) + (9500 - 4950.0) * (9500 - 4950) + (200 - 4950.0) * (200 - 4950)
                + (10000 - 4950.0) * (10000 - 4950)) / 4);
        assertThat(d(big, "amount_zscore_customer")).isCloseTo((9500 - 4950) / std, within(1e-9));
        assertThat(d(big, "log_amount")).isCloseTo(Math.log1p(9500), within(1e-8)); // written to ten significant digits
        CSVRecord same = rows.get(2); // A, 200 on 03-08 after the 9500
        assertThat(d(same, "roll7_count")).isEqualTo(2);
        assertThat(d(same, "roll7_sum")).isEqualTo(9700);
        assertThat(d(same, "roll7_just_below_count")).isEqualTo(1);
        assertThat(d(same, "is_round_amount")).isEqualTo(1);
        CSVRecord end = rows.get(4);
        assertThat(d(end, "is_weekend")).isEqualTo(1);
        assertThat(d(end, "is_month_end")).isEqualTo(1);
        assertThat(d(end, "above_threshold")).isEqualTo(1);
        assertThat(d(end, "just_below_threshold")).isZero();
        assertThat(d(end, "cash_above_limit")).isEqualTo(1);
        assertThat(d(end, "days_since_prev")).isEqualTo(23);
        CSVRecord b = rows.get(3);
        assertThat(d(b, "cust_txn_count")).isEqualTo(1);
        assertThat(d(b, "amount_zscore_customer")).isZero();
        assertThat(b.get("line")).isEqualTo("5");
    }

    @Test
    void readsTheSpanishSampleWithAliasesDecimalCommasAndWindows1252() throws IOException {
        Path es = Path.of("../../sample-data/transactions/transacciones_es.csv");
        Path file = Files.exists(es) ? es : Path.of("sample-data/transactions/transacciones_es.csv");
        InspectionReport report = CsvInspector.inspect(file, IntakeOptions.transactions());
        assertThat(report.accepted()).isTrue();
        assertThat(report.encoding()).isEqualTo("windows-1252");
        Enricher.Result result = Enricher.enrich(file, report, EnrichmentConfig.defaults(), dir.resolve("o.csv"), Progress.NONE);
        assertThat(result.rowsEnriched()).isEqualTo(2000);
        assertThat(result.skippedCount()).isZero();
        assertThat(result.summary().labels()).containsKeys("limpio", "inusual", "preocupante");
        assertThat(result.summary().cashRows()).isPositive();
    }

    @Test
    void skipsAndListsRowsWhoseAmountOrDateCannotBeRead() throws IOException {
        Path in = dir.resolve("in.csv");
        StringBuilder s = new StringBuilder("customer_id,amount,date,operation_type,sector\n");
        for (int i = 0; i < 200; i++) {
            s.append("C").append(i % 7).append(",").append(10 + i).append(",2024-01-").append(10 + i % 9).append(",t,comercio\n");
        }
        s.append("C1,12,2024-02-30,t,comercio\n");
        Files.writeString(in, s.toString());
        InspectionReport report = CsvInspector.inspect(in, IntakeOptions.transactions().withMaxBadRatio(1));
        // 2024-02-30 is no date, so the column is text and the file is refused: every problem is visible before enrichment
        assertThat(report.accepted()).isFalse();
        assertThat(report.refusal()).contains("must hold dates");
    }

    @Test
    void syntheticDataIsSeededAndLabelled() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        SyntheticTransactions.write(a, 3000, 7, SyntheticTransactions.Dialect.EN);
        SyntheticTransactions.write(b, 3000, 7, SyntheticTransactions.Dialect.EN);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        List<String> lines = Files.readAllLines(a);
        assertThat(lines).hasSize(3001);
        assertThat(lines.get(0)).isEqualTo("customer_id,amount,date,operation_type,sector,cash,channel,label");
        String all = String.join("\n", lines);
        assertThat(all).contains(",limpio", ",relevante", ",inusual", ",preocupante");
    }

    @Test
    void writesTheSameBytesOnOneOrSeveralThreads() throws IOException {
        Path in = dir.resolve("many.csv");
        SyntheticTransactions.write(in, 40_000, 6, SyntheticTransactions.Dialect.EN); // three blocks, the last partial
        InspectionReport report = CsvInspector.inspect(in, IntakeOptions.transactions());
        Enricher.enrich(in, report, EnrichmentConfig.defaults(), dir.resolve("one.csv"), 1, Progress.NONE);
        Enricher.enrich(in, report, EnrichmentConfig.defaults(), dir.resolve("three.csv"), 3, Progress.NONE);
        assertThat(Files.readAllBytes(dir.resolve("three.csv"))).isEqualTo(Files.readAllBytes(dir.resolve("one.csv")));
    }

    /** Features by customer groups on a pool: the same bytes (and summary) for 1, 2 and 5 threads. */
    @Test
    void computesTheSameFeaturesOnOneOrSeveralThreads() throws IOException {
        Path in = dir.resolve("customers.csv");
        // 150k rows of about 2,000 customers in shuffled order (several feature tasks, customers spread over all),
        // with same-day repeats, decimal and whole amounts, and a few unreadable rows that are skipped
        StringBuilder s = new StringBuilder("customer_id,amount,date,operation_type,sector,cash,channel,label\n");
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        String[] ops = {"deposito_efectivo", "transferencia", "pago_tarjeta", "retiro_efectivo"};
        String[] sectors = {"comercio", "servicios", "\"inmo, biliario\""};
        for (int i = 0; i < 150_000; i++) {
            int c = r.nextInt(2_000);
            String amount = r.nextInt(4) == 0 ? String.valueOf(r.nextInt(12_000)) : String.format(java.util.Locale.ROOT, "%.2f", r.nextDouble() * 15_000);
            java.time.LocalDate day = java.time.LocalDate.of(2024, 1, 1).plusDays(r.nextInt(c % 3 == 0 ? 5 : 400));
            s.append(" C").append(c).append(',').append(i % 50_000 == 7 ? "n/a" : amount).append(',').append(day).append(',')
                    .append(ops[r.nextInt(ops.length)]).append(',').append(sectors[r.nextInt(sectors.length)]).append(',')
                    .append(r.nextInt(2)).append(",web,").append(r.nextInt(9) == 0 ? "inusual" : "limpio").append('\n');
        }
        Files.writeString(in, s.toString());
        InspectionReport report = CsvInspector.inspect(in, IntakeOptions.transactions());
        assertThat(report.accepted()).as(String.valueOf(report.refusal())).isTrue();
        Enricher.Result one = Enricher.enrich(in, report, EnrichmentConfig.defaults(), dir.resolve("t1.csv"), 1, Progress.NONE);
        assertThat(one.rowsEnriched()).isEqualTo(150_000 - 3);
        byte[] expected = Files.readAllBytes(dir.resolve("t1.csv"));
        for (int threads : new int[] {2, 5}) {
            Path out = dir.resolve("t" + threads + ".csv");
            Enricher.Result several = Enricher.enrich(in, report, EnrichmentConfig.defaults(), out, threads, Progress.NONE);
            assertThat(Files.readAllBytes(out)).as("%d threads", threads).isEqualTo(expected);
            assertThat(several.summary()).isEqualTo(one.summary());
            assertThat(several.skippedCount()).isEqualTo(one.skippedCount());
            assertThat(several.skipped()).isEqualTo(one.skipped()); // with their lines, read from parts side by side
        }
    }

    /** The fast text of 2- and 6-decimal values is Double.toString's, for every value it takes and around them. */
    @Test
    void shortDecimalTextEqualsDoubleToString() {
        long[] pows = {100, 1_000_000};
        int[] scales = {2, 6};
        for (int p = 0; p < 2; p++) {
            for (long k = 1; k < 10_000_000; k++) {
                double v = (double) k / pows[p];
                String text = Enricher.shortDecimal(v, scales[p], pows[p]);
                if (text != null && !text.equals(Double.toString(v))) {
                    assertThat(text).as("k = %d, scale %d", k, scales[p]).isEqualTo(Double.toString(v));
                }
            }
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < 300_000; i++) {
            double v = i % 3 == 0 ? Double.longBitsToDouble(r.nextLong()) : (i % 3 == 1 ? -1 : 1) * r.nextDouble() * 200_000;
            for (int p = 0; p < 2; p++) {
                String text = Enricher.shortDecimal(v, scales[p], pows[p]);
                if (text != null) {
                    assertThat(text).as("%s", v).isEqualTo(Double.toString(v));
                }
            }
        }
        assertThat(Enricher.shortDecimal(0.1 + 0.2, 2, 100)).isNull(); // 0.30000000000000004
        assertThat(Enricher.shortDecimal(-14.05, 2, 100)).isEqualTo("-14.05");
        assertThat(Enricher.shortDecimal(0.0005, 6, 1_000_000)).isNull(); // 5.0E-4
    }

    /** Features are written to ten significant digits: the nearest such decimal, plain, no trailing zeros. */
    @Test
    void featuresAreWrittenToTenSignificantDigits() {
        assertThat(Enricher.significant(10932.189999999997)).isEqualTo("10932.19");
        assertThat(Enricher.significant(0.014374000000000001)).isEqualTo("0.014374");
        assertThat(Enricher.significant(4.974939029437982)).isEqualTo("4.974939029");
        assertThat(Enricher.significant(-0.8409396468439053)).isEqualTo("-0.8409396468");
        assertThat(Enricher.significant(0.99999999999)).isEqualTo("1");
        assertThat(Enricher.significant(9.9999999996e9)).isEqualTo("10000000000");
        assertThat(Enricher.significant(123456789012.5)).isEqualTo("123456789000");
        assertThat(Enricher.significant(0.000012345678901)).isEqualTo("0.0000123456789");
        assertThat(Enricher.significant(0)).isEqualTo("0");
        assertThat(Enricher.significant(3e-7)).isEqualTo(Double.toString(3e-7));
        assertThat(Enricher.significant(Double.NaN)).isEqualTo("NaN");
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        java.math.MathContext ten = new java.math.MathContext(10, java.math.RoundingMode.HALF_EVEN);
        for (int i = 0; i < 300_000; i++) {
            double v = (r.nextBoolean() ? -1 : 1) * Math.pow(10, r.nextDouble() * 19.9 - 4.95);
            String text = Enricher.significant(v);
            assertThat(text).as("%s", v).matches("-?\\d+(\\.\\d*[1-9])?");
            java.math.BigDecimal exact = new java.math.BigDecimal(v);
            java.math.BigDecimal nearest = exact.round(ten);
            java.math.BigDecimal got = new java.math.BigDecimal(text);
            // the nearest ten-digit decimal, or its neighbour when v is within a rounding error of a tie
            java.math.BigDecimal unit = java.math.BigDecimal.ONE.scaleByPowerOfTen(nearest.precision() - nearest.scale() - 10);
            assertThat(got.subtract(nearest).abs()).as("%s -> %s", v, text).isLessThanOrEqualTo(unit);
            if (got.compareTo(nearest) != 0) {
                assertThat(exact.subtract(nearest).abs().subtract(unit.divide(java.math.BigDecimal.valueOf(2))).abs()
                        .compareTo(unit.scaleByPowerOfTen(-4))).as("%s -> %s (not a near tie)", v, text).isLessThanOrEqualTo(0);
            }
        }
    }
}
