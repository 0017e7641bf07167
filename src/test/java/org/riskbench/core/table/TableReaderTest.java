package org.riskbench.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;

class TableReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static ColumnKind[] all(String[] header, ColumnKind kind) {
        ColumnKind[] kinds = new ColumnKind[header.length];
        java.util.Arrays.fill(kinds, kind);
        return kinds;
    }

    @Test
    void keepsCellsAsWrittenAndTheLineOfEveryRowInOnePartOrMany() throws IOException {
        StringBuilder csv = new StringBuilder("\n id , note\n");
        for (int r = 0; r < 2000; r++) {
            csv.append(r).append(r % 7 == 0 ? ",NA\n" : r % 11 == 0 ? ",\"two\nlines\"\n" : ", x" + r + " \n");
        }
        Path file = write("c.csv", csv.toString());
        ColumnTable one = TableReader.of(file, "c.csv").keepLines().threads(1).read(TableReader::allCells);
        ColumnTable four = TableReader.of(file, "c.csv").keepLines().threads(4).parallelFromBytes(0)
                .read(TableReader::allCells);

        assertThat(one.headerLine()).isEqualTo(2);
        assertThat(one.cellRows().get(0)).containsExactly("0", "NA"); // a missing-value token kept as written
        assertThat(one.cellRows().get(1)).containsExactly("1", "x1"); // trimmed
        long line = 3;
        for (int r = 0; r < 2000; r++) {
            assertThat(one.line(r)).isEqualTo(line);
            assertThat(four.line(r)).isEqualTo(line);
            line += r % 7 != 0 && r % 11 == 0 ? 2 : 1;
        }
        assertThat(four.cellRows()).usingRecursiveFieldByFieldElementComparator().isEqualTo(one.cellRows());
    }

    @Test
    void readsNumbersMissingTokensInfinitiesAndOthersWithTheLineOfTheFirstOther() throws IOException {
        Path file = write("t.csv", "a,b\n 1.5 ,NA\n-2e3,n/a\n\n.5,-inf\nInfinity,x y\n7,None\n");

        ColumnTable t = TableReader.of(file, "t.csv").read(h -> all(h, ColumnKind.NUMBER));

        assertThat(t.rows()).isEqualTo(5);
        assertThat(t.numbers(0).toArray()).containsExactly(1.5, -2000, 0.5, Double.POSITIVE_INFINITY, 7);
        assertThat(t.counts(0)).isEqualTo(new CellCounts(5, 0, 0, 0, null));
        assertThat(t.numbers(1).get(3)).isNaN();
        assertThat(t.numbers(1).get(2)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(t.counts(1)).isEqualTo(new CellCounts(1, 3, 1, 6, "x y"));
        assertThat(t.counts(1).numeric()).isFalse();
    }

    @Test
    void parsesEveryDecimalExactlyAsDoubleParseDouble() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder csv = new StringBuilder("v\n");
        double[] expected = new double[5000];
        for (int i = 0; i < expected.length; i++) {
            String cell = switch (i % 4) {
                case 0 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(-30, 30)));
                case 1 -> String.format(java.util.Locale.ROOT, "%.6f", random.nextGaussian() * 100);
                case 2 -> Long.toString(random.nextLong());
                default -> "0." + Long.toString(Math.abs(random.nextLong())) + "E-" + random.nextInt(300);
            };
            expected[i] = Double.parseDouble(cell);
            csv.append(cell).append('\n');
        }
        ColumnTable t = TableReader.of(write("n.csv", csv.toString()), "n.csv").read(h -> all(h, ColumnKind.NUMBER));

        assertThat(t.numbers(0).toArray()).containsExactly(expected);
        assertThat(t.counts(0).others()).isZero();
    }

    @Test
    void aColumnKeepsEveryValueAcrossItsGrowingBlocks() {
        NumberColumn column = new NumberColumn();
        int n = 1_200_000; // past the growing blocks (524,288 - 4,096 rows) and into the fixed ones
        for (int i = 0; i < n; i++) {
            column.add(i * 0.5);
        }

        assertThat(column.size()).isEqualTo(n);
        for (int row : new int[] {0, 4095, 4096, 12287, 12288, 520_191, 520_192, 1_044_479, 1_044_480, n - 1}) {
            assertThat(column.get(row)).as("row %d", row).isEqualTo(row * 0.5);
        }
        double[] all = column.toArray();
        assertThat(all).hasSize(n);
        for (int i = 0; i < n; i++) {
            if (all[i] != i * 0.5) {
                throw new AssertionError("row " + i + " is " + all[i]);
            }
        }
    }

    @Test
    void aFileReadInPartsSideBySideIsTheSameTableWithTheSameLines() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder("x,label,y\n");
        for (int i = 0; i < 3000; i++) {
            csv.append(i % 97 == 0 ? "NA" : Double.toString(random.nextGaussian())).append(',');
            csv.append(i % 50 == 0 ? "\"two\nlines\"" : "k" + (i % 7)).append(',');
            csv.append(i == 2500 ? "oops" : Integer.toString(i)).append(i % 3 == 0 ? "\r\n" : "\n");
            if (i % 400 == 0) {
                csv.append('\n');
            }
        }
        Path file = write("p.csv", csv.toString());
        TableReader.Plan plan = h -> new ColumnKind[] {ColumnKind.NUMBER, ColumnKind.TEXT, ColumnKind.NUMBER};

        ColumnTable one = TableReader.of(file, "p.csv").threads(1).sampleRows(3).read(plan);
        ColumnTable four = TableReader.of(file, "p.csv").threads(4).parallelFromBytes(0).sampleRows(3).read(plan);

        assertThat(four.rows()).isEqualTo(one.rows()).isEqualTo(3000);
        assertThat(four.numbers(0).toArray()).containsExactly(one.numbers(0).toArray());
        assertThat(four.numbers(2).toArray()).containsExactly(one.numbers(2).toArray());
        for (int r = 0; r < 3000; r++) {
            assertThat(four.text(1).get(r)).isEqualTo(one.text(1).get(r));
        }
        assertThat(four.counts(2)).isEqualTo(one.counts(2));
        assertThat(four.counts(2).firstOther()).isEqualTo("oops");
        assertThat(four.counts(0)).isEqualTo(one.counts(0));
        assertThat(four.sample()).hasSize(3);

        Path bad = write("b.csv", csv.toString().replace("\n2999\n", "\n2999,extra\n").replace("k6,1203", "1203"));
        String expected = catchMessage(() -> TableReader.of(bad, "b.csv").threads(1).read(plan));
        assertThat(expected).contains("expected 3 fields as in the header, found 2");
        assertThat(catchMessage(() -> TableReader.of(bad, "b.csv").threads(4).parallelFromBytes(0).read(plan)))
                .isEqualTo(expected);
    }

    @Test
    void aNumberTableReadFromItsBytesInPartsIsTheTableOneThreadReadsWithTheSameLinesAndMessages() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder csv = new StringBuilder("\n\"a\", b ,c\n"); // a blank line and a quoted header come first
        for (int i = 0; i < 4000; i++) {
            String a = i % 97 == 0 ? "NA" : i % 89 == 0 ? " -inf " : Double.toString(random.nextGaussian());
            String b = i == 3100 ? "oops" : i == 3200 ? "caf\u00e9" : Long.toString(random.nextLong() % 100_000);
            csv.append(a).append(',').append(b).append(',').append(i % 5 == 0 ? "" : "1e" + (i % 40))
                    .append(i % 3 == 0 ? "\r\n" : "\n");
            if (i % 700 == 0) {
                csv.append(i % 1400 == 0 ? "\n" : "   \n");
            }
        }
        csv.append("7,8,9"); // the last line has no line break
        Path file = write("n.csv", csv.toString());
        TableReader.Plan plan = h -> all(h, ColumnKind.NUMBER);

        ColumnTable one = TableReader.of(file, "n.csv").keepLines().threads(1).sampleRows(2).read(plan);
        for (int threads : new int[] {2, 3, 4}) {
            ColumnTable parts = TableReader.of(file, "n.csv").keepLines().threads(threads).parallelFromBytes(0)
                    .sampleRows(2).read(plan);
            assertThat(parts.rows()).isEqualTo(one.rows()).isEqualTo(4001);
            for (int c = 0; c < 3; c++) {
                assertThat(parts.numbers(c).toArray()).containsExactly(one.numbers(c).toArray());
                assertThat(parts.counts(c)).isEqualTo(one.counts(c));
            }
            for (int r = 0; r < one.rows(); r++) {
                assertThat(parts.line(r)).as("row %d", r).isEqualTo(one.line(r));
            }
            assertThat(parts.sample()).usingRecursiveFieldByFieldElementComparator().isEqualTo(one.sample());
        }
        assertThat(one.counts(1).firstOther()).isEqualTo("oops");
        assertThat(one.counts(0).numbers()).isEqualTo(4001 - 42);

        // a quoted line break before a cut, and a refusal in a later part: the same table, the same message
        Path quoted = write("q.csv", csv.toString().replace("\nNA,", "\n\"1\n\",").replace("caf\u00e9", "\"2\""));
        ColumnTable oneQuoted = TableReader.of(quoted, "q.csv").keepLines().threads(1).read(plan);
        ColumnTable partsQuoted = TableReader.of(quoted, "q.csv").keepLines().threads(4).parallelFromBytes(0).read(plan);
        assertThat(partsQuoted.numbers(1).toArray()).containsExactly(oneQuoted.numbers(1).toArray());
        assertThat(partsQuoted.line(oneQuoted.rows() - 1)).isEqualTo(oneQuoted.line(oneQuoted.rows() - 1));
        Path bad = write("b.csv", csv.toString().replace("oops,", "oops,1,"));
        String expected = catchMessage(() -> TableReader.of(bad, "b.csv").threads(1).read(plan));
        assertThat(expected).startsWith("b.csv:").contains("expected 3 fields as in the header, found 4");
        assertThat(catchMessage(() -> TableReader.of(bad, "b.csv").threads(4).parallelFromBytes(0).read(plan)))
                .isEqualTo(expected);
    }

    private static String catchMessage(Runnable read) {
        try {
            read.run();
        } catch (InputException e) {
            return e.getMessage();
        }
        throw new AssertionError("no refusal");
    }

    @Test
    void theNumberSyntaxIsSignedDecimalsWithAnOptionalExponentNothingElse() {
        for (String yes : new String[] {"1", "+1", "-1.", ".5", "1.5e-3", "2E+10", "007"}) {
            assertThat(Numbers.isDecimal(yes.toCharArray(), 0, yes.length())).as(yes).isTrue();
        }
        for (String no : new String[] {"", ".", "-", "1e", "1.5.2", "0x10", "1d", "NaN", "Infinity", "1,5", "e5"}) {
            assertThat(Numbers.isDecimal(no.toCharArray(), 0, no.length())).as(no).isFalse();
        }
    }

    @Test
    void keepsTextAsDictionaryCodesAndSkipsWhatThePlanSkips() throws IOException {
        Path file = write("t.tsv", "\uFEFFid\tgrade\tx\n1\tA\t\"q\"\"uoted\"\n2\tB\t\n3\tA\t3\n");

        ColumnTable t = TableReader.of(file, "t.tsv").delimiter('\t').sampleRows(1)
                .read(h -> new ColumnKind[] {ColumnKind.SKIP, ColumnKind.TEXT, ColumnKind.TEXT});

        assertThat(t.header()).containsExactly("id", "grade", "x");
        assertThat(t.text(1).dictionary()).containsExactly("A", "B");
        assertThat(new int[] {t.text(1).code(0), t.text(1).code(1), t.text(1).code(2)}).containsExactly(0, 1, 0);
        assertThat(t.text(2).get(0)).isEqualTo("q\"uoted");
        assertThat(t.text(2).code(1)).isEqualTo(-1);
        assertThat(t.sample()).singleElement().satisfies(r -> assertThat(r).containsExactly("1", "A", "q\"uoted"));
        assertThatThrownBy(() -> t.numbers(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRowOfAnotherWidthIsRefusedAtItsPhysicalLine() throws IOException {
        Path file = write("w.csv", "a,b\n1,\"two\nlines\"\n3\n");

        assertThatThrownBy(() -> TableReader.of(file, "w.csv").widthHint(h -> "; check the delimiter")
                .read(h -> all(h, ColumnKind.NUMBER))).isInstanceOf(InputException.class)
                .hasMessage("w.csv:4:2: expected 2 fields as in the header, found 1; check the delimiter");
    }

    @Test
    void aQuoteLeftOpenOrTextAfterAClosingQuoteIsRefusedWithItsLine() throws IOException {
        Path open = write("o.csv", "a,b\n1,2\n3,\"4\n5,6\n");
        Path after = write("q.csv", "a,b\n1,\"2\"x\n");

        assertThatThrownBy(() -> TableReader.of(open, "o.csv").read(h -> all(h, ColumnKind.TEXT)))
                .isInstanceOf(InputException.class).hasMessageStartingWith("o.csv:3:2: a quoted field is never closed");
        assertThatThrownBy(() -> TableReader.of(after, "q.csv").read(h -> all(h, ColumnKind.TEXT)))
                .isInstanceOf(InputException.class).hasMessageStartingWith("q.csv:2: text after the closing quote");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAtTheirLineAndColumn() throws IOException {
        Path file = dir.resolve("l.csv");
        Files.write(file, new byte[] {'a', '\n', '1', '\n', 'x', (byte) 0xE9, '\n'});

        assertThatThrownBy(() -> TableReader.of(file, "l.csv").read(h -> all(h, ColumnKind.TEXT)))
                .isInstanceOf(InputException.class).hasMessageStartingWith("l.csv:3:2: not UTF-8 text (byte 0xE9");
    }

    @Test
    void anEmptyFileAndAMissingOneAreRefusedSaying() throws IOException {
        Path empty = write("e.csv", "\n\n");

        assertThatThrownBy(() -> TableReader.of(empty, "e.csv").read(h -> all(h, ColumnKind.TEXT)))
                .hasMessage("e.csv:1: the file is empty; expected a header row and data rows");
        assertThatThrownBy(() -> TableReader.of(dir.resolve("none.csv"), "none.csv").read(h -> all(h, ColumnKind.TEXT)))
                .isInstanceOf(InputException.class).hasMessage("none.csv: CSV file not found.");
    }
}
