package org.riskbench.engine.acceptance;

/**
 * One tunable parameter of an acceptance profile: its dotted path (as in the spec, for example
 * {@code hysteresis.dwell_pass}), its type and its default value ({@link Integer}, {@link Double} or
 * {@link Boolean}).
 */
public record ParameterPath(String path, ParamType type, Object defaultValue) {
}
