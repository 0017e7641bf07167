package org.riskbench.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumberColumnTest {
    private static NumberColumn filled(int from, int n) {
        NumberColumn c = new NumberColumn();
        for (int i = 0; i < n; i++) {
            c.add(from + i);
        }
        return c;
    }

    @Test
    void valuesComeBackByRowAndInRangesAcrossBlocksAndParts() {
        int n = 1_000_000; // the growing blocks and two of the fixed ones
        NumberColumn whole = filled(0, n);
        NumberColumn joined = NumberColumn.concat(new NumberColumn[] {filled(0, 300_000), filled(300_000, 4_096),
            filled(304_096, n - 304_096)});
        NumberColumn wrapped = NumberColumn.of(whole.toArray(), n);
        NumberColumn told = new NumberColumn();
        told.expect(n); // sized blocks
        NumberColumn toldTooFew = new NumberColumn();
        toldTooFew.expect(600_000); // sized blocks, then growing ones again
        for (int i = 0; i < n; i++) {
            told.add(i);
            toldTooFew.add(i);
        }
        double[] expected = new double[n];
        Arrays.setAll(expected, i -> i);
        SplittableRandom rng = new SplittableRandom(3);
        for (NumberColumn c : new NumberColumn[] {whole, joined, wrapped, told, toldTooFew}) {
            assertThat(c.size()).isEqualTo(n);
            assertThat(c.toArray()).isEqualTo(expected);
            for (int row : new int[] {0, 4095, 4096, 36_863, 36_864, 299_007, 299_008, 823_295, 823_296, n - 1}) {
                assertThat(c.get(row)).isEqualTo(row);
            }
            for (int k = 0; k < 200; k++) {
                int from = rng.nextInt(n);
                int len = rng.nextInt(n - from + 1);
                double[] dst = new double[len + 2];
                c.copyTo(from, dst, 1, len);
                assertThat(Arrays.copyOfRange(dst, 1, len + 1)).isEqualTo(Arrays.copyOfRange(expected, from, from + len));
            }
            assertThatThrownBy(() -> c.copyTo(n - 1, new double[2], 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
