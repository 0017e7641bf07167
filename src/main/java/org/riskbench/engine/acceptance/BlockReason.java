package org.riskbench.engine.acceptance;

/** Why a step's notional is 0 (docs/spec/acceptance.md step 15); {@link #NONE} for steps that are not blocked. */
public enum BlockReason {
    NONE(""), GUARD_SURPRISAL("guard_surprisal"), GUARD_COVERAGE("guard_coverage"), GUARD_LATENCY("guard_latency"),
    /** Only with the optional {@code guards.rel_width_p95.hard}; summaries list it only then. */
    GUARD_WIDTH("guard_width"),
    DECISION("decision");

    private static final BlockReason[] VALUES = values();
    private final String key;

    BlockReason(String key) {
        this.key = key;
    }

    /** The name used in traces and summaries ("" for NONE). */
    public String key() {
        return key;
    }

    static BlockReason of(int ordinal) {
        return VALUES[ordinal];
    }
}
