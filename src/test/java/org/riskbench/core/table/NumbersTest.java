package org.riskbench.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumbersTest {
    /** parseDecimal must give exactly Double.parseDouble's double for every decimal, and NaN for anything else. */
    private static void agrees(String text) {
        char[] a = ("#" + text + "#").toCharArray();
        double got = Numbers.parseDecimal(a, 1, a.length - 1);
        if (Numbers.isDecimal(a, 1, a.length - 1)) {
            assertThat(Double.doubleToRawLongBits(got)).as(text)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        } else {
            assertThat(got).as(text).isNaN();
        }
    }

    @Test
    void parsesTheValuesOfExportsBitForBitAsParseDoubleDoes() {
        for (String s : new String[] {"0", "-0", "+0.0", "-0.000", "8.582796", "48.189841", "-2e3", "5.", ".5", "1e22",
            "1e23", "123456789012345", "1234567890123456", "0.1", "0.30000000000000004", "9007199254740993",
            "1e-22", "1.5e-23", "2.2250738585072014E-308", "4.9e-324", "1e400", "-1e-400", "1.7976931348623157e308",
            "000000000000000000001.25", "1.000000000000000000000", "12345678901234567890123", "3.14159e+0"}) {
            agrees(s);
        }
    }

    @Test
    void refusesWhatIsNotADecimalNumber() {
        for (String s : new String[] {"", "+", "-", ".", "-.", "e5", ".e5", "1e", "1e+", "1.2.3", "1,5", "NaN", "inf",
            "1x", " 1", "1 ", "--1", "0x10", "1d", "1f"}) {
            agrees(s);
            char[] a = s.toCharArray();
            assertThat(Numbers.parseDecimal(a, 0, a.length)).as(s).isNaN();
        }
    }

    @Test
    void agreesWithParseDoubleOnRandomNumbersAndNearMisses() {
        SplittableRandom rng = new SplittableRandom(17);
        String alphabet = "0123456789.eE+-";
        for (int k = 0; k < 200_000; k++) {
            String s;
            switch (k % 4) {
                case 0 -> s = Double.toString(Double.longBitsToDouble(rng.nextLong()));
                case 1 -> s = String.format(java.util.Locale.ROOT, "%." + rng.nextInt(12) + "f",
                        (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-8, 12)));
                case 2 -> s = (rng.nextBoolean() ? "-" : "") + rng.nextLong(0, 1L << 62) + "e" + rng.nextInt(-40, 40);
                default -> {
                    StringBuilder b = new StringBuilder();
                    for (int i = rng.nextInt(1, 12); i > 0; i--) {
                        b.append(alphabet.charAt(rng.nextInt(alphabet.length())));
                    }
                    s = b.toString();
                }
            }
            agrees(s);
        }
    }
}
