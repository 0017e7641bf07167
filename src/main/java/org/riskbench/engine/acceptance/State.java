package org.riskbench.engine.acceptance;

/** A decision of the acceptance state machine, raw or after hysteresis. */
public enum State {
    PASS, DERISK, BLOCK;

    private static final State[] VALUES = values();

    static State of(int ordinal) {
        return VALUES[ordinal];
    }
}
