package org.riskbench.engine.learning;

/**
 * Binary trees (node arrays: {@code feature[k] < 0} marks a leaf) laid out as complete trees of one height in heap
 * order: slot {@code h} has children {@code 2h} and {@code 2h + 1}, slot 0 is unused, and the {@code 2^height}
 * leaves of each tree follow. A leaf of the source tree above that height covers a run of heap leaves; the
 * internal slots below it keep feature 0 and cut 0, so either way through them ends on the same value. A row's
 * walk is then {@code height} compare-and-shift steps without a data-dependent branch. Shared by
 * the forest, the isolation forest and {@link Gbdt.Compiled}, which own the leaf values and the walks.
 */
public final class HeapLayout {
    /** Told each source leaf: its node, its depth, and the heap leaves {@code [first, first + count)} it covers. */
    @FunctionalInterface
    public interface Leaf {
        void cover(int node, int depth, int first, int count);
    }

    public final int height;
    /** Heap slots (and leaves) per tree: {@code 2^height}. */
    public final int width;
    /** Per tree, {@code width} internal slots: the split feature and cut value. */
    public final int[] feature;
    public final double[] cut;

    public HeapLayout(int trees, int height) {
        this.height = height;
        this.width = 1 << height;
        this.feature = new int[trees * width];
        this.cut = new double[trees * width];
    }

    /** Depth of the subtree at node {@code k} (0 for a leaf). */
    public static int depth(int[] feature, int[] left, int[] right, int k) {
        return feature[k] < 0 ? 0 : 1 + Math.max(depth(feature, left, right, left[k]), depth(feature, left, right, right[k]));
    }

    /** Lays out tree number {@code tree}; its leaves' heap indexes count from {@code tree * width}. */
    public void lay(int tree, int[] feature, double[] cut, int[] left, int[] right, Leaf leaf) {
        lay(tree * width, feature, cut, left, right, 0, 1, 0, leaf);
    }

    private void lay(int base, int[] f, double[] c, int[] left, int[] right, int k, int slot, int depth, Leaf leaf) {
        if (f[k] >= 0) {
            feature[base + slot] = f[k];
            cut[base + slot] = c[k];
            lay(base, f, c, left, right, left[k], 2 * slot, depth + 1, leaf);
            lay(base, f, c, left, right, right[k], 2 * slot + 1, depth + 1, leaf);
            return;
        }
        int shift = height - depth;
        leaf.cover(k, depth, base + (slot << shift) - width, 1 << shift);
    }
}
