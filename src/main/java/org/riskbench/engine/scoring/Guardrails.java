package org.riskbench.engine.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.InputFiles;
import org.riskbench.core.TextFiles;
import org.riskbench.engine.intake.EnrichmentConfig;

/**
 * Raise-only rules over the enriched transactions (docs/spec/inference.md section 5), from
 * {@code resources/scoring/guardrails.yaml} (defaults) or a user file. A rule that fires sets the row's
 * class to at least its {@code min_class} (in {@code class_order}); it never lowers it. Every rule that
 * fired on a row is recorded, whether or not it changed the class.
 */
public record Guardrails(List<String> classOrder, Map<String, Rule> rules, EnrichmentConfig thresholds) {
    public static final String RESOURCE = "/scoring/guardrails.yaml";
    public static final String REPORTING = "reporting_threshold";
    public static final String CASH = "cash_limit";
    public static final String STRUCTURING = "structuring";

    public record Rule(boolean enabled, String minClass, int minCount, int windowDays) {
    }

    /** Final classes and the rules that fired on each row. */
    public record Outcome(String[] classes, List<List<String>> fired, int raised) {
    }

    public Guardrails {
        classOrder = List.copyOf(classOrder);
        rules = Map.copyOf(rules);
        for (Map.Entry<String, Rule> e : rules.entrySet()) {
            if (!classOrder.contains(e.getValue().minClass())) {
                throw new InputException("rules." + e.getKey() + ".min_class: '" + e.getValue().minClass()
                        + "' is not one of " + classOrder);
            }
        }
    }

    public static Guardrails defaults() {
        try (InputStream in = Guardrails.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(Json.YAML.readTree(in), RESOURCE, EnrichmentConfig.defaults());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A user's rule file, checked strictly: errors name the file and the key ({@code rules.cash_limit.min_class}).
     * Keys: {@code class_order} (optional; if given, the four classes in their order of severity) and
     * {@code rules} with any of reporting_threshold, cash_limit, structuring, each with {@code enabled}
     * (default true), {@code min_class} (required), and for structuring {@code min_count} (default 3, at least
     * 2) and {@code window_days} (default 7, at least 1). A rule the file leaves out does not run. The amounts
     * come from {@code thresholds} (the intake thresholds), not from this file.
     */
    public static Guardrails load(Path file, EnrichmentConfig thresholds) {
        String name = file.getFileName().toString();
        String text = TextFiles.read(file, name, InputFiles.Kind.GUARDRAILS);
        JsonNode n = Json.yamlMapping(text, name, "a guardrails file is a YAML mapping with 'rules' (and optionally 'class_order')");
        List<String> defaultOrder = defaults().classOrder();
        checkKeys(name, "", n, List.of("class_order", "rules"));
        if (n.has("class_order")) {
            List<String> order = new ArrayList<>();
            n.path("class_order").forEach(c -> order.add(c.asText()));
            if (!n.path("class_order").isArray() || !order.equals(defaultOrder)) {
                throw new InputException(name + ": class_order: must be " + defaultOrder + " (the four classes in their order"
                        + " of severity), or left out");
            }
        }
        JsonNode rs = n.path("rules");
        if (!rs.isObject()) {
            throw new InputException(name + ": rules: missing or not a mapping of rule name to settings ("
                    + String.join(", ", RULE_ORDER) + ")");
        }
        checkKeys(name, "rules.", rs, RULE_ORDER);
        Map<String, Rule> rules = new HashMap<>();
        for (String rule : RULE_ORDER) {
            JsonNode r = rs.get(rule);
            if (r == null) {
                continue;
            }
            String at = "rules." + rule;
            if (!r.isObject()) {
                throw new InputException(name + ": " + at + ": expected a mapping with min_class (and enabled"
                        + (rule.equals(STRUCTURING) ? ", min_count, window_days" : "") + ")");
            }
            checkKeys(name, at + ".", r, rule.equals(STRUCTURING) ? List.of("enabled", "min_class", "min_count", "window_days")
                    : List.of("enabled", "min_class"));
            boolean enabled = true;
            if (r.has("enabled")) {
                if (!r.get("enabled").isBoolean()) {
                    throw new InputException(name + ": " + at + ".enabled: expected true or false, got '" + r.get("enabled").asText() + "'");
                }
                enabled = r.get("enabled").asBoolean();
            }
            JsonNode min = r.get("min_class");
            if (min == null || !defaultOrder.contains(min.asText())) {
                throw new InputException(name + ": " + at + ".min_class: " + (min == null ? "missing" : "'" + min.asText() + "'")
                        + "; expected one of " + defaultOrder);
            }
            int count = intKey(name, at + ".min_count", r.get("min_count"), 3, 2);
            int window = intKey(name, at + ".window_days", r.get("window_days"), 7, 1);
            rules.put(rule, new Rule(enabled, min.asText(), count, window));
        }
        return new Guardrails(defaultOrder, rules, thresholds);
    }

    private static void checkKeys(String file, String prefix, JsonNode n, List<String> allowed) {
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new InputException(file + ": " + prefix + key + ": unknown key; expected one of " + allowed);
            }
        }
    }

