package org.riskbench.engine.learning;

/**
 * Binary trees (node arrays: {@code feature[k] < 0} marks a leaf) laid out as complete trees of one height in heap
 * order: slot {@code h} has children {@code 2h} and {@code 2h + 1}, slot 0 is unused, and the {@code 2^height}
 * leaves of each tree follow. A leaf of the source tree above that height covers a run of heap leaves; the
 * internal slots below it keep feature 0 and cut 0, so either way through them ends on the same value. A row's
 * walk is then {@code height} compare-and-shift steps without a data-dependent branch ({@code x <= cut} goes left,
 * anything else, NaN included, right).
 *
 * <p>The one walk of the forest, the isolation forest and {@link Gbdt.Compiled}: they own the leaf values (indexed
 * by what the walk returns: {@code tree * width + heap leaf}) and add them up. Two shapes of the same walk: many
 * rows through one tree ({@link #leaves(int, double[][], int, int, int[])}, the batch path: a tree's upper nodes stay
 * in cache for the whole block) and one row through every tree ({@link #leaves(double[], int[])}). Either walks eight
 * at a time, eight independent chains of loads the processor overlaps.
 */
public final class HeapLayout {
    /** Told each source leaf: its node, its depth, and the heap leaves {@code [first, first + count)} it covers. */
    @FunctionalInterface
    public interface Leaf {
        void cover(int node, int depth, int first, int count);
    }

    /** One source tree's node arrays as {@link #lay} reads them. */
    public record Nodes(int[] feature, double[] cut, int[] left, int[] right) {
    }

    /** Told each source leaf of tree {@code tree}: as {@link Leaf}. */
    @FunctionalInterface
    public interface TreeLeaf {
        void cover(int tree, int node, int depth, int first, int count);
    }

    public final int trees;
    public final int height;
    /** The trees are deeper than the model lays out: it walks them node by node; this layout is empty (height 0). */
    public final boolean tooDeep;
    /** Heap slots (and leaves) per tree: {@code 2^height}. */
    public final int width;
    /** Per tree, {@code width} internal slots: the split feature and cut value. */
    private int[] feature;
    private double[] cut;
    /**
     * The packed form, once {@link #pack()} found few distinct cuts per feature (the forest's and the boosted trees'
     * cuts are bin edges): per slot one int, {@code feature << shift | i}, where {@code cutTable[that int]} is the cut.
     * A slot is then four bytes, not twelve, in one array: a deep tree's lower levels take a third of the cache
     * lines, and a row's step touches one of them, not two. Null: walk {@link #feature} and {@link #cut}.
     */
    private int[] packed;
    private double[] cutTable;
    private int shift;

    public HeapLayout(int trees, int height) {
        this(trees, height, false);
    }

    private HeapLayout(int trees, int height, boolean tooDeep) {
        this.trees = trees;
        this.height = height;
        this.tooDeep = tooDeep;
        this.width = 1 << height;
        this.feature = new int[trees * width];
        this.cut = new double[trees * width];
    }

    /**
     * The layout of a tree model: complete trees of its trees' greatest depth, or an empty one marked {@link #tooDeep}
     * when that depth is over {@code maxHeight} (a complete tree so tall would not fit in cache). Lay them with
     * {@link #layAll}.
     */
    public static HeapLayout forTrees(java.util.List<Nodes> trees, int maxHeight) {
        int h = 0;
        for (Nodes t : trees) {
            h = Math.max(h, depth(t.feature(), t.left(), t.right(), 0));
        }
        return h > maxHeight ? new HeapLayout(trees.size(), 0, true) : new HeapLayout(trees.size(), h, false);
    }

    /** Lays every tree (tree {@code t}'s leaves told to {@code leaf} with {@code t}), then {@link #pack()}s; nothing when too deep. */
    public void layAll(java.util.List<Nodes> trees, TreeLeaf leaf) {
        if (tooDeep) {
            return;
        }
        for (int t = 0; t < trees.size(); t++) {
            int tree = t;
            Nodes n = trees.get(t);
            lay(t, n.feature(), n.cut(), n.left(), n.right(), (node, depth, first, count) -> leaf.cover(tree, node, depth, first, count));
        }
        pack();
    }

    /** Depth of the subtree at node {@code k} (0 for a leaf). */
    public static int depth(int[] feature, int[] left, int[] right, int k) {
        return feature[k] < 0 ? 0 : 1 + Math.max(depth(feature, left, right, left[k]), depth(feature, left, right, right[k]));
    }

