package org.riskbench.engine.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.riskbench.core.InputException;

/**
 * An acceptance profile (docs/spec/acceptance.md, "Profile"): immutable, validated at construction, every
 * key with the spec's default. Parameters are addressed by their dotted paths ({@link #get},
 * {@link #with}); {@link ProfileLoader#parameterPaths()} lists them. The optional top-level
 * {@code calibration} section is kept as raw YAML for the calibration engine.
 */
public final class AcceptanceProfile {

    private static final String[] PREFIXES = {"governance.acceptance.", "acceptance."};

    private final String name;
    /** Values by schema index: Integer, Double or Boolean. */
    private final Object[] values;
    private final JsonNode calibration;
    /** The values as primitive fields, for the engine's hot loop. */
    final Params params;

    AcceptanceProfile(String name, Object[] values, JsonNode calibration, String where) {
        this.name = Objects.requireNonNull(name, "name");
        this.values = values.clone();
        this.calibration = calibration == null ? null : calibration.deepCopy();
        validate(where);
        this.params = new Params(this.values);
    }

    /** The profile with every spec default, named {@code default}. */
    public static AcceptanceProfile defaults() {
        Object[] values = new Object[ProfileSchema.size()];
        for (ProfileSchema.Param p : ProfileSchema.params()) {
            values[p.index()] = p.type() == ParamType.DECIMAL ? ((Number) p.defaultValue()).doubleValue() : p.defaultValue();
        }
        return new AcceptanceProfile("default", values, null, "default profile");
    }

    public String name() {
        return name;
    }

    /** A copy of this profile under another name. */
    public AcceptanceProfile withName(String newName) {
        return new AcceptanceProfile(newName, values, calibration, "profile '" + newName + "'");
    }

    /**
     * The value at a dotted path ({@link Integer}, {@link Double} or {@link Boolean}); the prefixes
     * {@code acceptance.} and {@code governance.acceptance.} are ignored.
     *
     * @throws InputException when the path is not a parameter of the profile
     */
    public Object get(String dottedPath) {
        return values[resolve(dottedPath).index()];
    }

    /**
     * A new profile with one parameter changed. The value may be a {@link Number}, a {@link Boolean}
     * or a String holding one (as calibration grids write them); it is checked like a YAML value.
     *
     * @throws InputException naming the path when it is unknown, of the wrong type or out of range
     */
    public AcceptanceProfile with(String dottedPath, Object value) {
        ProfileSchema.Param p = resolve(dottedPath);
        Object[] copy = values.clone();
        copy[p.index()] = coerce(p, value, "parameter");
        return new AcceptanceProfile(name, copy, calibration, "profile '" + name + "'");
    }

    /** The raw {@code calibration} section (objective_weights, hard_constraints), if the file had one. */
    public Optional<JsonNode> calibration() {
        return Optional.ofNullable(calibration).map(JsonNode::deepCopy);
    }

    /** The {@code ci_gating} section. */
    public CiGating ciGating() {
        return new CiGating(params.ciEmaBeta, params.ciTolerance, params.ciEnterWarn, params.ciExitWarn);
    }

    public int warmup() {
        return params.warmup;
    }

    public double alphaTarget() {
        return params.alphaTarget;
    }

