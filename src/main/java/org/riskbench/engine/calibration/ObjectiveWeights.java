package org.riskbench.engine.calibration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.engine.acceptance.AcceptanceProfile;

/**
 * The weights of ScoreV1 (docs/spec/calibration.md, "Objective"), and the score itself.
 *
 * @param source where the weights came from: {@code option}, {@code profile} or {@code default}
 */
public record ObjectiveWeights(double wPass, double wDerisk, double wBlock, double wViol, double wLat, double wSur,
                               double wFlap, double wCov, String source) {

    /** Canonical keys, in the order of the formula. */
    public static final List<String> KEYS = List.of("w_pass", "w_derisk", "w_block", "w_viol", "w_lat", "w_sur",
            "w_flap", "w_cov");
    /** Aliases, index for index with {@link #KEYS}. */
    public static final List<String> ALIASES = List.of("pass", "derisk", "blocked", "viol", "latency", "surprisal",
            "flap", "coverage");

    /** {@code w_pass=1,w_derisk=0.5,w_block=2,w_viol=1,w_lat=0.5,w_sur=0.5,w_flap=0.5,w_cov=2}. */
    public static final ObjectiveWeights DEFAULTS = new ObjectiveWeights(1, 0.5, 2, 1, 0.5, 0.5, 0.5, 2, "default");

    public ObjectiveWeights {
        double[] all = {wPass, wDerisk, wBlock, wViol, wLat, wSur, wFlap, wCov};
        for (int i = 0; i < all.length; i++) {
            if (!Double.isFinite(all[i])) {
                throw new InputException("objective weight '" + KEYS.get(i) + "' is " + all[i] + " but must be a finite number.");
            }
        }
    }

    /**
     * The weights to use: the option when given, else the profile's {@code calibration.objective_weights},
     * else {@link #DEFAULTS}. Absent keys weigh 0 in the option and in the profile section.
     */
    public static ObjectiveWeights resolve(String optionOrNull, AcceptanceProfile profile) {
        if (optionOrNull != null) {
            return parse(optionOrNull);
        }
        JsonNode w = profile.calibration().map(c -> c.get("objective_weights")).orElse(null);
        if (w != null && w.isObject()) {
            double[] v = new double[KEYS.size()];
            boolean[] set = new boolean[KEYS.size()];
            Iterator<Map.Entry<String, JsonNode>> it = w.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String where = "profile '" + profile.name() + "': calibration.objective_weights";
                put(v, set, e.getKey(), e.getValue().doubleValue(), where, e.getKey());
            }
            return of(v, "profile");
        }
        return DEFAULTS;
    }

    /**
     * Parses {@code key=value} or {@code key:value} pairs separated by commas; keys and aliases of the
     * spec; absent keys weigh 0.
     *
     * @throws InputException for an unknown or repeated key or a value that is not a number
     */
    public static ObjectiveWeights parse(String spec) {
        if (spec.isBlank()) {
            throw new InputException("--objective-weights is empty; give key=value pairs such as 'w_pass=1,w_block=2'.");
        }
        double[] v = new double[KEYS.size()];
        boolean[] set = new boolean[KEYS.size()];
        for (String item : spec.split(",", -1)) {
            String t = item.trim();
            if (t.isEmpty()) {
                continue;
            }
            int sep = t.indexOf('=');
            int colon = t.indexOf(':');
            if (sep < 0 || colon >= 0 && colon < sep) {
                sep = colon;
            }
            if (sep < 0) {
                throw new InputException("objective weight '" + t + "' is not key=value or key:value; keys: "
                        + String.join(", ", KEYS) + ".");
            }
            String key = t.substring(0, sep).trim();
            String num = t.substring(sep + 1).trim();
            double d;
            try {
                d = Double.parseDouble(num);
            } catch (NumberFormatException e) {
                throw new InputException("objective weight '" + t + "': '" + num + "' is not a number.");
            }
            if (!num.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                throw new InputException("objective weight '" + t + "': '" + num + "' is not a finite decimal number.");
            }
            put(v, set, key, d, "objective weight", t);
        }
        return of(v, "option");
    }

    private static void put(double[] v, boolean[] set, String key, double value, String where, String item) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        int i = KEYS.indexOf(k);
        if (i < 0) {
            i = ALIASES.indexOf(k);
        }
        if (i < 0) {
            throw new InputException(where + " '" + item + "': unknown key '" + key + "'; keys: " + String.join(", ", KEYS)
                    + " (aliases " + String.join(", ", ALIASES) + ").");
        }
        if (set[i]) {
            throw new InputException(where + " '" + item + "': weight '" + KEYS.get(i) + "' is given twice.");
        }
        set[i] = true;
        v[i] = value;
    }

    private static ObjectiveWeights of(double[] v, String source) {
        return new ObjectiveWeights(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], source);
    }

    /** The weights by canonical key, in formula order. */
    public Map<String, Double> asMap() {
        double[] v = {wPass, wDerisk, wBlock, wViol, wLat, wSur, wFlap, wCov};
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            m.put(KEYS.get(i), v[i]);
        }
        return m;
    }

    /**
     * ScoreV1 of a point, evaluated left to right in the spec's order. A term whose weight is 0 is
     * skipped (so a zero soft bound cannot turn an unused term into NaN); a ratio 0/0 counts as 0.
     *
     * @param m       the point's metrics
     * @param profile the point's own profile (for the soft bounds that normalise latency and surprisal)
     */
    public double score(Metrics m, AcceptanceProfile profile) {
        double latSoft = ((Number) profile.get("guards.latency_p95.soft")).doubleValue();
        double surSoft = ((Number) profile.get("guards.surprisal_p95.soft")).doubleValue();
        double s = 0.0;
        s = plus(s, wPass, m.get("pass_share"));
        s = minus(s, wDerisk, m.get("derisk_share"));
        s = minus(s, wBlock, m.get("block_share"));
        s = minus(s, wViol, m.get("violation_rate"));
        s = minus(s, wLat, ratio(m.get("latency_p95_ms"), latSoft));
        s = minus(s, wSur, ratio(m.get("surprisal_p95"), surSoft));
        s = minus(s, wFlap, m.get("flap_rate_k") / 10);
        s = minus(s, wCov, m.get("coverage_abs_err"));
        return s;
    }

    private static double plus(double s, double w, double x) {
        return w == 0 ? s : s + w * x;
    }

    private static double minus(double s, double w, double x) {
        return w == 0 ? s : s - w * x;
    }

    private static double ratio(double a, double b) {
        return a == 0 && b == 0 ? 0.0 : a / b;
    }
}