    /**
     * Lays out tree number {@code tree} (rows with {@code x[feature[k]] <= cut[k]} go {@code left[k]}); its leaves'
     * indexes count from {@code tree * width}.
     */
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

    /** Most distinct cuts of one feature that {@link #pack()} packs: the cut table stays small enough for the cache. */
    static final int MAX_PACKED_CUTS = 256;

    /**
     * Packs the laid-out trees when each feature has at most {@link #MAX_PACKED_CUTS} distinct cuts (see {@link #packed});
     * call once every tree is laid. Walks give the same leaves either way: the same double cut is compared.
     */
    public void pack() {
        int features = 0;
        for (int f : feature) {
            features = Math.max(features, f + 1);
        }
        java.util.List<java.util.Map<Double, Integer>> distinct = new java.util.ArrayList<>();
        for (int f = 0; f < features; f++) {
            distinct.add(new java.util.HashMap<>());
        }
        int most = 1;
        for (int i = 0; i < feature.length; i++) {
            java.util.Map<Double, Integer> d = distinct.get(feature[i]);
            d.putIfAbsent(cut[i], d.size());
            most = Math.max(most, d.size());
            if (most > MAX_PACKED_CUTS) {
                return;
            }
        }
        int bits = 32 - Integer.numberOfLeadingZeros(most - 1);
        if (((long) features << bits) > Integer.MAX_VALUE) {
            return;
        }
        double[] table = new double[features << bits];
        for (int f = 0; f < features; f++) {
            for (java.util.Map.Entry<Double, Integer> e : distinct.get(f).entrySet()) {
                table[f << bits | e.getValue()] = e.getKey();
            }
        }
        int[] p = new int[feature.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = feature[i] << bits | distinct.get(feature[i]).get(cut[i]);
        }
        shift = bits;
        cutTable = table;
        packed = p;
        feature = null;
        cut = null;
    }

    /** Whether {@link #pack()} packed the slots. */
    public boolean packed() {
        return packed != null;
    }

    /** Rows {@code x[from, to)} through tree {@code tree}: row {@code r}'s leaf index into {@code leaf[r - from]}. */
    public void leaves(int tree, double[][] x, int from, int to, int[] leaf) {
        int base = tree * width;
        int r = from;
        if (packed != null) {
            for (; r + 8 <= to; r += 8) {
                walk8Packed(x[r], x[r + 1], x[r + 2], x[r + 3], x[r + 4], x[r + 5], x[r + 6], x[r + 7],
                        base, base, base, base, base, base, base, base, leaf, r - from);
            }
        }
        for (; r + 8 <= to; r += 8) {
            walk8(x[r], x[r + 1], x[r + 2], x[r + 3], x[r + 4], x[r + 5], x[r + 6], x[r + 7],
                    base, base, base, base, base, base, base, base, leaf, r - from);
        }
        for (; r < to; r++) {
            leaf[r - from] = walk(x[r], base);
        }
    }

    /** One row through every tree: tree {@code t}'s leaf index into {@code leaf[t]}. */
    public void leaves(double[] x, int[] leaf) {
        int t = 0;
        if (packed != null) {
            for (; t + 8 <= trees; t += 8) {
                int b = t * width;
                walk8Packed(x, x, x, x, x, x, x, x, b, b + width, b + 2 * width, b + 3 * width, b + 4 * width, b + 5 * width,
                        b + 6 * width, b + 7 * width, leaf, t);
            }
        }
        for (; t + 8 <= trees; t += 8) {
            int b = t * width;
            walk8(x, x, x, x, x, x, x, x, b, b + width, b + 2 * width, b + 3 * width, b + 4 * width, b + 5 * width, b + 6 * width,
                    b + 7 * width, leaf, t);
        }
        for (; t < trees; t++) {
            leaf[t] = walk(x, t * width);
        }
    }

    private int walk(double[] x, int base) {
        int h = 1;
        if (packed != null) {
            for (int level = 0; level < height; level++) {
                int v = packed[base + h];
                h = 2 * h + (x[v >>> shift] <= cutTable[v] ? 0 : 1);
            }
            return base + h - width;
        }
        for (int level = 0; level < height; level++) {
            h = 2 * h + (x[feature[base + h]] <= cut[base + h] ? 0 : 1);
        }
        return base + h - width;
    }

