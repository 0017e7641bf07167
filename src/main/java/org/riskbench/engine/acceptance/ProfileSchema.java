package org.riskbench.engine.acceptance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of an acceptance profile with their types, defaults (those of docs/spec/acceptance.md) and
 * range checks. Order is the order of the spec, and is the order of {@link AcceptanceProfile#toTree()}.
 */
final class ProfileSchema {

    /** A range check; returns null when the value is fine, else the phrase "must be ...". */
    interface Check {
        String test(double v);
    }

    record Param(int index, String path, ParamType type, Object defaultValue, Check check) {
    }

    static final String CALIBRATION = "calibration";

    private static final List<Param> PARAMS = new ArrayList<>();
    private static final Map<String, Param> BY_PATH = new LinkedHashMap<>();
    /** Section path ("" for the root) -> its keys, in order. */
    private static final Map<String, Set<String>> SECTIONS = new LinkedHashMap<>();

    static final int MU_HALFLIFE = dec("forecaster.mu_halflife", 20, positive());
    static final int SIGMA_HALFLIFE = dec("forecaster.sigma_halflife", 50, positive());
    static final int WARMUP = integer("warmup", 50, atLeast(2));
    static final int SIGMA_FLOOR = dec("sigma_floor", 1.0e-9, positive());
    static final int ALPHA_TARGET = dec("icp.alpha_target", 0.10, openUnit());
    static final int GAMMA = dec("icp.gamma", 0.005, atLeast(0));
    static final int ALPHA_MIN = dec("icp.alpha_min", 0.001, openUnit());
    static final int ALPHA_MAX = dec("icp.alpha_max", 0.5, openUnit());
    static final int ICP_WINDOW = integer("icp.window", 500, window());
    static final int COVERAGE_EMA_BETA = dec("icp.coverage_ema_beta", 0.02, weight());
    static final int HUBER_DELTA = dec("surprisal.huber_delta", 1.0, positive());
    static final int SURPRISAL_WINDOW = integer("surprisal.window", 200, window());
    static final int LATENCY_WINDOW = integer("latency.window", 200, window());
    static final int WIDTH_FLOOR = dec("width.floor", 1.0e-6, positive());
    static final int WIDTH_WINDOW = integer("width.window", 200, window());
    static final int G_COV_SOFT = dec("guards.coverage_ema.soft", 0.85, any());
    static final int G_COV_HARD = dec("guards.coverage_ema.hard", 0.70, any());
    static final int G_STREAK_HARD = integer("guards.coverage_streak.hard", 8, atLeast(1));
    static final int G_LAT_SOFT = dec("guards.latency_p95.soft", 300.0, any());
    static final int G_LAT_HARD = dec("guards.latency_p95.hard", 600.0, any());
    static final int G_SUR_SOFT = dec("guards.surprisal_p95.soft", 2.5, any());
    static final int G_SUR_HARD = dec("guards.surprisal_p95.hard", 3.5, any());
    static final int G_WIDTH_SOFT = dec("guards.rel_width_p95.soft", 0.8, any());
    /**
     * Optional (issue 21, the AURORA documents' width kill-switch): no bound by default (+infinity, so results are
     * those of the spec), written as "none"; a breach is a hard breach with block reason guard_width.
     */
    static final int G_WIDTH_HARD = dec("guards.rel_width_p95.hard", Double.POSITIVE_INFINITY, any());
    static final int G_KAPPA_SOFT = dec("guards.kappa_min.soft", 0.2, any());
    static final int P_COVERAGE = dec("penalties.coverage", 0.15, any());
    static final int P_LATENCY = dec("penalties.latency", 0.10, any());
    static final int P_SURPRISAL = dec("penalties.surprisal", 0.20, any());
    static final int P_WIDTH = dec("penalties.width", 0.10, any());
    static final int P_KAPPA = dec("penalties.kappa", 0.10, any());
    static final int TAU_PASS = dec("kappa.tau_pass", 0.45, any());
    static final int TAU_DERISK = dec("kappa.tau_derisk", 0.25, any());
    static final int TAU_PASS_UP = dec("hysteresis.tau_pass_up", 0.50, any());
    static final int DOWNGRADE_CONFIRM = integer("hysteresis.downgrade_confirm", 3, atLeast(0));
    static final int DWELL_DERISK = integer("hysteresis.dwell_derisk", 15, atLeast(0));
    static final int DWELL_PASS = integer("hysteresis.dwell_pass", 10, atLeast(0));
    static final int BLOCK_COOLDOWN = integer("hysteresis.block_cooldown", 30, atLeast(0));
    static final int FAST_PATH = bool("hysteresis.fast_path", false);
    static final int EXTENDED_RECOVERY = integer("hysteresis.extended_recovery", 100, atLeast(0));
    static final int BASE_NOTIONAL = dec("execution.base_notional", 1.0, atLeast(0));
    static final int SCALE_PASS = dec("execution.scale_map.PASS", 1.0, any());
    static final int SCALE_DERISK = dec("execution.scale_map.DERISK", 0.5, any());
    static final int SCALE_BLOCK = dec("execution.scale_map.BLOCK", 0.0, any());
    static final int HARD_BLOCK_ON_GUARD = bool("execution.hard_block_on_guard", true);
    static final int MIN_NOTIONAL = dec("execution.min_notional", 0.0, any());
    static final int MAX_NOTIONAL = dec("execution.max_notional", 1.0e9, any());
    static final int CI_EMA_BETA = dec("ci_gating.ema_beta", 0.2, weight());
    static final int CI_TOLERANCE = dec("ci_gating.tolerance", 0.08, atLeast(0));
    static final int CI_ENTER_WARN = integer("ci_gating.enter_warn_runs", 2, atLeast(1));
    static final int CI_EXIT_WARN = integer("ci_gating.exit_warn_runs", 3, atLeast(1));

    static {
        SECTIONS.get("").add(CALIBRATION);
    }

    private ProfileSchema() {
    }

    /** A bound that may be absent: +infinity stands for "none", and is not written out. */
    static boolean optionalBound(Param p) {
        return p.index() == G_WIDTH_HARD;
    }

    static List<Param> params() {
        return Collections.unmodifiableList(PARAMS);
    }

    static int size() {
        return PARAMS.size();
    }

    static Param param(int index) {
        return PARAMS.get(index);
    }

    /** The parameter at a dotted path, or null. */
    static Param byPath(String path) {
        return BY_PATH.get(path);
    }

    static boolean isSection(String path) {
        return SECTIONS.containsKey(path);
    }

    /** The keys of a section ("" = top level), comma-separated, for error messages. */
    static String keysOf(String section) {
        Set<String> keys = SECTIONS.get(section);
        return keys == null ? "" : String.join(", ", keys);
    }

    /** The deepest existing section that is a prefix of {@code path} ("" for the root). */
    static String enclosingSection(String path) {
        String p = path;
        while (true) {
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                return "";
            }
            p = p.substring(0, dot);
            if (SECTIONS.containsKey(p)) {
                return p;
            }
        }
    }

    private static int dec(String path, double def, Check check) {
        return add(path, ParamType.DECIMAL, def, check);
    }

    private static int integer(String path, int def, Check check) {
        return add(path, ParamType.INTEGER, def, check);
    }

    private static int bool(String path, boolean def) {
        return add(path, ParamType.BOOLEAN, def, any());
    }

    private static int add(String path, ParamType type, Object def, Check check) {
        int index = PARAMS.size();
        Param p = new Param(index, path, type, def, check);
        PARAMS.add(p);
        BY_PATH.put(path, p);
        String section = "";
        for (String part : path.split("\\.")) {
            SECTIONS.computeIfAbsent(section, k -> new LinkedHashSet<>()).add(part);
            section = section.isEmpty() ? part : section + "." + part;
        }
        return index;
    }

    private static Check any() {
        return v -> null;
    }

    private static Check positive() {
        return v -> v > 0 ? null : "must be greater than 0";
    }

    private static Check atLeast(double min) {
        return v -> v >= min ? null : "must be at least " + (min == Math.rint(min) ? String.valueOf((long) min) : min);
    }

    private static Check window() {
        return v -> v >= 1 && v <= 10_000_000 ? null : "must be between 1 and 10000000";
    }

    private static Check openUnit() {
        return v -> v > 0 && v < 1 ? null : "must be between 0 and 1 (exclusive)";
    }

    private static Check weight() {
        return v -> v > 0 && v <= 1 ? null : "must be greater than 0 and at most 1";
    }
}
