package org.riskbench.engine.calibration;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.InputFiles;
import org.riskbench.core.TextFiles;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.acceptance.ParamType;
import org.riskbench.engine.acceptance.ParameterPath;
import org.riskbench.engine.acceptance.ProfileLoader;

/**
 * A calibration grid (docs/spec/calibration.md, "Grid syntax"): assignments {@code path=values}, validated
 * against the acceptance profile's parameters. The grid is the cartesian product of the assignments in
 * the order given, the last one varying fastest; {@link #point(long)} maps a point index to its values
 * by mixed-radix arithmetic, so the product is never materialised.
 *
 * <p>Each assignment keeps the path as the user wrote it (trimmed) for display and for the column names
 * of {@code calib_results.csv}; {@link Assignment#key()} is the canonical parameter path (the prefixes
 * {@code acceptance.} and {@code governance.acceptance.} removed).
 */
public final class Grid {

    /** Default of {@code --max-points}. */
    public static final long DEFAULT_MAX_POINTS = 100_000L;

    private static final String[] PREFIXES = {"governance.acceptance.", "acceptance."};
    private static final Map<String, ParameterPath> PARAMS = new HashMap<>();

    static {
        for (ParameterPath p : ProfileLoader.parameterPaths()) {
            PARAMS.put(p.path(), p);
        }
    }

    /**
     * One assignment of the grid.
     *
     * @param path   the path as written (trimmed), used for CSV columns and {@code params}
     * @param key    the canonical parameter path
     * @param type   the parameter's type
     * @param values the values, typed for the key (Integer, Double or Boolean), in the order given
     * @param text   the assignment as written, for messages
     */
    public record Assignment(String path, String key, ParamType type, List<Object> values, String text) {
        public Assignment {
            values = List.copyOf(values);
        }
    }

    private final String spec;
    private final List<Assignment> assignments;
    private final long size;
    private final int[] radix;

    private Grid(String spec, List<Assignment> assignments, long size) {
        this.spec = spec;
        this.assignments = List.copyOf(assignments);
        this.size = size;
        this.radix = new int[assignments.size()];
        for (int i = 0; i < radix.length; i++) {
            radix[i] = assignments.get(i).values().size();
        }
    }

    /** Parses a grid with the default {@code --max-points}; see {@link #parse(String, long)}. */
    public static Grid parse(String spec) {
        return parse(spec, DEFAULT_MAX_POINTS);
    }

