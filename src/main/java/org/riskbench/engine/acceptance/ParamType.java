package org.riskbench.engine.acceptance;

/** The type of a profile parameter, as calibration grids and the profile form need it. */
public enum ParamType {
    /** A whole number (YAML integer; a decimal with no fraction is accepted too). */
    INTEGER,
    /** A finite decimal number (YAML integers are accepted). */
    DECIMAL,
    /** {@code true} or {@code false}. */
    BOOLEAN;

    /** The word used in error messages ("an integer", ...). */
    String article() {
        return switch (this) {
            case INTEGER -> "an integer";
            case DECIMAL -> "a decimal number";
            case BOOLEAN -> "a boolean (true or false)";
        };
    }
}
