package org.riskbench.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;

/**
 * The pipeline steps of docs/spec/tracking.md as pure functions: project config and files in, files out, a
 * {@link StepResult} back. Tracking (run folders, the index) is the caller's business.
 */
public final class Pipeline {
    public static final List<String> STEPS = List.of("etl", "inspect", "clean", "prepare", "train", "evaluate", "deploy",
            "monitor", "update");

    private Pipeline() {
    }

    /** Options of one step call that are not in project.yaml. */
    public record Options(Path batch) {
        public static final Options NONE = new Options(null);
    }

    public static StepResult run(String step, ProjectConfig config, Options options, Progress progress) {
        Layout layout = Layout.of(config.dir());
        StepResult r = new StepResult();
        switch (step) {
            case "etl" -> etl(config, layout, null, r);
            case "inspect" -> inspect(config, layout, r);
            case "clean" -> clean(config, layout, r);
            case "prepare" -> prepare(config, layout, r);
            case "train" -> Models.train(config, layout, progress, r);
            case "evaluate" -> Models.evaluate(config, layout, progress, r);
            case "deploy" -> Operations.deploy(config, layout, r);
            case "monitor" -> Operations.monitor(config, layout, options.batch(), progress, r);
            case "update" -> Operations.update(config, options.batch(), progress, r);
            default -> throw new InputException("unknown step '" + step + "'; steps: " + String.join(", ", STEPS) + ".");
        }
        return r;
    }

    // --- etl ---

    /**
     * Reads every source, applies the declared transforms, writes {@code interim/<source>.csv}. {@code extraRows}
     * ({@code update}'s new data) is appended to the first source, less the rows identical to one of its rows.
     */
    static void etl(ProjectConfig config, Layout layout, Path extraRows, StepResult r) {
        for (int s = 0; s < config.sources().size(); s++) {
            ProjectConfig.Source source = config.sources().get(s);
            Table t = Table.read(config.path(source.path()));
            if (s == 0 && extraRows != null) {
                Table extra = Table.read(extraRows);
                if (!extra.header().equals(t.header())) {
                    throw new InputException(extraRows + ": columns " + extra.header() + " differ from the source's " + t.header() + ".");
                }
                extra = withoutKnownRows(config, source, t, extra, extraRows, r);
                List<String[]> all = new ArrayList<>(t.rows());
                all.addAll(extra.rows());
                t = t.withRows(all);
                r.log("added " + extra.size() + " rows of " + extraRows.getFileName() + " to " + source.name());
            }
            int before = t.size();
            t = transform(config, source.name(), t, r);
            Path out = layout.interim().resolve(source.name() + ".csv");
            t.write(out);
            r.artifacts.add(out);
            r.metrics.put(source.name() + ".rows_in", before);
            r.metrics.put(source.name() + ".rows_out", t.size());
            r.log("etl " + source.name() + ": " + before + " rows read, " + t.size() + " written to " + layout.project().relativize(out));
        }
    }