    private static int intKey(String file, String key, JsonNode v, int fallback, int min) {
        if (v == null) {
            return fallback;
        }
        if (!v.isInt() || v.asInt() < min) {
            throw new InputException(file + ": " + key + ": expected a whole number of at least " + min + ", got '" + v.asText() + "'");
        }
        return v.asInt();
    }

    static Guardrails parse(JsonNode n, String source, EnrichmentConfig thresholds) {
        List<String> order = new ArrayList<>();
        n.path("class_order").forEach(c -> order.add(c.asText()));
        if (order.isEmpty()) {
            throw new InputException(source + ": class_order is missing");
        }
        Map<String, Rule> rules = new HashMap<>();
        for (String name : List.of(REPORTING, CASH, STRUCTURING)) {
            JsonNode r = n.path("rules").path(name);
            if (r.isMissingNode()) {
                continue;
            }
            rules.put(name, new Rule(r.path("enabled").asBoolean(true), r.path("min_class").asText(),
                    r.path("min_count").asInt(3), r.path("window_days").asInt(7)));
        }
        return new Guardrails(order, rules, thresholds);
    }

    /** Bits of {@link Coded#fired()}, in the order rules are applied and recorded. */
    public static final int FIRED_REPORTING = 1;
    public static final int FIRED_CASH = 2;
    public static final int FIRED_STRUCTURING = 4;
    private static final List<String> RULE_ORDER = List.of(REPORTING, CASH, STRUCTURING);

    /** Final class indices (in {@link #classOrder()}), the rules fired per row as bits, and the rows raised. */
    public record Coded(int[] classes, byte[] fired, int raised) {
    }

    /** The rule names of a {@link Coded#fired()} value, in the order they were applied. */
    public static List<String> firedNames(int bits) {
        List<String> out = new ArrayList<>(1);
        for (int k = 0; k < RULE_ORDER.size(); k++) {
            if ((bits & (1 << k)) != 0) {
                out.add(RULE_ORDER.get(k));
            }
        }
        return out;
    }

