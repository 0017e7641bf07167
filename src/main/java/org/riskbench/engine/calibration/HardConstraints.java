package org.riskbench.engine.calibration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.engine.acceptance.AcceptanceProfile;

/**
 * Hard constraints (docs/spec/calibration.md, "Hard constraints"): a comma-separated list of
 * {@code METRIC OP BOUND} items ({@code >=, <=, >, <}, spaces optional) and {@code key:value}
 * shorthands. Metrics are the numeric columns of {@link Metrics} (plus the spec's aliases and
 * {@code exec_block_rate_by_reason.X}); bounds are numbers, {@code REF} or {@code REF*number} with
 * {@code bound}, {@code guard}, {@code slo} read from the point's own profile. Every item is checked
 * when the list is parsed, so an unknown metric fails before any work.
 *
 * @param items  the parsed items, in the order given
 * @param source {@code option}, {@code profile} or {@code none}
 */
public record HardConstraints(List<Constraint> items, String source) {

    /** The infeasible score. */
    public static final double INFEASIBLE_SCORE = -1e9;

    /** No constraints. */
    public static final HardConstraints NONE = new HardConstraints(List.of(), "none");

    private static final Map<String, String> METRIC_ALIASES = Map.of(
            "coverage", "coverage_empirical",
            "latency_p95", "latency_p95_ms",
            "surprisal", "surprisal_p95");
    private static final Map<String, String> REFS = Map.of(
            "bound", "guards.coverage_ema.soft",
            "guard", "guards.surprisal_p95.soft",
            "slo", "guards.latency_p95.soft");

    public enum Op {
        GE(">="), LE("<="), GT(">"), LT("<");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean test(double a, double b) {
            return switch (this) {
                case GE -> a >= b;
                case LE -> a <= b;
                case GT -> a > b;
                case LT -> a < b;
            };
        }
    }

    /**
     * One constraint.
     *
     * @param text       the item as written (trimmed): what failed lists show
     * @param metric     the canonical metric name (a {@link Metrics#NUMERIC} name)
     * @param op         the comparison
     * @param number     the bound, or the factor of {@code refPath}
     * @param refPath    the profile path of a {@code REF} bound, or null for a plain number
     */
    public record Constraint(String text, String metric, Op op, double number, String refPath) {

        /** The bound at a point: a number, or the point's profile value times the factor. */
        public double bound(AcceptanceProfile profile) {
            if (refPath == null) {
                return number;
            }
            return ((Number) profile.get(refPath)).doubleValue() * number;
        }

        /** Whether a point satisfies it (a NaN metric never does). */
        public boolean holds(Metrics m, AcceptanceProfile profile) {
            return op.test(m.get(Metrics.index(metric)), bound(profile));
        }
    }

    public HardConstraints {
        items = List.copyOf(items);
    }

    /**
     * The constraints to use: the option when given, else the profile's
     * {@code calibration.hard_constraints} (a string or a list of strings), else none.
     */
    public static HardConstraints resolve(String optionOrNull, AcceptanceProfile profile) {
        if (optionOrNull != null) {
            return parse(optionOrNull, "option");
        }
        JsonNode c = profile.calibration().map(n -> n.get("hard_constraints")).orElse(null);
        if (c == null || c.isNull()) {
            return NONE;
        }
        String where = "profile '" + profile.name() + "': calibration.hard_constraints";
        try {
            if (c.isArray()) {
                List<String> parts = new ArrayList<>();
                c.forEach(n -> parts.add(n.asText()));
                return parse(String.join(",", parts), "profile");
            }
            return parse(c.asText(), "profile");
        } catch (InputException e) {
            throw new InputException(where + ": " + e.getMessage(), e);
        }
    }

    /** Parses a comma-separated list (blank: no constraints). */
    public static HardConstraints parse(String spec, String source) {
        List<Constraint> out = new ArrayList<>();
        for (String item : spec.split(",", -1)) {
            String t = item.trim();
            if (!t.isEmpty()) {
                out.add(parseItem(t));
            }
        }
        return new HardConstraints(out, out.isEmpty() ? "none" : source);
    }

