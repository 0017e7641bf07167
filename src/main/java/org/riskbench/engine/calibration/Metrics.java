package org.riskbench.engine.calibration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.riskbench.engine.acceptance.ReplaySummary;
import org.riskbench.engine.acceptance.State;

/**
 * The summary metrics of a replay flattened to named columns (docs/calibration-notes.md, "Metric
 * names"): the summary keys in the spec's order, nested maps flattened as {@code parent.child}
 * ({@code violation_events.coverage}, {@code transitions.PASS->DERISK}), except that
 * {@code exec_block_rate_by_reason.X} is named {@code exec_block_rate.X} as in the spec's example.
 * {@code final_state} is the only text metric; every other one is numeric.
 */
public final class Metrics {

    /** Every metric column, in order; the last one is {@code final_state}. */
    public static final List<String> NAMES;
    /** The numeric metric names (all but {@code final_state}), the index space of {@link #values}. */
    public static final List<String> NUMERIC;
    private static final boolean[] INTEGER;
    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        ReplaySummary zero = new ReplaySummary(0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, Map.of(), 0, 0, 0, Map.of(), 0,
                State.PASS);
        List<String> names = new ArrayList<>();
        List<Boolean> ints = new ArrayList<>();
        walk(zero.toJson(), "", names, ints);
        NAMES = Collections.unmodifiableList(names);
        NUMERIC = List.copyOf(names.subList(0, names.size() - 1));
        INTEGER = new boolean[NUMERIC.size()];
        for (int i = 0; i < NUMERIC.size(); i++) {
            INTEGER[i] = ints.get(i);
            INDEX.put(NUMERIC.get(i), i);
        }
        if (!names.get(names.size() - 1).equals("final_state")) {
            throw new IllegalStateException("final_state must be the last summary key");
        }
    }

    private final double[] values;
    private final String finalState;

    private Metrics(double[] values, String finalState) {
        this.values = values;
        this.finalState = finalState;
    }

    /** Flattens a summary. */
    public static Metrics of(ReplaySummary s) {
        double[] v = new double[NUMERIC.size()];
        List<String> names = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        collect(s.toJson(), "", names, vals);
        for (int i = 0; i < names.size(); i++) {
            Integer idx = INDEX.get(names.get(i));
            if (idx == null && names.get(i).equals("exec_block_rate.guard_width")) {
                continue; // the optional hard width bound's share: within exec_block_rate, so the columns stay the same
            }
            if (idx == null) {
                throw new IllegalStateException("unexpected summary key " + names.get(i));
            }
            v[idx] = vals.get(i);
        }
        return new Metrics(v, s.finalState().name());
    }

    /** For tests and hand-made sets: the named values (missing ones are 0), and a final state. */
    public static Metrics of(Map<String, Double> named, String finalState) {
        double[] v = new double[NUMERIC.size()];
        for (Map.Entry<String, Double> e : named.entrySet()) {
            Integer idx = index(e.getKey());
            if (idx == null) {
                throw new IllegalArgumentException("unknown metric " + e.getKey());
            }
            v[idx] = e.getValue();
        }
        return new Metrics(v, finalState);
    }

    /**
     * The index of a numeric metric by name, accepting {@code exec_block_rate_by_reason.X} for
     * {@code exec_block_rate.X}; null when there is no such numeric metric.
     */
    public static Integer index(String name) {
        Integer i = INDEX.get(name);
        if (i == null && name.startsWith("exec_block_rate_by_reason.")) {
            i = INDEX.get("exec_block_rate." + name.substring("exec_block_rate_by_reason.".length()));
        }
        return i;
    }

    /** Whether the numeric metric at {@code index} is a count or an integer (written without a fraction). */
    public static boolean isInteger(int index) {
        return INTEGER[index];
    }

    public double get(int index) {
        return values[index];
    }

    public double get(String name) {
        Integer i = index(name);
        if (i == null) {
            throw new IllegalArgumentException("unknown metric " + name);
        }
        return values[i];
    }

    public String finalState() {
        return finalState;
    }

    /** The metrics as an ordered JSON object (flat names; counts as integers). */
    public ObjectNode toJson() {
        ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < values.length; i++) {
            putNumber(o, NUMERIC.get(i), values[i], INTEGER[i]);
        }
        o.put("final_state", finalState);
        return o;
    }

    static void putNumber(ObjectNode o, String key, double v, boolean integer) {
        if (!Double.isFinite(v)) {
            o.putNull(key);
        } else if (integer) {
            o.put(key, (long) v);
        } else {
            o.put(key, v);
        }
    }

    private static String flatName(String prefix, String key) {
        if (prefix.isEmpty()) {
            return key;
        }
        String parent = prefix.equals("exec_block_rate_by_reason") ? "exec_block_rate" : prefix;
        return parent + "." + key;
    }

    private static void walk(JsonNode node, String prefix, List<String> names, List<Boolean> ints) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                walk(e.getValue(), e.getKey(), names, ints);
            } else {
                names.add(flatName(prefix, e.getKey()));
                ints.add(e.getValue().isIntegralNumber());
            }
        }
    }

    private static void collect(JsonNode node, String prefix, List<String> names, List<Double> vals) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                collect(v, e.getKey(), names, vals);
            } else if (v.isNumber()) {
                names.add(flatName(prefix, e.getKey()));
                vals.add(v.doubleValue());
            }
        }
    }
}