    /**
     * Applies the rules to the enriched table {@code t} (columns customer_id, date, amount, sector and
     * is_cash or cash) given each row's class.
     */
    public Outcome apply(Table t, String[] classes) {
        int n = t.rows();
        double[] amount = t.numeric("amount");
        String[] sector = t.column("sector");
        double[] cash = t.has("is_cash") ? t.numeric("is_cash") : t.numeric("cash");
        double[] threshold = thresholds(i -> sector[i], n);
        int[] codes = new int[n];
        for (int i = 0; i < n; i++) {
            codes[i] = classOrder.indexOf(classes[i]);
        }
        Coded c = apply(amount, threshold, cash, i -> t.column("customer_id")[i], i -> t.column("date")[i], codes);
        String[] out = classes.clone();
        List<List<String>> fired = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (c.classes()[i] != codes[i]) {
                out[i] = classOrder.get(c.classes()[i]);
            }
            fired.add(firedNames(c.fired()[i]));
        }
        return new Outcome(out, fired, c.raised());
    }

    /** The reporting threshold of each row's sector (one lookup per distinct sector). */
    public double[] thresholds(java.util.function.IntFunction<String> sector, int n) {
        double[] threshold = new double[n];
        Map<String, Double> cache = new HashMap<>();
        for (int i = 0; i < n; i++) {
            threshold[i] = cache.computeIfAbsent(sector.apply(i), thresholds::threshold);
        }
        return threshold;
    }

    /**
     * What the rules say of each row before any model does: the rules fired (bits of {@link Coded#fired()}) and
     * the least class they demand, an index in {@link #classOrder()} (-1: none). They read inputs only, so they
     * can be worked out while the rows are scored.
     */
    public record Flags(byte[] fired, int[] minClass) {
        /** Row {@code i}'s class after the rules, given the policy's {@code classIndex}: raised, never lowered. */
        public int raise(int i, int classIndex) {
            return Math.max(classIndex, minClass[i]);
        }
    }

    /**
     * The rules over primitive columns: {@code classIndex} is each row's class in {@link #classOrder()} (-1
     * for a class outside it, which any rule raises); customer and date are asked only of just-below rows.
     */
    public Coded apply(double[] amount, double[] threshold, double[] cash, java.util.function.IntFunction<String> customer,
                       java.util.function.IntFunction<String> date, int[] classIndex) {
        Flags f = flags(amount, threshold, cash, customer, date);
        int n = amount.length;
        int[] out = new int[n];
        int raised = 0;
        for (int i = 0; i < n; i++) {
            out[i] = f.raise(i, classIndex[i]);
            raised += out[i] != classIndex[i] ? 1 : 0;
        }
        return new Coded(out, f.fired(), raised);
    }

    /** The {@link Flags} of each row; customer and date are asked only of just-below rows. */
    public Flags flags(double[] amount, double[] threshold, double[] cash, java.util.function.IntFunction<String> customer,
                       java.util.function.IntFunction<String> date) {
        int n = amount.length;
        int[] min = new int[n];
        Arrays.fill(min, -1);
        byte[] fired = new byte[n];
        Rule rep = rules.get(REPORTING);
        Rule cashRule = rules.get(CASH);
        int repMin = rep == null ? -1 : classOrder.indexOf(rep.minClass());
        int cashMin = cashRule == null ? -1 : classOrder.indexOf(cashRule.minClass());
        for (int i = 0; i < n; i++) {
            if (rep != null && rep.enabled() && amount[i] >= threshold[i]) {
                min[i] = Math.max(min[i], repMin);
                fired[i] |= FIRED_REPORTING;
            }
            if (cashRule != null && cashRule.enabled() && cash[i] > 0 && amount[i] >= thresholds.cashLimit()) {
                min[i] = Math.max(min[i], cashMin);
                fired[i] |= FIRED_CASH;
            }
        }
        Rule st = rules.get(STRUCTURING);
        if (st != null && st.enabled()) {
            int stMin = classOrder.indexOf(st.minClass());
            for (int i : structuring(customer, date, amount, threshold, st)) {
                min[i] = Math.max(min[i], stMin);
                fired[i] |= FIRED_STRUCTURING;
            }
        }
        return new Flags(fired, min);
    }

    /**
     * Rows that belong to a window of {@code windowDays} days in which one customer has {@code minCount} or
     * more just-below-threshold operations summing above the threshold.
     */
    private List<Integer> structuring(java.util.function.IntFunction<String> customer, java.util.function.IntFunction<String> date,
                                      double[] amount, double[] threshold, Rule rule) {
        double fraction = thresholds.justBelowFraction();
        Map<String, List<Integer>> byCustomer = new HashMap<>();
        for (int i = 0; i < amount.length; i++) {
            double t = threshold[i];
            if (amount[i] >= (1 - fraction) * t && amount[i] < t) {
                byCustomer.computeIfAbsent(customer.apply(i), k -> new ArrayList<>()).add(i);
            }
        }
        List<Integer> flagged = new ArrayList<>();
        for (List<Integer> rows : byCustomer.values()) {
            if (rows.size() < rule.minCount()) {
                continue;
            }
            int m = rows.size();
            long[] day = new long[m];
            Integer[] order = rows.toArray(new Integer[0]);
            Map<Integer, Long> days = new HashMap<>();
            for (int r : order) {
                days.put(r, epochDay(date.apply(r)));
            }
            Arrays.sort(order, (a, b) -> Long.compare(days.get(a), days.get(b)));
            for (int k = 0; k < m; k++) {
                day[k] = days.get(order[k]);
            }
            boolean[] mark = new boolean[m];
            int lo = 0;
            double sum = 0;
            for (int hi = 0; hi < m; hi++) {
                sum += amount[order[hi]];
                while (day[hi] - day[lo] >= rule.windowDays()) {
                    sum -= amount[order[lo]];
                    lo++;
                }
                if (hi - lo + 1 >= rule.minCount() && sum > threshold[order[hi]]) {
                    for (int k = lo; k <= hi; k++) {
                        mark[k] = true;
                    }
                }
            }
            for (int k = 0; k < m; k++) {
                if (mark[k]) {
                    flagged.add(order[k]);
                }
            }
        }
        return flagged;
    }

    private static long epochDay(String date) {
        try {
            return LocalDate.parse(date.length() > 10 ? date.substring(0, 10) : date).toEpochDay();
        } catch (RuntimeException e) {
            throw new InputException("guardrails: '" + date + "' is not an ISO date (yyyy-MM-dd)");
        }
    }
}