    static Constraint parseItem(String t) {
        int[] op = findOperator(t);
        if (op == null) {
            return parseShorthand(t);
        }
        String metricText = t.substring(0, op[0]).trim();
        String sym = t.substring(op[0], op[0] + op[1]);
        String boundText = t.substring(op[0] + op[1]).trim();
        Op o = switch (sym) {
            case ">=" -> Op.GE;
            case "<=" -> Op.LE;
            case ">" -> Op.GT;
            default -> Op.LT;
        };
        if (metricText.isEmpty()) {
            throw new InputException("hard constraint '" + t + "' has no metric before '" + sym + "'.");
        }
        return make(t, metricText, o, boundText);
    }

    /**
     * Position and length of the comparison operator; a {@code >} that ends {@code ->} (as in
     * {@code transitions.PASS->DERISK}) is part of the metric name.
     */
    private static int[] findOperator(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '>' && i > 0 && t.charAt(i - 1) == '-') {
                continue;
            }
            if (c == '>' || c == '<') {
                boolean eq = i + 1 < t.length() && t.charAt(i + 1) == '=';
                return new int[] {i, eq ? 2 : 1};
            }
        }
        return null;
    }

    private static Constraint parseShorthand(String t) {
        int colon = t.indexOf(':');
        if (colon < 0) {
            throw new InputException("hard constraint '" + t + "' is neither 'METRIC OP BOUND' (OP one of >=, <=, >, <) "
                    + "nor a shorthand such as coverage_min:0.9.");
        }
        String key = t.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String bound = t.substring(colon + 1).trim();
        return switch (key) {
            case "coverage_min" -> make(t, "coverage_empirical", Op.GE, bound);
            case "latency_p95_max" -> make(t, "latency_p95_ms", Op.LE, bound);
            case "blocked_ratio_max" -> make(t, "block_share", Op.LE, bound);
            case "flap_rate_max" -> make(t, "flap_rate_k", Op.LE, bound);
            default -> throw new InputException("hard constraint '" + t + "': unknown shorthand '" + key
                    + "'; shorthands: coverage_min, latency_p95_max, blocked_ratio_max, flap_rate_max.");
        };
    }

    private static Constraint make(String text, String metricText, Op op, String boundText) {
        String metric = METRIC_ALIASES.getOrDefault(metricText, metricText);
        Integer idx = Metrics.index(metric);
        if (idx == null) {
            String extra = metric.equals("final_state") ? " ('final_state' is not a number)" : "";
            throw new InputException("hard constraint '" + text + "': unknown metric '" + metricText + "'" + extra
                    + "; metrics: " + String.join(", ", Metrics.NUMERIC) + " (aliases coverage, latency_p95, surprisal).");
        }
        metric = Metrics.NUMERIC.get(idx);
        if (boundText.isEmpty()) {
            throw new InputException("hard constraint '" + text + "' has no bound; give a number, bound, guard, slo or REF*number.");
        }
        String ref = boundText;
        double factor = 1.0;
        int star = boundText.indexOf('*');
        if (star >= 0) {
            ref = boundText.substring(0, star).trim();
            factor = number(boundText.substring(star + 1).trim(), text);
        }
        String refPath = REFS.get(ref.toLowerCase(Locale.ROOT));
        if (refPath != null) {
            return new Constraint(text, metric, op, factor, refPath);
        }
        if (star >= 0) {
            throw new InputException("hard constraint '" + text + "': '" + ref + "' is not a reference; use bound, guard or slo.");
        }
        return new Constraint(text, metric, op, number(boundText, text), null);
    }

    private static double number(String s, String text) {
        if (!s.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
            throw new InputException("hard constraint '" + text + "': '" + s
                    + "' is not a number nor a reference (bound, guard, slo, REF*number).");
        }
        return Double.parseDouble(s);
    }

    /** The items a point fails (their text as written), in order; empty when the point is feasible. */
    public List<String> failed(Metrics m, AcceptanceProfile profile) {
        List<String> out = null;
        for (Constraint c : items) {
            if (!c.holds(m, profile)) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(c.text());
            }
        }
        return out == null ? List.of() : out;
    }

    /** The items as written. */
    public List<String> texts() {
        return items.stream().map(Constraint::text).toList();
    }
}
