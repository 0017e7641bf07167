package org.riskbench.engine.learning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Packing the slots changes where a walk reads its cuts, never which leaf it ends on. */
class HeapLayoutTest {

    /** A random full tree of the given depth over {@code features} features with cuts drawn from {@code cuts}. */
    private static int[][] tree(int depth, int features, double[] cuts, double[] cutOut, SplittableRandom r) {
        int nodes = (1 << (depth + 1)) - 1;
        int[] feature = new int[nodes];
        int[] left = new int[nodes];
        int[] right = new int[nodes];
        for (int k = 0; k < nodes; k++) {
            if (2 * k + 2 < nodes) {
                feature[k] = r.nextInt(features);
                cutOut[k] = cuts[r.nextInt(cuts.length)];
                left[k] = 2 * k + 1;
                right[k] = 2 * k + 2;
            } else {
                feature[k] = -1;
            }
        }
        return new int[][] {feature, left, right};
    }

    private static HeapLayout layout(int trees, int depth, int features, double[] cuts, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        HeapLayout layout = new HeapLayout(trees, depth);
        for (int t = 0; t < trees; t++) {
            double[] cut = new double[(1 << (depth + 1)) - 1];
            int[][] tr = tree(depth, features, cuts, cut, r);
            layout.lay(t, tr[0], cut, tr[1], tr[2], (node, d, first, count) -> { });
        }
        return layout;
    }

    private static double[][] rows(int n, int features, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][features];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < features; j++) {
                x[i][j] = switch (r.nextInt(12)) {
                    case 0 -> Double.NaN;
                    case 1 -> Math.round(r.nextGaussian()); // ties with the cuts below
                    default -> r.nextGaussian();
                };
            }
        }
        return x;
    }

    private static int[][] walks(HeapLayout layout, double[][] x) {
        int[][] out = new int[layout.trees + 1][];
        for (int t = 0; t < layout.trees; t++) {
            out[t] = new int[x.length];
            layout.leaves(t, x, 0, x.length, out[t]);
        }
        out[layout.trees] = new int[x.length * layout.trees];
        int[] one = new int[layout.trees];
        for (int i = 0; i < x.length; i++) {
            layout.leaves(x[i], one);
            System.arraycopy(one, 0, out[layout.trees], i * layout.trees, layout.trees);
        }
        return out;
    }

    @Test
    void binEdgeCutsPackAndEveryRowEndsOnTheSameLeaf() {
        double[] cuts = {-1.5, -1, -0.25, 0, 0.5, 1, 2.75};
        HeapLayout a = layout(11, 6, 9, cuts, 3);
        HeapLayout b = layout(11, 6, 9, cuts, 3);
        b.pack();
        assertThat(a.packed()).isFalse();
        assertThat(b.packed()).isTrue();
        double[][] x = rows(517, 9, 4);
        assertThat(walks(b, x)).isDeepEqualTo(walks(a, x));
    }

    @Test
    void manyDistinctCutsPerFeatureStayUnpackedAndWalkAlike() {
        SplittableRandom r = new SplittableRandom(5);
        double[] cuts = new double[HeapLayout.MAX_PACKED_CUTS * 4];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = r.nextGaussian();
        }
        HeapLayout a = layout(20, 7, 2, cuts, 6);
        HeapLayout b = layout(20, 7, 2, cuts, 6);
        b.pack();
        assertThat(b.packed()).isFalse();
        double[][] x = rows(300, 2, 7);
        assertThat(walks(b, x)).isDeepEqualTo(walks(a, x));
    }
}