    /**
     * Parses an inline grid or {@code @FILE} ({@code .txt}, {@code .yaml}/{@code .yml}, {@code .json};
     * relative paths against the working directory).
     *
     * @throws InputException naming the assignment (and file:line where known) for an unknown path, a
     *                        value of the wrong type, an empty list, a repeated path, or a grid larger than
     *                        {@code maxPoints} (with its size)
     */
    public static Grid parse(String spec, long maxPoints) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.trim();
        List<Raw> raws;
        if (s.startsWith("@")) {
            raws = readFile(Path.of(s.substring(1).trim()));
        } else {
            raws = parseInline(s);
        }
        return build(spec, raws, maxPoints);
    }

    /** The grid as the user gave it (inline text or {@code @FILE}). */
    public String spec() {
        return spec;
    }

    public List<Assignment> assignments() {
        return assignments;
    }

    /** Number of points (the product of the value counts). */
    public long size() {
        return size;
    }

    /** The paths as written, in order: the grid columns of {@code calib_results.csv}. */
    public List<String> paths() {
        return assignments.stream().map(Assignment::path).toList();
    }

    /**
     * The values of point {@code index} (0-based), one per assignment: the last assignment varies
     * fastest, like nested loops.
     */
    public Object[] point(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("point " + index + " of a grid of " + size);
        }
        Object[] out = new Object[radix.length];
        long rest = index;
        for (int j = radix.length - 1; j >= 0; j--) {
            out[j] = assignments.get(j).values().get((int) (rest % radix[j]));
            rest /= radix[j];
        }
        return out;
    }

    /** The profile of point {@code index}: {@code base} with the point's values applied. */
    public AcceptanceProfile apply(AcceptanceProfile base, long index) {
        Object[] values = point(index);
        AcceptanceProfile p = base;
        for (int j = 0; j < values.length; j++) {
            p = p.with(assignments.get(j).key(), values[j]);
        }
        return p;
    }

    @Override
    public String toString() {
        return "Grid[" + size + " points: " + paths() + "]";
    }

    /** The canonical parameter path of a grid path (prefixes stripped), or null when unknown. */
    static String canonical(String path) {
        String p = path.trim();
        for (String prefix : PREFIXES) {
            if (p.startsWith(prefix)) {
                p = p.substring(prefix.length());
                break;
            }
        }
        return PARAMS.containsKey(p) ? p : null;
    }

    // ---------------------------------------------------------------- parsing

    /** An assignment before validation: where it comes from, its path and its value literals. */
    private record Raw(String where, String text, String path, List<Object> values) {
    }

    private static List<Raw> parseInline(String s) {
        if (s.isEmpty()) {
            throw new InputException("the grid is empty; give assignments like 'hysteresis.dwell_pass=[5,10];"
                    + "kappa.tau_pass=0.72,0.75' or @FILE.");
        }
        List<Raw> out = new ArrayList<>();
        String[] parts = s.split(";", -1);
        int n = 0;
        for (String part : parts) {
            if (part.isBlank()) {
                continue; // a trailing or doubled ';'
            }
            n++;
            out.add(parseAssignment(part.trim(), "grid assignment " + n));
        }
        if (out.isEmpty()) {
            throw new InputException("the grid '" + s + "' holds no assignment; give path=values pairs separated by ';'.");
        }
        return out;
    }

    /** {@code path=[v1,v2]} or {@code path=v1,v2}. */
    private static Raw parseAssignment(String text, String where) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new InputException(where + " '" + text + "' has no '='; write it as path=v1,v2 or path=[v1,v2].");
        }
        String path = text.substring(0, eq).trim();
        if (path.isEmpty()) {
            throw new InputException(where + " '" + text + "' has no path before '='.");
        }
        String list = text.substring(eq + 1).trim();
        if (list.startsWith("[")) {
            if (!list.endsWith("]")) {
                throw new InputException(where + " '" + text + "' opens '[' without closing it.");
            }
            list = list.substring(1, list.length() - 1).trim();
        }
        List<Object> values = new ArrayList<>();
        if (!list.isEmpty()) {
            for (String v : list.split(",", -1)) {
                String t = v.trim();
                if (t.isEmpty()) {
                    throw new InputException(where + " '" + text + "' has an empty value in its list.");
                }
                if (t.chars().anyMatch(Character::isWhitespace) || t.contains("[") || t.contains("]")) {
                    throw new InputException(where + " '" + text + "': value '" + t
                            + "' is not a number, true/false or a string without spaces.");
                }
                values.add(literal(t));
            }
        }
        return new Raw(where, text, path, values);
    }

    /** Integer, decimal, true/false, else the bare string. */
    static Object literal(String t) {
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        if (t.matches("[-+]?[0-9]+")) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                return t;
            }
        }
        if (t.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
            return Double.parseDouble(t);
        }
        return t;
    }

    private static List<Raw> readFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        String text = TextFiles.read(file, file.toString(), InputFiles.Kind.GRID);
        if (name.endsWith(".txt")) {
            return parseTxt(text, file.toString());
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return parseTree(text, file.toString(), Json.YAML);
        }
        if (name.endsWith(".json")) {
            return parseTree(text, file.toString(), Json.MAPPER);
        }
        throw new InputException(file + ": unknown grid file type; use .txt, .yaml, .yml or .json.");
    }

    /**
     * The assignments of a {@code .txt} grid file as written, {@code path -> values} in file order, without checking
     * them (a path or value may be wrong): for an editor that shows a grid the user is still fixing. Comments and blank
     * lines are dropped as {@link #parse} drops them; a line without {@code =} is a path with no values.
     */
    public static List<Map.Entry<String, String>> txtAssignmentsAsWritten(Path file) {
        String text = TextFiles.read(file, file.toString(), InputFiles.Kind.GRID);
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String line : txtLines(text)) {
            if (line != null) {
                int eq = line.indexOf('=');
                out.add(eq < 0 ? Map.entry(line, "") : Map.entry(line.substring(0, eq).trim(), line.substring(eq + 1).trim()));
            }
        }
        return out;
    }

    /** The lines of a {@code .txt} grid, comments removed and trimmed; null for a line that holds no assignment. */
    private static List<String> txtLines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\r?\n|\r", -1)) {
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.trim();
            out.add(line.isEmpty() ? null : line);
        }
        return out;
    }

    /** One assignment per line; {@code #} starts a comment (whole line or trailing); blank lines ignored. */
    private static List<Raw> parseTxt(String text, String source) {
        List<Raw> out = new ArrayList<>();
        List<String> lines = txtLines(text);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line != null) {
                out.add(parseAssignment(line, source + ":" + (i + 1) + ": grid assignment"));
            }
        }
        if (out.isEmpty()) {
            throw new InputException(source + ": the grid file holds no assignment (one path=values per line).");
        }
        return out;
    }

    /**
     * A mapping from path to a list of values. Nested mappings are flattened to dotted paths
     * ({@code hysteresis: {dwell_pass: [5, 10]}}); a scalar is a one-value list.
     */
    private static List<Raw> parseTree(String text, String source, ObjectMapper mapper) {
        JsonNode root;
        try {
            root = mapper.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(text);
        } catch (JsonProcessingException e) {
            throw Json.syntaxError(source, e, "not a valid grid file");
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new InputException(source + ": a grid file must be a mapping from parameter path to a list of "
                    + "values (e.g. 'hysteresis.dwell_pass: [5, 10]').");
        }
        List<Raw> out = new ArrayList<>();
        flatten(root, "", source, mapper == Json.MAPPER, out);
        return out;
    }

    private static void flatten(JsonNode node, String prefix, String source, boolean json, List<Raw> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            JsonNode v = e.getValue();
            String where = source + ": grid assignment";
            if (v.isObject()) {
                if (v.isEmpty()) {
                    throw new InputException(where + " '" + path + "' is an empty mapping; give a list of values.");
                }
                flatten(v, path + ".", source, json, out);
                continue;
            }
            List<Object> values = new ArrayList<>();
            List<JsonNode> items = new ArrayList<>();
            if (v.isArray()) {
                v.forEach(items::add);
            } else {
                items.add(v);
            }
            for (JsonNode item : items) {
                values.add(fromNode(item, json, where + " '" + path + "'"));
            }
            String text = path + "=" + v;
            out.add(new Raw(where, text, path, values));
        }
    }

    /**
     * A value of a grid file. JSON types its scalars, so a JSON string is a string (and a type error for every
     * profile key: {@code "0.4"} is not taken for a number). YAML 1.1 leaves plain scalars such as {@code 1e-9}
     * untyped strings, so YAML text goes through the literal rules of the inline syntax.
     */
    private static Object fromNode(JsonNode n, boolean json, String where) {
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            return json ? n.textValue() : literal(n.textValue().trim());
        }
        throw new InputException(where + " has a value that is not a number, true/false or a string: " + n + ".");
    }

    // ---------------------------------------------------------------- validation

    private static Grid build(String spec, List<Raw> raws, long maxPoints) {
        List<Assignment> out = new ArrayList<>();
        Map<String, Raw> seen = new HashMap<>();
        BigInteger size = BigInteger.ONE;
        for (Raw r : raws) {
            String key = canonical(r.path());
            if (key == null) {
                String near = nearest(r.path());
                throw new InputException(r.where() + " '" + r.text() + "': '" + r.path()
                        + "' is not a parameter of the acceptance profile"
                        + (near == null ? "" : "; did you mean '" + near + "'?")
                        + " (paths as in docs/spec/acceptance.md, e.g. hysteresis.dwell_pass).");
            }
            Raw previous = seen.putIfAbsent(key, r);
            if (previous != null) {
                throw new InputException(r.where() + " '" + r.text() + "': path '" + r.path() + "' repeats '"
                        + previous.path() + "' (" + previous.where() + "); give each parameter once with all its values.");
            }
            if (r.values().isEmpty()) {
                throw new InputException(r.where() + " '" + r.text() + "': the value list of '" + r.path()
                        + "' is empty; give at least one value.");
            }
            ParameterPath param = PARAMS.get(key);
            List<Object> typed = new ArrayList<>();
            for (Object v : r.values()) {
                typed.add(typed(param, v, r));
            }
            out.add(new Assignment(r.path().trim(), key, param.type(), typed, r.text()));
            size = size.multiply(BigInteger.valueOf(typed.size()));
        }
        if (size.compareTo(BigInteger.valueOf(maxPoints)) > 0) {
            throw new InputException("the grid has " + size + " points, more than --max-points " + maxPoints
                    + "; use fewer values or raise --max-points.");
        }
        return new Grid(spec, out, size.longValueExact());
    }

    /**
     * Converts a literal to the key's type and checks the key's own range, with the profile's rules: the
     * value is loaded in a one-key profile (for the linked keys {@code icp.alpha_min/alpha_target/alpha_max}
     * and {@code execution.min_notional/max_notional} the others take the same value, so only the key's
     * own range is checked here; combinations are checked point by point by {@link CalibrationRequest}).
     */
    private static Object typed(ParameterPath param, Object literal, Raw r) {
        if (param.type() == ParamType.BOOLEAN && !(literal instanceof Boolean)
                || param.type() != ParamType.BOOLEAN && !(literal instanceof Number)) {
            throw new InputException(r.where() + " '" + r.text() + "': value '" + literal + "' of '" + r.path()
                    + "' must be " + article(param.type()) + ".");
        }
        com.fasterxml.jackson.databind.node.ObjectNode root = Json.YAML.createObjectNode();
        for (String key : linked(param.path())) {
            Json.putAt(root, key, literal);
        }
        String yaml;
        try {
            yaml = Json.YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            return ProfileLoader.loadString(yaml, "grid", null).get(param.path());
        } catch (InputException e) {
            String msg = e.getMessage();
            int at = msg.indexOf("profile 'default': ");
            msg = at < 0 ? msg : msg.substring(at + "profile 'default': ".length());
            throw new InputException(r.where() + " '" + r.text() + "': " + msg, e);
        }
    }

    private static List<String> linked(String key) {
        List<String> alpha = List.of("icp.alpha_min", "icp.alpha_target", "icp.alpha_max");
        List<String> notional = List.of("execution.min_notional", "execution.max_notional");
        if (alpha.contains(key)) {
            return alpha;
        }
        return notional.contains(key) ? notional : List.of(key);
    }

    private static String article(ParamType t) {
        return switch (t) {
            case INTEGER -> "an integer";
            case DECIMAL -> "a decimal number";
            case BOOLEAN -> "true or false";
        };
    }

    /** The valid path closest to {@code path} by edit distance, or null when nothing is close. */
    static String nearest(String path) {
        String p = path.trim();
        for (String prefix : PREFIXES) {
            if (p.startsWith(prefix)) {
                p = p.substring(prefix.length());
                break;
            }
        }
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (ParameterPath c : ProfileLoader.parameterPaths()) {
            int d = distance(p, c.path());
            if (d < bestD) {
                bestD = d;
                best = c.path();
            }
        }
        // also try the last segment alone ("dwell_pass" -> hysteresis.dwell_pass)
        for (ParameterPath c : ProfileLoader.parameterPaths()) {
            if (c.path().endsWith("." + p)) {
                return c.path();
            }
        }
        return bestD <= Math.max(3, p.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
