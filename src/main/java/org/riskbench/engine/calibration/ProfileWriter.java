package org.riskbench.engine.calibration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.InputFiles;
import org.riskbench.core.TextFiles;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.acceptance.ProfileLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a profile file with a calibration point's patch applied ({@code --write-profile FILE
 * --apply-rank N}). The original YAML text is edited line by line, so comments, key order and layout
 * stay: existing keys get their value replaced (also inside one-line flow mappings such as
 * {@code coverage_ema: {soft: 0.85, hard: 0.70}}), absent keys are added at the end of their section
 * (or the section is added). In a {@code profiles:} file only the chosen profile changes. A leading
 * comment records the run: {@code # calibrated by riskbench run ID from SERIES (rank N, point P, score S)}.
 *
 * <p>The edited text is loaded again and compared with the expected profiles; when the file uses YAML
 * this editor does not handle (anchors, multi-line flow mappings, quoted keys...) and the check fails,
 * the document is re-serialised from its parsed tree with the patch merged in (comments are then lost,
 * and a warning is logged).
 */
public final class ProfileWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileWriter.class);
    private static final String HEADER_PREFIX = "# calibrated by riskbench";
    private static final Pattern KEY_LINE = Pattern.compile("^( *)([A-Za-z0-9_]+) *:(?: +(.*)|)$");

    private ProfileWriter() {
    }

    /**
     * Writes {@code target} (atomically): the profile file of the request with the patch of the point at
     * {@code rank} (1-based, in the full ranking) applied to the base profile.
     *
     * @throws InputException when the rank is out of range, the point is infeasible, or the request has no
     *                        profile file
     */
    public static void write(CalibrationResult result, int rank, Path target) {
        CalibrationRequest q = result.request();
        if (q.profilePath() == null) {
            throw new InputException("--write-profile needs a calibration run from a profile file.");
        }
        PointResult p = result.atRank(rank);
        if (!p.feasible()) {
            throw new InputException("the point at rank " + rank + " (point " + p.point() + ") is infeasible (failed: "
                    + String.join(", ", p.failed()) + "); choose a feasible rank for --apply-rank.");
        }
        String original = TextFiles.read(q.profilePath(), q.profilePath().toString(), InputFiles.Kind.PROFILE);
        String header = HEADER_PREFIX + (q.runId() == null ? "" : " run " + q.runId()) + " from "
                + (q.seriesPath() == null ? q.series().source() : q.seriesPath().toString()) + " (profile "
                + q.base().name() + ", rank " + rank + ", point " + p.point() + ", score "
                + CalibrationArtifacts.num(p.score()) + ")";
        String text = apply(original, q.profilePath().toString(), q.base().name(), result.patch(p), header);
        AtomicFiles.writeString(target, text);
    }

    /**
     * The YAML text with {@code patch} merged into the named profile and {@code header} as the first line
     * (replacing a previous {@code # calibrated by riskbench} line).
     *
     * @param profileName the profile to change; {@code default} for a single-profile file
     */
    public static String apply(String yaml, String source, String profileName, ObjectNode patch, String header) {
        Map<String, AcceptanceProfile> before = loadAll(yaml, source);
        AcceptanceProfile base = before.get(profileName);
        if (base == null) {
            throw new InputException(source + ": no profile named '" + profileName + "'.");
        }
        AcceptanceProfile expected = applyPatch(base, patch, "");
        String edited = null;
        try {
            edited = withHeader(editLines(yaml, profileName, patch), header);
            if (!matches(edited, before, profileName, expected)) {
                edited = null;
            }
        } catch (RuntimeException e) {
            LOG.debug("line edit of {} failed", source, e);
            edited = null;
        }
        if (edited == null) {
            LOG.warn("{}: the YAML layout could not be edited in place; writing the profile re-serialised "
                    + "(comments are not kept).", source);
            edited = withHeader(reserialise(yaml, profileName, patch), header);
            if (!matches(edited, before, profileName, expected)) {
                throw new IllegalStateException("re-serialised profile does not match the patched profile");
            }
        }
        return edited;
    }

    // ---------------------------------------------------------------- checks

    private static boolean matches(String text, Map<String, AcceptanceProfile> before, String name,
                                   AcceptanceProfile expected) {
        Map<String, AcceptanceProfile> after = loadAll(text, "<edited profile>");
        if (!after.keySet().equals(before.keySet())) {
            return false;
        }
        for (Map.Entry<String, AcceptanceProfile> e : before.entrySet()) {
            AcceptanceProfile want = e.getKey().equals(name) ? expected : e.getValue();
            if (!want.equals(after.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Every profile of a YAML text, by name (like {@link ProfileLoader#loadAll(Path)}). */
    static Map<String, AcceptanceProfile> loadAll(String text, String source) {
        Map<String, AcceptanceProfile> out = new java.util.LinkedHashMap<>();
        JsonNode root;
        try {
            root = Json.YAML.readTree(text);
        } catch (IOException e) {
            throw new InputException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root != null && root.isObject() && root.has("profiles") && root.get("profiles").isObject()) {
            root.get("profiles").fieldNames().forEachRemaining(n -> out.put(n, ProfileLoader.loadString(text, source, n)));
        } else {
            out.put("default", ProfileLoader.loadString(text, source, null));
        }
        return out;
    }

    static AcceptanceProfile applyPatch(AcceptanceProfile p, JsonNode patch, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            if (e.getValue().isObject()) {
                p = applyPatch(p, e.getValue(), path + ".");
            } else {
                p = p.with(path, e.getValue().isBoolean() ? (Object) e.getValue().booleanValue()
                        : e.getValue().isIntegralNumber() ? (Object) e.getValue().longValue() : e.getValue().doubleValue());
            }
        }
        return p;
    }

    private static String withHeader(String text, String header) {
        String rest = text;
        if (rest.startsWith(HEADER_PREFIX)) {
            int nl = rest.indexOf('\n');
            rest = nl < 0 ? "" : rest.substring(nl + 1);
        }
        return header + "\n" + rest;
    }

    // ---------------------------------------------------------------- line editing

    private static String editLines(String yaml, String profileName, ObjectNode patch) {
        List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
        boolean trailingNewline = yaml.endsWith("\n");
        if (trailingNewline) {
            lines.remove(lines.size() - 1);
        }
        int profilesLine = findKey(lines, 0, lines.size(), 0, "profiles");
        if (profilesLine < 0) {
            editBlock(lines, 0, lines.size(), -1, patch);
        } else {
            int end = regionEnd(lines, profilesLine, 0);
            int line = findChild(lines, profilesLine + 1, end, profileName);
            if (line < 0) {
                throw new IllegalStateException("profile " + profileName + " not found");
            }
            editEntry(lines, line, patch);
        }
        String out = String.join("\n", lines);
        return trailingNewline ? out + "\n" : out;
    }

    /** Edits the mapping whose key is on {@code line}: a block below it, or a flow mapping on the line. */
    private static void editEntry(List<String> lines, int line, ObjectNode patch) {
        Matcher m = KEY_LINE.matcher(lines.get(line));
        if (!m.matches()) {
            throw new IllegalStateException("not a key line");
        }
        int indent = m.group(1).length();
        String value = stripComment(m.group(3));
        if (value.isEmpty()) {
            editBlock(lines, line + 1, regionEnd(lines, line, indent), indent, patch);
        } else if (value.startsWith("{")) {
            lines.set(line, FlowEdit.apply(lines.get(line), lines.get(line).indexOf('{', m.end(2)), patch));
        } else {
            throw new IllegalStateException("a scalar where a mapping was expected");
        }
    }

    /**
     * Edits a block mapping occupying lines {@code [start, end)} whose parent key has indent
     * {@code parentIndent} (-1 for the document root).
     */
    private static void editBlock(List<String> lines, int start, int end, int parentIndent, ObjectNode patch) {
        int childIndent = -1;
        for (int i = start; i < end; i++) {
            if (isContent(lines.get(i))) {
                childIndent = indentOf(lines.get(i));
                break;
            }
        }
        if (childIndent < 0) {
            childIndent = parentIndent < 0 ? 0 : parentIndent + 2;
        }
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int line = findKey(lines, start, end, childIndent, e.getKey());
            if (line >= 0) {
                if (e.getValue().isObject()) {
                    int before = lines.size();
                    editEntry(lines, line, (ObjectNode) e.getValue());
                    end += lines.size() - before;
                } else {
                    replaceScalar(lines, line, e.getValue());
                }
            } else {
                int at = lastContent(lines, start, end) + 1;
                List<String> add = new ArrayList<>();
                render(e.getKey(), e.getValue(), childIndent, add);
                lines.addAll(at, add);
                end += add.size();
            }
        }
    }

    private static void replaceScalar(List<String> lines, int line, JsonNode value) {
        String l = lines.get(line);
        Matcher m = KEY_LINE.matcher(l);
        if (!m.matches() || m.group(3) == null) {
            throw new IllegalStateException("no scalar value");
        }
        String raw = m.group(3);
        String v = stripComment(raw);
        if (v.isEmpty() || v.startsWith("{") || v.startsWith("[") || v.startsWith("&") || v.startsWith("*")
                || v.startsWith("|") || v.startsWith(">")) {
            throw new IllegalStateException("not a plain scalar");
        }
        int valueStart = m.start(3);
        String replacement = scalar(value);
        String rest = raw.substring(v.length()); // spaces and comment
        // keep the comment column when the new value is not longer than the old one
        int pad = v.length() - replacement.length();
        if (pad > 0 && !rest.isBlank()) {
            rest = " ".repeat(pad) + rest;
        }
        lines.set(line, l.substring(0, valueStart) + replacement + rest);
    }

    private static void render(String key, JsonNode value, int indent, List<String> out) {
        String pad = " ".repeat(indent);
        if (value.isObject()) {
            out.add(pad + key + ":");
            Iterator<Map.Entry<String, JsonNode>> it = value.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                render(e.getKey(), e.getValue(), indent + 2, out);
            }
        } else {
            out.add(pad + key + ": " + scalar(value));
        }
    }

    /** YAML text of a patch value: integers, booleans, doubles by {@link Double#toString} with a lower-case e. */
    static String scalar(JsonNode v) {
        if (v.isBoolean() || v.isIntegralNumber()) {
            return v.asText();
        }
        return Double.toString(v.doubleValue()).replace('E', 'e');
    }

    static String flow(JsonNode v) {
        if (!v.isObject()) {
            return scalar(v);
        }
        List<String> parts = new ArrayList<>();
        v.fields().forEachRemaining(e -> parts.add(e.getKey() + ": " + flow(e.getValue())));
        return "{" + String.join(", ", parts) + "}";
    }

    private static int findKey(List<String> lines, int start, int end, int indent, String key) {
        for (int i = start; i < end; i++) {
            Matcher m = KEY_LINE.matcher(lines.get(i));
            if (m.matches() && m.group(1).length() == indent && m.group(2).equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static int findChild(List<String> lines, int start, int end, String key) {
        for (int i = start; i < end; i++) {
            if (isContent(lines.get(i))) {
                return findKey(lines, start, end, indentOf(lines.get(i)), key);
            }
        }
        return -1;
    }

    /** The end (exclusive) of the block below a key line: the next content line not indented deeper. */
    private static int regionEnd(List<String> lines, int keyLine, int indent) {
        for (int i = keyLine + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (isContent(l) && indentOf(l) <= indent) {
                return i;
            }
            if (l.startsWith("---") || l.startsWith("...")) {
                return i;
            }
        }
        return lines.size();
    }

    private static int lastContent(List<String> lines, int start, int end) {
        for (int i = end - 1; i >= start; i--) {
            if (isContent(lines.get(i))) {
                return i;
            }
        }
        return start - 1;
    }

    private static boolean isContent(String l) {
        String t = l.trim();
        return !t.isEmpty() && !t.startsWith("#") && !t.equals("---");
    }

    private static int indentOf(String l) {
        int i = 0;
        while (i < l.length() && l.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** The value without a trailing {@code # comment}. */
    static String stripComment(String raw) {
        if (raw == null) {
            return "";
        }
        int i = raw.startsWith("#") ? 0 : raw.indexOf(" #");
        return (i < 0 ? raw : raw.substring(0, i)).trim();
    }

    // ---------------------------------------------------------------- fallback

    private static String reserialise(String yaml, String profileName, ObjectNode patch) {
        try {
            JsonNode root = Json.YAML.readTree(yaml);
            if (root == null || !root.isObject()) {
                root = Json.YAML.createObjectNode();
            }
            ObjectNode target = (ObjectNode) root;
            if (root.has("profiles")) {
                ObjectNode profiles = (ObjectNode) root.get("profiles");
                JsonNode p = profiles.get(profileName);
                if (p == null || !p.isObject()) {
                    p = profiles.putObject(profileName);
                }
                target = (ObjectNode) p;
            }
            merge(target, patch);
            return Json.YAML.writeValueAsString(root);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode into, JsonNode patch) {
        patch.fields().forEachRemaining(e -> {
            JsonNode cur = into.get(e.getKey());
            if (e.getValue().isObject() && cur != null && cur.isObject()) {
                merge((ObjectNode) cur, e.getValue());
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    // ---------------------------------------------------------------- flow mappings

    /** Edits a one-line flow mapping {@code {k: v, k2: {..}}} in place. */
    static final class FlowEdit {
        private final String s;
        private int pos;
        private final List<int[]> spans = new ArrayList<>();
        private final List<String> replacements = new ArrayList<>();

        private FlowEdit(String s, int pos) {
            this.s = s;
            this.pos = pos;
        }

        static String apply(String line, int open, ObjectNode patch) {
            FlowEdit f = new FlowEdit(line, open);
            f.map(patch);
            String out = line;
            // apply edits right to left so earlier offsets stay valid
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < f.spans.size(); i++) {
                order.add(i);
            }
            order.sort((a, b) -> Integer.compare(f.spans.get(b)[0], f.spans.get(a)[0]));
            for (int i : order) {
                int[] sp = f.spans.get(i);
                out = out.substring(0, sp[0]) + f.replacements.get(i) + out.substring(sp[1]);
            }
            return out;
        }

        /** Parses the mapping at {@code pos} ('{'), recording edits for {@code patch} (may be null). */
        private void map(ObjectNode patch) {
            expect('{');
            List<String> seen = new ArrayList<>();
            boolean first = true;
            int lastEnd = pos;
            while (true) {
                skipSpaces();
                if (peek() == '}') {
                    break;
                }
                if (!first) {
                    expect(',');
                    skipSpaces();
                }
                first = false;
                int ks = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                    pos++;
                }
                String key = s.substring(ks, pos);
                if (key.isEmpty()) {
                    throw new IllegalStateException("flow key expected");
                }
                skipSpaces();
                expect(':');
                skipSpaces();
                JsonNode want = patch == null ? null : patch.get(key);
                seen.add(key);
                if (peek() == '{') {
                    if (want != null && !want.isObject()) {
                        throw new IllegalStateException("mapping where a scalar is patched");
                    }
                    map(want == null ? null : (ObjectNode) want);
                } else {
                    int vs = pos;
                    while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != '}') {
                        pos++;
                    }
                    int ve = pos;
                    while (ve > vs && s.charAt(ve - 1) == ' ') {
                        ve--;
                    }
                    String v = s.substring(vs, ve);
                    if (v.isEmpty() || v.startsWith("[") || v.startsWith("'") || v.startsWith("\"") || v.contains("#")) {
                        throw new IllegalStateException("unsupported flow value");
                    }
                    if (want != null) {
                        if (want.isObject()) {
                            throw new IllegalStateException("scalar where a mapping is patched");
                        }
                        spans.add(new int[] {vs, ve});
                        replacements.add(scalar(want));
                    }
                }
                lastEnd = pos;
            }
            int close = pos;
            expect('}');
            if (patch != null) {
                List<String> add = new ArrayList<>();
                patch.fields().forEachRemaining(e -> {
                    if (!seen.contains(e.getKey())) {
                        add.add(e.getKey() + ": " + flow(e.getValue()));
                    }
                });
                if (!add.isEmpty()) {
                    String text = (seen.isEmpty() ? "" : ", ") + String.join(", ", add);
                    int at = seen.isEmpty() ? close : trimEnd(lastEnd);
                    spans.add(new int[] {at, at});
                    replacements.add(text);
                }
            }
        }

        private int trimEnd(int end) {
            int e = end;
            while (e > 0 && s.charAt(e - 1) == ' ') {
                e--;
            }
            return e;
        }

        private char peek() {
            if (pos >= s.length()) {
                throw new IllegalStateException("unterminated flow mapping");
            }
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalStateException("expected " + c);
            }
            pos++;
        }

        private void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }
    }
}
