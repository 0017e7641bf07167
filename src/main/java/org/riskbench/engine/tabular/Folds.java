package org.riskbench.engine.tabular;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stratified, seeded splits: the rows of each class are shuffled with the seed and dealt out in turn, so every fold
 * (and the holdout) holds each class in the table's proportion, within one row, and the same seed gives the same split.
 */
public final class Folds {
    private Folds() {
    }

    /** Each row's fold, 0..folds-1. */
    public static int[] stratified(int[] y, int classes, int folds, long seed) {
        int[] fold = new int[y.length];
        SplittableRandom rng = new SplittableRandom(seed);
        int offset = 0;
        for (List<Integer> rows : byClass(y, classes)) {
            shuffle(rows, rng);
            for (int r = 0; r < rows.size(); r++) {
                // continue dealing where the previous class stopped, so small classes do not all start at fold 0
                fold[rows.get(r)] = (offset + r) % folds;
            }
            offset += rows.size();
        }
        return fold;
    }

    /** 1 for the holdout rows (a {@code share} of each class, rounded), 0 for the others. */
    public static int[] holdout(int[] y, int classes, double share, long seed) {
        int[] part = new int[y.length];
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (List<Integer> rows : byClass(y, classes)) {
            shuffle(rows, rng);
            long take = Math.round(rows.size() * share);
            if (rows.size() >= 2) {
                take = Math.max(1, Math.min(rows.size() - 1, take));
            }
            for (int r = 0; r < take; r++) {
                part[rows.get(r)] = 1;
            }
        }
        return part;
    }

    private static List<List<Integer>> byClass(int[] y, int classes) {
        List<List<Integer>> out = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < y.length; i++) {
            out.get(y[i]).add(i);
        }
        return out;
    }

    private static void shuffle(List<Integer> v, SplittableRandom rng) {
        for (int i = v.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = v.get(i);
            v.set(i, v.get(j));
            v.set(j, t);
        }
    }
}
