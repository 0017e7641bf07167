package org.riskbench.engine.acceptance;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The summary of a replay over its counted steps (docs/spec/acceptance.md, "Trace and summary"). Maps have
 * a fixed key set in a fixed order (docs/acceptance-notes.md): {@code violationEvents} by guard key,
 * {@code transitions} by {@code FROM->TO} for all six pairs, {@code execBlockRateByReason} for the four
 * reasons, each normalised by {@code nSteps}.
 */
public record ReplaySummary(
        int nSteps,
        double passShare,
        double deriskShare,
        double blockShare,
        double coverageEmpirical,
        double coverageAbsErr,
        double surprisalP95,
        double latencyP95Ms,
        Map<String, Integer> violationEvents,
        double violationRate,
        Map<String, Integer> transitions,
        double flapRateK,
        double avgRiskScale,
        double execBlockRate,
        Map<String, Double> execBlockRateByReason,
        double finalAlpha,
        State finalState) {

    /** The summary keys, in the spec's order (the keys of summary.json). */
    public static final List<String> KEYS = List.of("n_steps", "pass_share", "derisk_share", "block_share",
            "coverage_empirical", "coverage_abs_err", "surprisal_p95", "latency_p95_ms", "violation_events",
            "violation_rate", "transitions", "flap_rate_k", "avg_risk_scale", "exec_block_rate",
            "exec_block_rate_by_reason", "final_alpha", "final_state");

    public ReplaySummary {
        violationEvents = Map.copyOf(violationEvents);
        transitions = Map.copyOf(transitions);
        execBlockRateByReason = Map.copyOf(execBlockRateByReason);
    }

    /** Total number of state changes. */
    public int transitionCount() {
        int n = 0;
        for (int c : transitions.values()) {
            n += c;
        }
        return n;
    }

    /** The summary as JSON with the spec's keys in the spec's order; maps in a fixed order. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("n_steps", nSteps);
        o.put("pass_share", passShare);
        o.put("derisk_share", deriskShare);
        o.put("block_share", blockShare);
        o.put("coverage_empirical", coverageEmpirical);
        o.put("coverage_abs_err", coverageAbsErr);
        o.put("surprisal_p95", surprisalP95);
        o.put("latency_p95_ms", latencyP95Ms);
        ObjectNode ve = o.putObject("violation_events");
        for (Guard g : Guard.values()) {
            ve.put(g.key(), violationEvents.getOrDefault(g.key(), 0));
        }
        o.put("violation_rate", violationRate);
        ObjectNode tr = o.putObject("transitions");
        for (String key : transitionKeys()) {
            tr.put(key, transitions.getOrDefault(key, 0));
        }
        o.put("flap_rate_k", flapRateK);
        o.put("avg_risk_scale", avgRiskScale);
        o.put("exec_block_rate", execBlockRate);
        ObjectNode br = o.putObject("exec_block_rate_by_reason");
        for (BlockReason r : BlockReason.values()) {
            // guard_width only when the profile has the optional hard width bound (the engine then lists it)
            if (r != BlockReason.NONE && (r != BlockReason.GUARD_WIDTH || execBlockRateByReason.containsKey(r.key()))) {
                br.put(r.key(), execBlockRateByReason.getOrDefault(r.key(), 0.0));
            }
        }
        o.put("final_alpha", finalAlpha);
        o.put("final_state", finalState.name());
        return o;
    }

    /** Reads a summary back from its JSON ({@link #toJson()}); missing map keys read as 0. */
    public static ReplaySummary fromJson(com.fasterxml.jackson.databind.JsonNode o) {
        Map<String, Integer> ve = new java.util.LinkedHashMap<>();
        for (Guard g : Guard.values()) {
            ve.put(g.key(), o.path("violation_events").path(g.key()).asInt());
        }
        Map<String, Integer> tr = new java.util.LinkedHashMap<>();
        for (String key : transitionKeys()) {
            tr.put(key, o.path("transitions").path(key).asInt());
        }
        Map<String, Double> br = new java.util.LinkedHashMap<>();
        for (BlockReason r : BlockReason.values()) {
            if (r != BlockReason.NONE && (r != BlockReason.GUARD_WIDTH || o.path("exec_block_rate_by_reason").has(r.key()))) {
                br.put(r.key(), o.path("exec_block_rate_by_reason").path(r.key()).asDouble());
            }
        }
        return new ReplaySummary(o.path("n_steps").asInt(), o.path("pass_share").asDouble(), o.path("derisk_share").asDouble(),
                o.path("block_share").asDouble(), o.path("coverage_empirical").asDouble(), o.path("coverage_abs_err").asDouble(),
                o.path("surprisal_p95").asDouble(), o.path("latency_p95_ms").asDouble(), ve, o.path("violation_rate").asDouble(),
                tr, o.path("flap_rate_k").asDouble(), o.path("avg_risk_scale").asDouble(), o.path("exec_block_rate").asDouble(),
                br, o.path("final_alpha").asDouble(), State.valueOf(o.path("final_state").asText("PASS")));
    }

    /** The six transition keys, {@code FROM->TO}, in state order. */
    public static List<String> transitionKeys() {
        return List.of("PASS->DERISK", "PASS->BLOCK", "DERISK->PASS", "DERISK->BLOCK", "BLOCK->PASS", "BLOCK->DERISK");
    }
}
