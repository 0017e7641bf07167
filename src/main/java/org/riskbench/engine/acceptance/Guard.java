package org.riskbench.engine.acceptance;

import java.util.ArrayList;
import java.util.List;

/**
 * The guards of docs/spec/acceptance.md step 11, in the spec's order; trace breach lists use this order.
 * Breaches are carried as bit masks ({@link #bit()}) so the engine allocates nothing per step.
 */
public enum Guard {
    COVERAGE, LATENCY, SURPRISAL, WIDTH, KAPPA;

    private static final Guard[] VALUES = values();

    /** The lower-case name used in traces, summaries and profiles. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public int bit() {
        return 1 << ordinal();
    }

    /** The guards of a mask, in guard order. */
    public static List<Guard> fromMask(int mask) {
        List<Guard> out = new ArrayList<>();
        for (Guard g : VALUES) {
            if ((mask & g.bit()) != 0) {
                out.add(g);
            }
        }
        return out;
    }

    /** The guard keys of a mask joined with {@code |}, "" for none. */
    public static String join(int mask) {
        StringBuilder sb = new StringBuilder();
        for (Guard g : VALUES) {
            if ((mask & g.bit()) != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(g.key());
            }
        }
        return sb.toString();
    }
}