    /** Eight walks side by side, lane {@code i} row {@code xi} through the tree at {@code bi}; leaves into {@code leaf[at..at+8)}. */
    private void walk8(double[] x0, double[] x1, double[] x2, double[] x3, double[] x4, double[] x5, double[] x6, double[] x7,
                       int b0, int b1, int b2, int b3, int b4, int b5, int b6, int b7, int[] leaf, int at) {
        int h0 = 1;
        int h1 = 1;
        int h2 = 1;
        int h3 = 1;
        int h4 = 1;
        int h5 = 1;
        int h6 = 1;
        int h7 = 1;
        for (int level = 0; level < height; level++) {
            h0 = 2 * h0 + (x0[feature[b0 + h0]] <= cut[b0 + h0] ? 0 : 1);
            h1 = 2 * h1 + (x1[feature[b1 + h1]] <= cut[b1 + h1] ? 0 : 1);
            h2 = 2 * h2 + (x2[feature[b2 + h2]] <= cut[b2 + h2] ? 0 : 1);
            h3 = 2 * h3 + (x3[feature[b3 + h3]] <= cut[b3 + h3] ? 0 : 1);
            h4 = 2 * h4 + (x4[feature[b4 + h4]] <= cut[b4 + h4] ? 0 : 1);
            h5 = 2 * h5 + (x5[feature[b5 + h5]] <= cut[b5 + h5] ? 0 : 1);
            h6 = 2 * h6 + (x6[feature[b6 + h6]] <= cut[b6 + h6] ? 0 : 1);
            h7 = 2 * h7 + (x7[feature[b7 + h7]] <= cut[b7 + h7] ? 0 : 1);
        }
        leaf[at] = b0 + h0 - width;
        leaf[at + 1] = b1 + h1 - width;
        leaf[at + 2] = b2 + h2 - width;
        leaf[at + 3] = b3 + h3 - width;
        leaf[at + 4] = b4 + h4 - width;
        leaf[at + 5] = b5 + h5 - width;
        leaf[at + 6] = b6 + h6 - width;
        leaf[at + 7] = b7 + h7 - width;
    }

    /** {@link #walk8} on the packed slots: eight walks side by side, lane {@code i} row {@code xi} through the tree at {@code bi}; leaves into {@code leaf[at..at+8)}. */
    private void walk8Packed(double[] x0, double[] x1, double[] x2, double[] x3, double[] x4, double[] x5, double[] x6, double[] x7,
                       int b0, int b1, int b2, int b3, int b4, int b5, int b6, int b7, int[] leaf, int at) {
        int h0 = 1;
        int h1 = 1;
        int h2 = 1;
        int h3 = 1;
        int h4 = 1;
        int h5 = 1;
        int h6 = 1;
        int h7 = 1;
        for (int level = 0; level < height; level++) {
            int v0 = packed[b0 + h0];
            h0 = 2 * h0 + (x0[v0 >>> shift] <= cutTable[v0] ? 0 : 1);
            int v1 = packed[b1 + h1];
            h1 = 2 * h1 + (x1[v1 >>> shift] <= cutTable[v1] ? 0 : 1);
            int v2 = packed[b2 + h2];
            h2 = 2 * h2 + (x2[v2 >>> shift] <= cutTable[v2] ? 0 : 1);
            int v3 = packed[b3 + h3];
            h3 = 2 * h3 + (x3[v3 >>> shift] <= cutTable[v3] ? 0 : 1);
            int v4 = packed[b4 + h4];
            h4 = 2 * h4 + (x4[v4 >>> shift] <= cutTable[v4] ? 0 : 1);
            int v5 = packed[b5 + h5];
            h5 = 2 * h5 + (x5[v5 >>> shift] <= cutTable[v5] ? 0 : 1);
            int v6 = packed[b6 + h6];
            h6 = 2 * h6 + (x6[v6 >>> shift] <= cutTable[v6] ? 0 : 1);
            int v7 = packed[b7 + h7];
            h7 = 2 * h7 + (x7[v7 >>> shift] <= cutTable[v7] ? 0 : 1);
        }
        leaf[at] = b0 + h0 - width;
        leaf[at + 1] = b1 + h1 - width;
        leaf[at + 2] = b2 + h2 - width;
        leaf[at + 3] = b3 + h3 - width;
        leaf[at + 4] = b4 + h4 - width;
        leaf[at + 5] = b5 + h5 - width;
        leaf[at + 6] = b6 + h6 - width;
        leaf[at + 7] = b7 + h7 - width;
    }
}