    /**
     * All values as a nested tree in the spec's key order (plus {@code calibration} when present),
     * ready to be written as YAML or diffed against another profile.
     */
    public ObjectNode toTree() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (ProfileSchema.Param p : ProfileSchema.params()) {
            String[] parts = p.path().split("\\.");
            ObjectNode node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = node.get(parts[i]);
                node = child == null ? node.putObject(parts[i]) : (ObjectNode) child;
            }
            Object v = values[p.index()];
            String key = parts[parts.length - 1];
            if (ProfileSchema.optionalBound(p) && v instanceof Double d && d.isInfinite()) {
                continue; // no bound: the profile reads as it did before the key existed
            }
            if (v instanceof Integer i) {
                node.put(key, i);
            } else if (v instanceof Double d) {
                node.put(key, d);
            } else {
                node.put(key, (Boolean) v);
            }
        }
        if (calibration != null) {
            root.set(ProfileSchema.CALIBRATION, calibration.deepCopy());
        }
        return root;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AcceptanceProfile other && name.equals(other.name)
                && Arrays.equals(values, other.values) && Objects.equals(calibration, other.calibration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(values), calibration);
    }

    @Override
    public String toString() {
        return "AcceptanceProfile[" + name + "]";
    }

    static ProfileSchema.Param resolve(String dottedPath) {
        String path = Objects.requireNonNull(dottedPath, "path").trim();
        for (String prefix : PREFIXES) {
            if (path.startsWith(prefix)) {
                path = path.substring(prefix.length());
                break;
            }
        }
        ProfileSchema.Param p = ProfileSchema.byPath(path);
        if (p == null) {
            String section = ProfileSchema.isSection(path) ? path : ProfileSchema.enclosingSection(path);
            throw new InputException("'" + dottedPath + "' is not a parameter of the acceptance profile; valid keys of "
                    + (section.isEmpty() ? "the top level" : "'" + section + "'") + ": " + ProfileSchema.keysOf(section)
                    + " (see docs/spec/acceptance.md)");
        }
        return p;
    }

    /**
     * Converts a YAML scalar or a Java value to the parameter's type, or throws naming the key, the
     * value and the expected type. {@code what} is "key" for files, "parameter" for {@link #with}.
     */
    static Object coerce(ProfileSchema.Param p, Object raw, String what) {
        Object v = raw instanceof JsonNode node ? fromNode(node) : raw;
        if (ProfileSchema.optionalBound(p) && (v == null || v instanceof JsonNode n && n.isNull()
                || v instanceof String s && List.of("none", "null", "inf", ".inf", "infinity").contains(s.trim().toLowerCase(java.util.Locale.ROOT))
                || v instanceof Double d && d == Double.POSITIVE_INFINITY)) {
            return Double.POSITIVE_INFINITY;
        }
        if (v instanceof String s) {
            v = parseString(s.trim());
        }
        switch (p.type()) {
            case BOOLEAN:
                if (v instanceof Boolean) {
                    return v;
                }
                break;
            case INTEGER:
                if (v instanceof Number n && !(v instanceof Double || v instanceof Float)) {
                    long l = n.longValue();
                    if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE && (double) l == n.doubleValue()) {
                        return (int) l;
                    }
                } else if (v instanceof Number n) {
                    double d = n.doubleValue();
                    if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                        return (int) d;
                    }
                }
                break;
            case DECIMAL:
                if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                    return n.doubleValue();
                }
                break;
            default:
                break;
        }
        throw new InputException(what + " '" + p.path() + "' has value " + describe(raw) + " but must be "
                + p.type().article() + ".");
    }

    private static Object fromNode(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        return node; // null, sequence, mapping: wrong type whatever the parameter
    }

    /** Grid values and some YAML scalars (e.g. {@code 1e-9} under YAML 1.1) arrive as strings. */
    private static Object parseString(String s) {
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        if (s.matches("[-+]?[0-9]+")) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return s;
            }
        }
        if (s.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
            return Double.parseDouble(s);
        }
        return s;
    }

    private static String describe(Object raw) {
        if (raw == null || raw instanceof JsonNode n && n.isNull()) {
            return "(empty)";
        }
        if (raw instanceof JsonNode n) {
            if (n.isContainerNode()) {
                return n.isArray() ? "(a list)" : "(a mapping)";
            }
            return "'" + n.asText() + "'";
        }
        return "'" + raw + "'";
    }

    private void validate(String where) {
        for (ProfileSchema.Param p : ProfileSchema.params()) {
            Object v = values[p.index()];
            if (v == null) {
                throw new IllegalStateException("no value for " + p.path());
            }
            if (v instanceof Number n) {
                String problem = p.check().test(n.doubleValue());
                if (problem != null) {
                    throw new InputException(where + ": key '" + p.path() + "' is " + v + " but " + problem + ".");
                }
            }
        }
        double aMin = d(ProfileSchema.ALPHA_MIN);
        double aTarget = d(ProfileSchema.ALPHA_TARGET);
        double aMax = d(ProfileSchema.ALPHA_MAX);
        if (!(aMin <= aTarget && aTarget <= aMax)) {
            throw new InputException(where + ": keys 'icp.alpha_min' (" + aMin + "), 'icp.alpha_target' (" + aTarget
                    + ") and 'icp.alpha_max' (" + aMax + ") must satisfy alpha_min <= alpha_target <= alpha_max.");
        }
        double nMin = d(ProfileSchema.MIN_NOTIONAL);
        double nMax = d(ProfileSchema.MAX_NOTIONAL);
        if (nMin > nMax) {
            throw new InputException(where + ": key 'execution.min_notional' (" + nMin
                    + ") must not exceed 'execution.max_notional' (" + nMax + ").");
        }
    }

    private double d(int index) {
        return (Double) values[index];
    }

    /** Primitive copy of the values, read once per replay. */
    static final class Params {
        final double lamMu;
        final double lamSigma;
        final int warmup;
        final double sigmaFloor;
        final double alphaTarget;
        final double gamma;
        final double alphaMin;
        final double alphaMax;
        final int icpWindow;
        final double coverageBeta;
        final double huberDelta;
        final int surprisalWindow;
        final int latencyWindow;
        final double widthFloor;
        final int widthWindow;
        final double covSoft;
        final double covHard;
        final int streakHard;
        final double latSoft;
        final double latHard;
        final double surSoft;
        final double surHard;
        final double widthSoft;
        final double widthHard;
        final double kappaSoft;
        final double penCoverage;
        final double penLatency;
        final double penSurprisal;
        final double penWidth;
        final double penKappa;
        final double tauPass;
        final double tauDerisk;
        final double tauPassUp;
        final int downgradeConfirm;
        final int dwellDerisk;
        final int dwellPass;
        final int blockCooldown;
        final boolean fastPath;
        final int extendedRecovery;
        final double baseNotional;
        /** scale by State ordinal (PASS, DERISK, BLOCK). */
        final double[] scale;
        final boolean hardBlockOnGuard;
        final double minNotional;
        final double maxNotional;
        final double ciEmaBeta;
        final double ciTolerance;
        final int ciEnterWarn;
        final int ciExitWarn;

        Params(Object[] v) {
            lamMu = 1 - Math.pow(2, -1.0 / (Double) v[ProfileSchema.MU_HALFLIFE]);
            lamSigma = 1 - Math.pow(2, -1.0 / (Double) v[ProfileSchema.SIGMA_HALFLIFE]);
            warmup = (Integer) v[ProfileSchema.WARMUP];
            sigmaFloor = (Double) v[ProfileSchema.SIGMA_FLOOR];
            alphaTarget = (Double) v[ProfileSchema.ALPHA_TARGET];
            gamma = (Double) v[ProfileSchema.GAMMA];
            alphaMin = (Double) v[ProfileSchema.ALPHA_MIN];
            alphaMax = (Double) v[ProfileSchema.ALPHA_MAX];
            icpWindow = (Integer) v[ProfileSchema.ICP_WINDOW];
            coverageBeta = (Double) v[ProfileSchema.COVERAGE_EMA_BETA];
            huberDelta = (Double) v[ProfileSchema.HUBER_DELTA];
            surprisalWindow = (Integer) v[ProfileSchema.SURPRISAL_WINDOW];
            latencyWindow = (Integer) v[ProfileSchema.LATENCY_WINDOW];
            widthFloor = (Double) v[ProfileSchema.WIDTH_FLOOR];
            widthWindow = (Integer) v[ProfileSchema.WIDTH_WINDOW];
            covSoft = (Double) v[ProfileSchema.G_COV_SOFT];
            covHard = (Double) v[ProfileSchema.G_COV_HARD];
            streakHard = (Integer) v[ProfileSchema.G_STREAK_HARD];
            latSoft = (Double) v[ProfileSchema.G_LAT_SOFT];
            latHard = (Double) v[ProfileSchema.G_LAT_HARD];
            surSoft = (Double) v[ProfileSchema.G_SUR_SOFT];
            surHard = (Double) v[ProfileSchema.G_SUR_HARD];
            widthSoft = (Double) v[ProfileSchema.G_WIDTH_SOFT];
            widthHard = (Double) v[ProfileSchema.G_WIDTH_HARD];
            kappaSoft = (Double) v[ProfileSchema.G_KAPPA_SOFT];
            penCoverage = (Double) v[ProfileSchema.P_COVERAGE];
            penLatency = (Double) v[ProfileSchema.P_LATENCY];
            penSurprisal = (Double) v[ProfileSchema.P_SURPRISAL];
            penWidth = (Double) v[ProfileSchema.P_WIDTH];
            penKappa = (Double) v[ProfileSchema.P_KAPPA];
            tauPass = (Double) v[ProfileSchema.TAU_PASS];
            tauDerisk = (Double) v[ProfileSchema.TAU_DERISK];
            tauPassUp = (Double) v[ProfileSchema.TAU_PASS_UP];
            downgradeConfirm = (Integer) v[ProfileSchema.DOWNGRADE_CONFIRM];
            dwellDerisk = (Integer) v[ProfileSchema.DWELL_DERISK];
            dwellPass = (Integer) v[ProfileSchema.DWELL_PASS];
            blockCooldown = (Integer) v[ProfileSchema.BLOCK_COOLDOWN];
            fastPath = (Boolean) v[ProfileSchema.FAST_PATH];
            extendedRecovery = (Integer) v[ProfileSchema.EXTENDED_RECOVERY];
            baseNotional = (Double) v[ProfileSchema.BASE_NOTIONAL];
            scale = new double[] {(Double) v[ProfileSchema.SCALE_PASS], (Double) v[ProfileSchema.SCALE_DERISK],
                (Double) v[ProfileSchema.SCALE_BLOCK]};
            hardBlockOnGuard = (Boolean) v[ProfileSchema.HARD_BLOCK_ON_GUARD];
            minNotional = (Double) v[ProfileSchema.MIN_NOTIONAL];
            maxNotional = (Double) v[ProfileSchema.MAX_NOTIONAL];
            ciEmaBeta = (Double) v[ProfileSchema.CI_EMA_BETA];
            ciTolerance = (Double) v[ProfileSchema.CI_TOLERANCE];
            ciEnterWarn = (Integer) v[ProfileSchema.CI_ENTER_WARN];
            ciExitWarn = (Integer) v[ProfileSchema.CI_EXIT_WARN];
        }
    }
}
