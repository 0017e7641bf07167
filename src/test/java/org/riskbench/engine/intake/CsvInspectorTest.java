package org.riskbench.engine.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvInspectorTest {
    @TempDir
    Path dir;

    private Path file(String name, String text, Charset cs) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, text.getBytes(cs));
        return p;
    }

    private Path file(String name, String text) throws IOException {
        return file(name, text, StandardCharsets.UTF_8);
    }

    private static InspectionReport inspect(Path p) {
        return CsvInspector.inspect(p, IntakeOptions.defaults());
    }

    private static Path real(String name) {
        return Path.of("src/test/resources/upload", name);
    }

    private static String messages(InspectionReport r) {
        return String.join("\n", r.problems().stream().map(Problem::describe).toList());
    }

    @Test
    void refusesAnEmptyFile() throws IOException {
        InspectionReport r = inspect(file("e.csv", ""));
        assertThat(r.accepted()).isFalse();
        assertThat(r.refusal()).contains("empty");
    }

    @Test
    void refusesAFileOverTheSizeLimit() throws IOException {
        Path p = file("big.csv", "a,b\n1,2\n".repeat(1000));
        InspectionReport r = CsvInspector.inspect(p, IntakeOptions.defaults().withSizeLimitBytes(1000));
        assertThat(r.refusal()).contains("over the", "limit");
    }

    @Test
    void refusesBinaryContentAndNamesWorkbooks() throws IOException {
        Path bin = dir.resolve("x.csv");
        Files.write(bin, new byte[] {'a', ',', 'b', '\n', 0, 1, 2, 0, 5, 6});
        assertThat(inspect(bin).refusal()).contains("binary content", "NUL");
        Path zip = dir.resolve("y.csv");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 20, 0, 0});
        assertThat(inspect(zip).refusal()).contains("xlsx");
    }

    @Test
    void detectsUtf8WithAndWithoutBomAndUtf16() throws IOException {
        assertThat(inspect(file("a.csv", "name,n\nJosé,1\n")).encoding()).isEqualTo("UTF-8");
        InspectionReport bom = inspect(file("b.csv", "\uFEFFname,n\nJosé,1\n"));
        assertThat(bom.encoding()).isEqualTo("UTF-8 (BOM)");
        assertThat(bom.header()).containsExactly("name", "n");
        InspectionReport le = inspect(file("c.csv", "\uFEFFname;n\nJosé;1\n", StandardCharsets.UTF_16LE));
        assertThat(le.encoding()).isEqualTo("UTF-16LE (BOM)");
        assertThat(le.delimiter()).isEqualTo(";");
        assertThat(le.preview().get(0).values()).containsExactly("José", "1");
        InspectionReport be = inspect(file("d.csv", "\uFEFFname,n\nJosé,1\n", StandardCharsets.UTF_16BE));
        assertThat(be.encoding()).isEqualTo("UTF-16BE (BOM)");
    }

    @Test
    void fallsBackToWindows1252WithAWarning() throws IOException {
        InspectionReport r = inspect(file("w.csv", "nombre;monto\nPeña;1,5\n", Charset.forName("windows-1252")));
        assertThat(r.encoding()).isEqualTo("windows-1252");
        assertThat(r.preview().get(0).values()).containsExactly("Peña", "1,5");
        assertThat(messages(r)).contains("not valid UTF-8");
        assertThat(r.accepted()).isTrue();
    }

    @Test
    void sniffsEachDelimiter() throws IOException {
        assertThat(inspect(file("c.csv", "a,b,c\n1,2,3\n")).delimiter()).isEqualTo(",");
        assertThat(inspect(file("s.csv", "a;b;c\n1,5;2;3\n")).delimiter()).isEqualTo(";");
        assertThat(inspect(file("t.csv", "a\tb\n1\t2\n")).delimiter()).isEqualTo("\t");
        assertThat(inspect(file("p.csv", "a|b\n1|2\n")).delimiter()).isEqualTo("|");
    }

    @Test
    void readsQuotedDelimitersQuotesAndNewlinesAndCountsPhysicalLines() throws IOException {
        InspectionReport r = inspect(file("q.csv", "id,text\r\n1,\"a, b\"\r\n2,\"two\r\nlines\"\r\n3,\"say \"\"hi\"\"\"\r\n4,x,extra\r\n"));
        assertThat(r.lineEnding()).isEqualTo("CRLF");
        assertThat(r.preview().get(0).values()).containsExactly("1", "a, b");
        assertThat(r.preview().get(1).values()).containsExactly("2", "two\r\nlines");
        assertThat(r.preview().get(2).line()).isEqualTo(5);
        assertThat(r.preview().get(2).values()).containsExactly("3", "say \"hi\"");
        // the bad row is on physical line 6, after the two-line record
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
            assertThat(p.message()).contains("3 fields", "header has 2", "too many");
        });
        assertThat(r.badRows()).isEqualTo(1);
        assertThat(r.accepted()).isFalse(); // 1 of 4 rows is over 1%
        assertThat(r.refusal()).contains("1 of 4 data rows");
    }

    @Test
    void reportsRowsWithTooFewFieldsWithinTheThreshold() throws IOException {
        StringBuilder s = new StringBuilder("a,b,c\n");
        for (int i = 0; i < 300; i++) {
            s.append(i).append(",x,y\n");
        }
        s.append("1,2\n");
        InspectionReport r = inspect(file("few.csv", s.toString()));
        assertThat(r.accepted()).isTrue();
        assertThat(r.badRows()).isEqualTo(1);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p.describe()).contains("line 302", "too few"));
    }

    @Test
    void refusesBlankAndDuplicateHeaderNamesWithTheirColumns() throws IOException {
        InspectionReport r = inspect(file("h.csv", "id,,name,ID\n1,2,3,4\n"));
        assertThat(r.accepted()).isFalse();
        assertThat(messages(r)).contains("column 2: column 2 has no name", "column 4 (ID): the name 'ID' repeats column 1");
    }

    @Test
    void reportsAHeaderShorterThanTheRowsOnce() throws IOException {
        StringBuilder s = new StringBuilder("a,b\n");
        for (int i = 0; i < 20; i++) {
            s.append(i).append(",x,").append(i * 2).append('\n');
        }
        InspectionReport r = inspect(file("short.csv", s.toString()));
        assertThat(r.accepted()).isTrue();
        assertThat(r.header()).containsExactly("a", "b", "column_3");
        assertThat(r.column("column_3").type()).isEqualTo(ColumnType.INTEGER);
        assertThat(r.problems().stream().filter(p -> p.message().contains("one column more than the header")))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("20 rows", "line 2"));
    }

    @Test
    void treatsMissingTokensAsMissing() throws IOException {
        InspectionReport r = inspect(file("m.csv", "n\n1\nNA\nN/A\nnull\nNaN\n-\nNone\n\"\"\n2\n"));
        ColumnProfile c = r.columns().get(0);
        assertThat(c.type()).isEqualTo(ColumnType.INTEGER);
        assertThat(c.missing()).isEqualTo(7);
        assertThat(c.values()).isEqualTo(2);
    }

    @Test
    void keepsLeadingZeroCodesAsText() throws IOException {
        InspectionReport r = inspect(file("z.csv", "code\n007\n123\n010\n"));
        assertThat(r.columns().get(0).type()).isIn(ColumnType.CATEGORY, ColumnType.TEXT);
        assertThat(r.columns().get(0).note()).contains("leading zeros", "007");
    }

    @Test
    void detectsDecimalCommasWithSemicolons() throws IOException {
        InspectionReport r = inspect(file("dc.csv", "id;monto\n1;1.234,56\n2;12,5\n3;7\n"));
        ColumnProfile m = r.column("monto");
        assertThat(m.type()).isEqualTo(ColumnType.DECIMAL);
        assertThat(m.format()).isEqualTo("decimal_comma");
    }

    @Test
    void infersTypesOverAllRowsAndReportsMixedColumns() throws IOException {
        StringBuilder s = new StringBuilder("x,flag,d,dt,w\n");
        for (int i = 0; i < 1000; i++) {
            s.append(i).append(",true,2024-01-0").append(1 + i % 9).append(",2024-01-01T10:00:00,").append(i).append('\n');
        }
        s.append("1.5,false,2024-02-01,2024-01-01 11:00,abc\n");
        InspectionReport r = inspect(file("mix.csv", s.toString()));
        assertThat(r.column("x").type()).isEqualTo(ColumnType.DECIMAL);
        assertThat(r.column("x").note()).contains("1000 integers, then decimals from line 1002");
        assertThat(r.column("flag").type()).isEqualTo(ColumnType.BOOLEAN);
        assertThat(r.column("d").type()).isEqualTo(ColumnType.DATE);
        assertThat(r.column("dt").type()).isEqualTo(ColumnType.DATETIME);
        assertThat(r.column("w").type()).isEqualTo(ColumnType.TEXT);
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.line()).isEqualTo(1002);
            assertThat(p.message()).contains("1000 of 1001 values are numbers", "'abc' at line 1002");
        });
    }

    @Test
    void ordersDayAndMonthOnlyWhenUnambiguous() throws IOException {
        assertThat(inspect(file("dmy.csv", "d\n25/12/2024\n01/02/2024\n")).columns().get(0).format()).isEqualTo("dd/MM/yyyy");
        assertThat(inspect(file("mdy.csv", "d\n12/25/2024\n01/02/2024\n")).columns().get(0).format()).isEqualTo("MM/dd/yyyy");
        InspectionReport amb = inspect(file("amb.csv", "d\n01/02/2024\n03/04/2024\n"));
        assertThat(amb.columns().get(0).format()).isEqualTo("dd/MM/yyyy");
        assertThat(messages(amb)).contains("ambiguous");
    }

    @Test
    void refusesAnUnclosedQuote() throws IOException {
        InspectionReport r = inspect(file("u.csv", "a,b\n1,\"open\n2,3\n"));
        assertThat(r.accepted()).isFalse();
        assertThat(messages(r)).contains("line 2", "never closed");
    }

    @Test
    void checksTheTransactionsSchemaWithAliases() throws IOException {
        Path es = file("es.csv", "Cliente_ID;Monto;FECHA;Tipo Operación;sector_actividad\nC1;1,5;01/02/2024;x;comercio\n");
        InspectionReport ok = CsvInspector.inspect(es, IntakeOptions.transactions());
        assertThat(ok.accepted()).isTrue();
        assertThat(ok.schemaColumns()).containsEntry("customer_id", 0).containsEntry("operation_type", 3);
        InspectionReport missing = CsvInspector.inspect(file("m.csv", "customer_id,amount\nC1,2\n"), IntakeOptions.transactions());
        assertThat(missing.accepted()).isFalse();
        assertThat(messages(missing)).contains("date (or fecha", "operation_type (or tipo_operacion", "sector (or sector_actividad");
    }

    @Test
    void capsTheProblemListButCountsAll() throws IOException {
        StringBuilder s = new StringBuilder("a,b\n");
        for (int i = 0; i < 50; i++) {
            s.append("1\n");
        }
        InspectionReport r = CsvInspector.inspect(file("cap.csv", s.toString()), IntakeOptions.defaults().withMaxProblems(10));
        assertThat(r.problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR)).hasSize(10);
        assertThat(r.problemCount()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void previewHoldsTheFirstFiftyRows() throws IOException {
        InspectionReport r = inspect(file("p.csv", "a\n" + "x\n".repeat(80)));
        assertThat(r.preview()).hasSize(50);
        assertThat(r.preview().get(0).line()).isEqualTo(2);
    }

    // ---- real files ----

    @Test
    void challengeIsDecimalFromLine1002AndDatesAfterMissingValues() {
        InspectionReport r = inspect(real("challenge.csv"));
        assertThat(r.accepted()).isTrue();
        assertThat(r.column("x").type()).isEqualTo(ColumnType.DECIMAL);
        assertThat(r.column("x").note()).contains("1000 integers, then decimals from line 1002");
        assertThat(r.column("y").type()).isEqualTo(ColumnType.DATE);
        assertThat(r.column("y").missing()).isEqualTo(1000);
        assertThat(r.column("y").note()).contains("1000 missing values (NA) before the first value at line 1002");
    }

    @Test
    void unemploymentIsTabDelimitedWithLeadingDotDecimals() {
        InspectionReport r = inspect(real("unemployment.tsv"));
        assertThat(r.delimiter()).isEqualTo("\t");
        assertThat(r.dataRows()).isEqualTo(3218);
        assertThat(r.column("rate").type()).isEqualTo(ColumnType.DECIMAL);
        assertThat(r.column("id").type()).isEqualTo(ColumnType.INTEGER);
    }

    @Test
    void birdstrikesHasCrlfADollarHeaderAndNoneAsMissing() {
        InspectionReport r = inspect(real("birdstrikes.csv"));
        assertThat(r.lineEnding()).isEqualTo("CRLF");
        assertThat(r.header()).contains("Cost Total $").hasSize(14);
        assertThat(r.dataRows()).isEqualTo(499);
        assertThat(r.column("Effect Amount of damage").missing()).isEqualTo(442);
        assertThat(r.column("Flight Date").type()).isEqualTo(ColumnType.DATE);
        assertThat(r.badRows()).isZero();
    }

    @Test
    void penguinsHasQuotedCommasAndNa() {
        InspectionReport r = inspect(real("penguins_raw.csv"));
        assertThat(r.accepted()).isTrue();
        assertThat(r.dataRows()).isEqualTo(344);
        assertThat(r.column("Stage").samples()).contains("Adult, 1 Egg Stage");
        assertThat(r.column("Body Mass (g)").type()).isEqualTo(ColumnType.INTEGER);
        assertThat(r.column("Body Mass (g)").missing()).isEqualTo(2);
        assertThat(r.column("Culmen Length (mm)").type()).isEqualTo(ColumnType.DECIMAL);
        assertThat(r.column("Clutch Completion").type()).isEqualTo(ColumnType.BOOLEAN);
        assertThat(r.column("Date Egg").type()).isEqualTo(ColumnType.DATE);
    }

    @Test
    void airportsKeepsCodesLike00MAsText() {
        InspectionReport r = inspect(real("airports.csv"));
        assertThat(r.column("iata").type()).isIn(ColumnType.TEXT, ColumnType.CATEGORY);
        assertThat(r.column("iata").samples()).contains("00M");
        assertThat(r.column("latitude").type()).isEqualTo(ColumnType.DECIMAL);
    }

    @Test
    void benchmarkReportsAThroughput() throws IOException {
        Path p = dir.resolve("bench.csv");
        SyntheticTransactions.write(p, 20_000, 1, SyntheticTransactions.Dialect.EN);
        assertThat(IntakeBenchmark.run(p)).isPositive();
        assertThat(List.of(inspect(p).accepted())).containsExactly(true);
    }
}