    /**
     * The new rows less those identical (every column but the key) to a row of the source: such a row adds nothing
     * to train on, and one that lands in the test split is a training row the candidate is scored on. They are left
     * out with a warning; a file of nothing but known rows is refused.
     */
    private static Table withoutKnownRows(ProjectConfig config, ProjectConfig.Source source, Table known, Table extra,
                                          Path file, StepResult r) {
        int key = known.index(config.key());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < known.size(); i++) {
            seen.putIfAbsent(identity(known.rows().get(i), key), i);
        }
        List<String[]> fresh = new ArrayList<>();
        int first = -1;
        int firstKnown = -1;
        for (int i = 0; i < extra.size(); i++) {
            String[] row = extra.rows().get(i);
            Integer at = seen.get(identity(row, key));
            if (at == null) {
                fresh.add(row);
            } else if (first < 0) {
                first = i;
                firstKnown = at;
            }
        }
        int dropped = extra.size() - fresh.size();
        if (dropped == 0) {
            return extra;
        }
        String where = "rows of source '" + source.name() + "' (" + source.path() + "; the first, line " + (first + 2)
                + ", is line " + (firstKnown + 2) + " there)";
        if (fresh.isEmpty()) {
            throw new InputException(file + ": all " + extra.size() + " rows are identical to " + where
                    + "; update needs new rows: point update.data (or --batch) at a file of rows the model has not seen.");
        }
        r.warn(file + ": " + dropped + " of " + extra.size() + " rows are identical to " + where
                + "; they are left out, as training rows would leak into the candidate's test split.");
        return extra.withRows(fresh);
    }

    /** A row's cells but the key, as one string. */
    private static String identity(String[] row, int key) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < row.length; c++) {
            if (c != key) {
                b.append(row[c]).append('\u0001');
            }
        }
        return b.toString();
    }

    /** Adds the key column when absent, then applies the transforms of {@code etl.transforms} for this source. */
    static Table transform(ProjectConfig config, String sourceName, Table t, StepResult r) {
        if (t.index(config.key()) < 0) {
            String[] keys = new String[t.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = Integer.toString(i + 1);
            }
            t.addColumn(config.key(), keys);
        }
        JsonNode transforms = config.section("etl").path("transforms");
        String first = config.sources().get(0).name();
        for (int i = 0; i < transforms.size(); i++) {
            JsonNode tr = transforms.get(i);
            String where = config.file() + ": etl.transforms[" + i + "]";
            if (!tr.path("source").asText(first).equals(sourceName)) {
                continue;
            }
            if (tr.has("rename")) {
                int c = t.require(tr.path("rename").path("from").asText(), where);
                t.header().set(c, tr.path("rename").path("to").asText());
            } else if (tr.has("cast")) {
                String type = tr.path("cast").path("type").asText("double");
                int c = t.require(tr.path("cast").path("column").asText(), where);
                int bad = 0;
                for (String[] row : t.rows()) {
                    if (type.equals("string")) {
                        continue;
                    }
                    double v = Table.number(row[c]);
                    if (Double.isNaN(v) && !Table.missing(row[c])) {
                        bad++;
                    }
                    row[c] = switch (type) {
                        case "double" -> Table.format(v);
                        case "int" -> Double.isNaN(v) ? "" : Long.toString(Math.round(v));
                        default -> throw new InputException(where + ": cast type '" + type + "' must be double, int or string.");
                    };
                }
                if (bad > 0) {
                    r.log("cast " + t.header().get(c) + ": " + bad + " cells were not numbers and are now missing");
                }
            } else if (tr.has("derive")) {
                String col = tr.path("derive").path("column").asText();
                t.addColumn(col, Expressions.derive(tr.path("derive").path("expr").asText(), t, where));
            } else if (tr.has("filter")) {
                Predicate<String[]> keep = Expressions.condition(tr.path("filter").asText(), t, where);
                int before = t.size();
                t = t.withRows(t.rows().stream().filter(keep).collect(Collectors.toCollection(ArrayList::new)));
                r.log("filter '" + tr.path("filter").asText() + "' kept " + t.size() + " of " + before + " rows");
            } else if (tr.has("command")) {
                t = command(config, tr, t, where, r);
            } else {
                throw new InputException(where + ": a transform is one of rename, cast, derive, filter, command; got " + tr + ".");
            }
        }
        return t;
    }

    /**
     * The team's own transform: the table so far is written to {@code {input}}, the command runs (in the project
     * folder) and the CSV it writes to {@code {output}} is the table from here on.
     */
    private static Table command(ProjectConfig config, JsonNode tr, Table t, String where, StepResult r) {
        List<String> argv = ExternalCommand.arguments(tr.get("command"), where + ".command");
        double timeout = ExternalCommand.timeout(tr.get("timeout_sec"), where + ".timeout_sec");
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("riskbench-etl-");
            Path in = tmp.resolve("input.csv");
            Path out = tmp.resolve("output.csv");
            t.write(in);
            ExternalCommand.run(argv, Map.of("input", in, "output", out), config.dir(), timeout, where + ".command",
                    "etl command", Progress.NONE, r);
            if (!Files.isRegularFile(out)) {
                throw new StepOutputException(where + ".command: '" + String.join(" ", argv) + "' exited with code 0 but wrote"
                        + " no CSV at {output}; pass \"{output}\" among its arguments and write the table there.", r);
            }
            Table result = Table.read(out);
            r.log("etl command: " + t.size() + " rows in, " + result.size() + " rows out");
            return result;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            deleteTree(tmp);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temporary folder: the system cleans it up if we cannot
        }
    }

    static Table interim(ProjectConfig config, Layout layout, String step) {
        String name = config.text(step, "table", config.sources().get(0).name());
        config.source(name);
        Path file = layout.interim().resolve(name + ".csv");
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": not found; run the etl step first.");
        }
        return Table.read(file);
    }

    // --- inspect ---

    static void inspect(ProjectConfig config, Layout layout, StepResult r) {
        String name = config.text("inspect", "table", config.sources().get(0).name());
        Table t = interim(config, layout, "inspect");
        Path file = layout.interim().resolve(name + ".csv");
        int bins = (int) config.number("inspect", "bins", 20);
        int top = (int) config.number("inspect", "top", 5);
        Path dir = layout.interim().resolve("inspect");
        Map<String, InspectReport.ColumnProfile> columns = new LinkedHashMap<>();
        for (int c = 0; c < t.header().size(); c++) {
            String col = t.header().get(c);
            String[] cells = t.column(c);
            int missing = 0;
            Map<String, Integer> counts = new HashMap<>();
            for (String cell : cells) {
                if (Table.missing(cell)) {
                    missing++;
                } else {
                    counts.merge(cell, 1, Integer::sum);
                }
            }
            String chartName = safe(name + "_" + col) + ".png";
            InspectReport.ColumnProfile profile;
            if (t.numeric(c)) {
                DescriptiveStatistics d = new DescriptiveStatistics(Drift.finite(t.numbers(c)));
                InspectReport.Quantiles q = new InspectReport.Quantiles(d.getPercentile(5), d.getPercentile(25),
                        d.getPercentile(50), d.getPercentile(75), d.getPercentile(95));
                double lo = d.getMin();
                double width = (d.getMax() - lo) / bins;
                double[] h = new double[bins];
                for (double v : d.getValues()) {
                    int b = width <= 0 ? 0 : (int) Math.min(bins - 1, Math.floor((v - lo) / width));
                    h[b]++;
                }
                List<Double> edges = new ArrayList<>();
                for (int b = 0; b <= bins; b++) {
                    edges.add(lo + b * width);
                }
                profile = new InspectReport.ColumnProfile(chartName, cells.length - missing, counts.size(),
                        new InspectReport.Histogram(h, edges), d.getMax(), d.getMean(), d.getMin(), missing, q,
                        d.getStandardDeviation(), null, "numeric");
                Charts.bars(dir.resolve(chartName), col + " (" + name + ", " + d.getN() + " values)",
                        List.of(Table.format(lo), Table.format(d.getMax())), h);
            } else {
                String typo = t.mostlyNumericWarning(c, file, "inspect profiles it as categorical");
                if (typo != null) {
                    r.warn(typo);
                }
                List<Map.Entry<String, Integer>> sorted = counts.entrySet().stream()
                        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                        .toList();
                Map<String, Integer> tops = new LinkedHashMap<>();
                sorted.stream().limit(top).forEach(e -> tops.put(e.getKey(), e.getValue()));
                profile = new InspectReport.ColumnProfile(chartName, cells.length - missing, counts.size(), null, null, null,
                        null, missing, null, null, tops, "categorical");
                List<Map.Entry<String, Integer>> shown = sorted.stream().limit(Math.max(top, 10)).toList();
                Charts.bars(dir.resolve(chartName), col + " (" + name + ", top categories)",
                        shown.stream().map(Map.Entry::getKey).toList(), shown.stream().mapToDouble(Map.Entry::getValue).toArray());
            }
            r.artifacts.add(dir.resolve(chartName));
            columns.put(col, profile);
        }
        InspectReport report = new InspectReport(columns, t.size(), name);
        Path json = dir.resolve(name + ".json");
        Json.write(json, report);
        r.artifacts.add(0, json);
        r.metrics.put("rows", t.size());
        r.metrics.put("columns", t.header().size());
        r.metrics.put("missing_cells", columns.values().stream().mapToInt(InspectReport.ColumnProfile::missing).sum());
        r.log("inspect " + name + ": " + t.size() + " rows, " + t.header().size() + " columns, report and charts in "
                + layout.project().relativize(dir));
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    // --- clean ---

    static void clean(ProjectConfig config, Layout layout, StepResult r) {
        Table t = interim(config, layout, "clean");
        String set = config.text("clean", "set", "default");
        int key = t.require(config.key(), config.file() + ": key");
        JsonNode filters = config.section("clean").path("filters");
        List<Predicate<String[]>> conds = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            String where = config.file() + ": clean.filters[" + i + "]";
            String cond = filters.get(i).path("where").asText(null);
            if (cond == null) {
                throw new InputException(where + ": 'where' is missing (a condition such as \"x is missing\").");
            }
            conds.add(Expressions.condition(cond, t, where));
            reasons.add(filters.get(i).path("reason").asText(cond));
        }
        List<String[]> excluded = new ArrayList<>();
        Map<String, Integer> byReason = new TreeMap<>();
        for (String[] row : t.rows()) {
            for (int i = 0; i < conds.size(); i++) {
                if (conds.get(i).test(row)) {
                    excluded.add(new String[] {row[key], reasons.get(i)});
                    byReason.merge(reasons.get(i), 1, Integer::sum);
                    break;
                }
            }
        }
        Path out = layout.interim().resolve("exclusions").resolve(safe(set) + ".csv");
        new Table(List.of(config.key(), "reason"), excluded).write(out);
        r.artifacts.add(out);
        r.metrics.put("excluded", excluded.size());
        r.metrics.put("kept", t.size() - excluded.size());
        byReason.forEach((k, v) -> r.log("excluded " + v + " rows: " + k));
        r.log("clean: exclusion set '" + set + "' has " + excluded.size() + " keys");
    }

    // --- prepare ---

    static void prepare(ProjectConfig config, Layout layout, StepResult r) {
        prepare(config, layout, null, r);
    }

    /**
     * {@code prepare}; with {@code previous} ({@code update}: the project's own split) a row already split there keeps
     * its part and only the other rows are split by ratio and seed, so the current model never trained on a row of
     * the candidate's test split. An ordered split is made afresh: appended rows fall after the current train part.
     */
    static void prepare(ProjectConfig config, Layout layout, Layout previous, StepResult r) {
        Table t = interim(config, layout, "prepare");
        String where = config.file() + ": prepare";
        // join the other tables named in prepare.join on the key (left join)
        List<String> joins = config.list("prepare", "join");
        if (joins != null) {
            for (String j : joins) {
                config.source(j);
                Table other = Table.read(layout.interim().resolve(j + ".csv"));
                int ok = other.require(config.key(), where + ".join " + j);
                int tk = t.require(config.key(), where);
                Map<String, String[]> byKey = new HashMap<>();
                other.rows().forEach(row -> byKey.put(row[ok], row));
                for (int c = 0; c < other.header().size(); c++) {
                    if (c == ok || t.index(other.header().get(c)) >= 0) {
                        continue;
                    }
                    final int cc = c;
                    t.addColumn(other.header().get(c), t.rows().stream().map(row -> {
                        String[] o = byKey.get(row[tk]);
                        return o == null ? "" : o[cc];
                    }).toArray(String[]::new));
                }
            }
        }
        String target = config.text("prepare", "target", null);
        List<String> features = config.list("prepare", "features");
        if (features == null) {
            features = t.header().stream().filter(c -> !c.equals(target) && !c.equals(config.key())).toList();
        }
        List<String> columns = new ArrayList<>();
        columns.add(config.key());
        columns.addAll(features);
        columns.add(target);
        Table sel = t.select(columns, where);
        // drop excluded keys
        Set<String> excluded = new HashSet<>();
        String set = config.text("prepare", "exclusions", "");
        if (!set.isEmpty()) {
            Path file = layout.interim().resolve("exclusions").resolve(safe(set) + ".csv");
            if (!Files.isRegularFile(file)) {
                throw new InputException(file + ": exclusion set '" + set + "' not found; run the clean step first.");
            }
            Table.read(file).rows().forEach(row -> excluded.add(row[0]));
        }
        int ti = columns.size() - 1;
        List<String[]> rows = sel.rows().stream().filter(row -> !excluded.contains(row[0]) && !Table.missing(row[ti])).toList();
        r.metrics.put("rows_excluded", sel.size() - rows.size());
        // split
        double train = config.section("prepare").path("split").path("train").asDouble(0.7);
        double val = config.section("prepare").path("split").path("val").asDouble(0.15);
        double test = config.section("prepare").path("split").path("test").asDouble(0.15);
        if (train <= 0 || val < 0 || test < 0 || Math.abs(train + val + test - 1) > 1e-9) {
            throw new InputException(where + ".split: train, val and test must be shares that add up to 1 (got "
                    + train + ", " + val + ", " + test + ").");
        }
        long seed = (long) config.number("prepare", "seed", 42);
        boolean ordered = config.flag("prepare", "ordered", false);
        boolean stratify = config.flag("prepare", "stratify", config.model().equals("logistic"));
        List<List<String[]>> groups = new ArrayList<>();
        if (stratify && !ordered) {
            Map<String, List<String[]>> byClass = new TreeMap<>();
            rows.forEach(row -> byClass.computeIfAbsent(row[ti], k -> new ArrayList<>()).add(row));
            groups.addAll(byClass.values());
        } else {
            groups.add(new ArrayList<>(rows));
        }
        Random rng = new Random(seed);
        List<String[]> trainRows = new ArrayList<>();
        List<String[]> valRows = new ArrayList<>();
        List<String[]> testRows = new ArrayList<>();
        Map<String, String> parts = ordered || previous == null ? Map.of() : parts(previous, columns);
        int kept = 0;
        if (!parts.isEmpty()) {
            Map<String, List<String[]>> byPart = Map.of("train", trainRows, "val", valRows, "test", testRows);
            for (List<String[]> g : groups) {
                int n = g.size();
                g.removeIf(row -> {
                    String part = parts.get(String.join("\u0001", row));
                    if (part != null) {
                        byPart.get(part).add(row);
                    }
                    return part != null;
                });
                kept += n - g.size();
            }
        }
        for (List<String[]> g : groups) {
            if (!ordered) {
                Collections.shuffle(g, rng);
            }
            int nTrain = (int) Math.round(g.size() * train);
            int nVal = (int) Math.round(g.size() * val);
            nVal = Math.min(nVal, g.size() - nTrain);
            trainRows.addAll(g.subList(0, nTrain));
            valRows.addAll(g.subList(nTrain, nTrain + nVal));
            testRows.addAll(g.subList(nTrain + nVal, g.size()));
        }
        Map<String, Map<String, Long>> classes = new HashMap<>();
        for (var e : Map.of("train", trainRows, "val", valRows, "test", testRows).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            Path out = layout.prepared().resolve(e.getKey() + ".csv");
            new Table(columns, e.getValue()).write(out);
            r.artifacts.add(out);
            r.metrics.put(e.getKey() + "_rows", e.getValue().size());
            if (stratify) {
                classes.put(e.getKey(), e.getValue().stream().collect(Collectors.groupingBy(row -> row[ti], TreeMap::new,
                        Collectors.counting())));
            }
        }
        SplitInfo info = new SplitInfo(features, ordered, previous != null && !ordered ? kept : null, seed,
                stratify && !ordered, target, classes.get("test"), classes.get("train"), classes.get("val"));
        Path json = layout.prepared().resolve("split.json");
        Json.write(json, info);
        r.artifacts.add(json);
        r.log(String.format(Locale.ROOT, "prepare: %d train, %d val, %d test rows (seed %d%s)", trainRows.size(),
                valRows.size(), testRows.size(), seed, ordered ? ", in order" : stratify ? ", stratified" : "")
                + (parts.isEmpty() ? "" : "; " + kept + " rows keep their part of " + layout.project().relativize(previous.prepared())
                + ", " + (trainRows.size() + valRows.size() + testRows.size() - kept) + " new rows split"));
    }

    /** Row (key, features, target) -> part of an earlier split with the same columns; empty when there is none. */
    private static Map<String, String> parts(Layout previous, List<String> columns) {
        Map<String, String> parts = new HashMap<>();
        for (String part : List.of("train", "val", "test")) {
            Path file = previous.prepared().resolve(part + ".csv");
            if (!Files.isRegularFile(file)) {
                return Map.of();
            }
            Table t = Table.read(file);
            if (!t.header().equals(columns)) {
                return Map.of();
            }
            t.rows().forEach(row -> parts.putIfAbsent(String.join("\u0001", row), part));
        }
        return parts;
    }

    /** A prepared split. */
    static Table prepared(Layout layout, String split) {
        Path file = layout.prepared().resolve(split + ".csv");
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": not found; run the prepare step first.");
        }
        return Table.read(file);
    }
}
