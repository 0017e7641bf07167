package org.riskbench.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.Hashing;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.acceptance.AcceptanceEngine;
import org.riskbench.engine.acceptance.ProfileLoader;
import org.riskbench.engine.acceptance.ReplaySummary;
import org.riskbench.engine.acceptance.Series;
import org.riskbench.engine.acceptance.SeriesLoader;

/** {@code deploy} (versioned zip bundle), {@code monitor} (drift and trigger) and {@code update} (retrain and compare). */
final class Operations {
    private static final Pattern VERSION = Pattern.compile(".*-v(\\d+)\\.zip");

    private Operations() {
    }

    // --- deploy ---

    static void deploy(ProjectConfig config, Layout layout, StepResult r) {
        ModelDocument model = Models.model(layout);
        Path metricsFile = layout.models().resolve("evaluation/metrics.json");
        if (!Files.isRegularFile(metricsFile)) {
            throw new InputException(metricsFile + ": no evaluation; run the evaluate step before deploy.");
        }
        String name = config.text("deploy", "name", config.name());
        DeployManifest before = currentManifest(layout);
        String modelSha = Hashing.sha256(layout.models().resolve(Models.MODEL));
        if (before != null) {
            for (DeployManifest.File f : before.files()) {
                if ("model.json".equals(f.path()) && modelSha.equals(f.sha256())) {
                    r.warn("deploy: models/model.json is the model of bundle v" + before.version()
                            + " (same SHA-256); this bundle ships nothing new.");
                }
            }
        }
        int version = latestVersion(layout) + 1;
        Path zip = layout.bundles().resolve(name + "-v" + version + ".zip");
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("model.json", layout.models().resolve(Models.MODEL));
        files.put("metrics.json", metricsFile);
        files.put("project.yaml", config.dir().resolve(ProjectConfig.FILE));
        if (config.model().equals("acceptance")) {
            files.put("profile.yaml", layout.models().resolve("profile.yaml"));
        }
        List<DeployManifest.File> list = new ArrayList<>();
        files.forEach((entry, path) -> {
            try {
                list.add(new DeployManifest.File(entry, Hashing.sha256(path), Files.size(path)));
            } catch (IOException e) {
                throw new InputException(path + ": cannot read: " + e.getMessage(), e);
            }
        });
        DeployManifest manifest = new DeployManifest(model.features(), config.sha256(), Instant.now().toString(), list,
                readMetrics(metricsFile), config.model(), name, config.name(), model.target(), version);
        AtomicFiles.write(zip, out -> {
            ZipOutputStream z = new ZipOutputStream(out);
            z.putNextEntry(new ZipEntry("manifest.json"));
            z.write(Json.pretty(manifest).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("columns.json"));
            z.write(Json.pretty(new DeployManifest.Columns(model.features(), model.target()))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            z.closeEntry();
            for (var e : files.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                Files.copy(e.getValue(), z);
                z.closeEntry();
            }
            z.finish();
        });
        r.artifacts.add(zip);
        r.metrics.put("bundle_version", version);
        r.log("deploy: " + layout.project().relativize(zip) + " (version " + version + ")");
    }

    static int latestVersion(Layout layout) {
        if (!Files.isDirectory(layout.bundles())) {
            return 0;
        }
        try (var s = Files.list(layout.bundles())) {
            return s.map(p -> VERSION.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
        } catch (IOException e) {
            throw new InputException(layout.bundles() + ": cannot list bundles: " + e.getMessage(), e);
        }
    }

    /** The manifest of the newest bundle, or null when nothing was deployed. */
    static DeployManifest currentManifest(Layout layout) {
        int v = latestVersion(layout);
        if (v == 0) {
            return null;
        }
        try (var s = Files.list(layout.bundles())) {
            Path zip = s.filter(p -> p.getFileName().toString().endsWith("-v" + v + ".zip")).findFirst().orElseThrow();
            try (ZipFile z = new ZipFile(zip.toFile())) {
                return Json.MAPPER.readValue(z.getInputStream(z.getEntry("manifest.json")), DeployManifest.class);
            }
        } catch (IOException e) {
            throw new InputException(layout.bundles() + ": cannot read the current bundle: " + e.getMessage(), e);
        }
    }

    /** The evaluation's metrics by name (the model kind names them). */
    private static Map<String, Object> readMetrics(Path json) {
        try {
            return Json.MAPPER.readValue(json.toFile(), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new InputException(json + ": cannot read: " + e.getMessage(), e);
        }
    }

    // --- monitor ---

    static void monitor(ProjectConfig config, Layout layout, Path batchOverride, Progress progress, StepResult r) {
        Models.refuseCommandModel(config, "monitor");
        Path batchFile = batchOverride != null ? batchOverride : config.path(config.text("monitor", "batch", null));
        String source = config.text("prepare", "table", config.sources().get(0).name());
        Table batch = Pipeline.transform(config, source, Table.read(batchFile), new StepResult());
        Table train = Pipeline.prepared(layout, "train");
        String target = config.text("prepare", "target", null);
        List<String> features = config.list("monitor", "features");
        if (features == null) {
            features = Models.features(train, config);
        }
        int bins = (int) config.number("monitor", "bins", 10);
        JsonNode limits = config.section("monitor").path("limits");
        double psiLimit = limits.path("psi").asDouble(0.25);
        double ksLimit = limits.path("ks_pvalue").asDouble(0.001);
        Map<String, MonitorReport.FeatureDrift> perFeature = new LinkedHashMap<>();
        for (String f : features) {
            int tc = train.require(f, "monitor (training data)");
            int bc = batch.require(f, batchFile.toString());
            double psi;
            double[] ks = null;
            if (train.numeric(tc)) {
                psi = Drift.psi(train.numbers(tc), batch.numbers(bc), bins);
                ks = Drift.ks(train.numbers(tc), batch.numbers(bc));
                if (ks[1] < ksLimit) {
                    r.triggers.add(f + ": KS p-value " + fmt(ks[1]) + " < " + ksLimit);
                }
            } else {
                psi = Drift.psiCategorical(train.column(tc), batch.column(bc));
            }
            if (psi > psiLimit) {
                r.triggers.add(f + ": PSI " + fmt(psi) + " > " + psiLimit);
            }
            r.metrics.put("psi." + f, psi);
            perFeature.put(f, ks == null ? new MonitorReport.FeatureDrift(null, null, psi)
                    : new MonitorReport.FeatureDrift(ks[1], ks[0], psi));
        }
        boolean labelled = batch.index(target) >= 0;
        if (config.model().equals("acceptance")) {
            Series series = SeriesLoader.load(batchFile);
            ReplaySummary s = AcceptanceEngine.summarize(ProfileLoader.load(layout.models().resolve("profile.yaml"), null), series, progress);
            r.metrics.put("block_share", s.blockShare());
            r.metrics.put("pass_share", s.passShare());
            double max = limits.path("max_block_share").asDouble(1.0);
            if (s.blockShare() > max) {
                r.triggers.add("block share " + fmt(s.blockShare()) + " > " + max);
            }
        } else {
            ModelDocument model = Models.model(layout);
            double[] ref = Models.predict(model, train);
            double[] cur = Models.predict(model, batch);
            double ppsi = Drift.psi(ref, cur, bins);
            double[] pks = Drift.ks(ref, cur);
            r.metrics.put("prediction_psi", ppsi);
            r.metrics.put("prediction_ks_pvalue", pks[1]);
            if (ppsi > limits.path("prediction_psi").asDouble(0.25)) {
                r.triggers.add("predictions: PSI " + fmt(ppsi) + " > " + limits.path("prediction_psi").asDouble(0.25));
            }
            if (labelled && config.model().equals("logistic")) {
                Metrics.Classification perf = Metrics.classification(batch, target, model.positive(), cur, model.threshold());
                r.metrics.putAll(perf.named("batch_"));
                double minF1 = limits.path("min_f1").asDouble(0);
                if (perf.f1() < minF1) {
                    r.triggers.add("f1 " + fmt(perf.f1()) + " < " + minF1);
                }
            } else if (labelled) {
                Metrics.Regression perf = Metrics.regression(batch.numbers(batch.index(target)), cur, 0);
                r.metrics.put("batch_rmse", perf.rmse());
                double maxRmse = limits.path("max_rmse").asDouble(Double.POSITIVE_INFINITY);
                if (perf.rmse() > maxRmse) {
                    r.triggers.add("rmse " + fmt(perf.rmse()) + " > " + maxRmse);
                }
            }
        }
        r.metrics.put("trigger_fired", r.triggered() ? 1 : 0);
        MonitorReport report = new MonitorReport(batchFile.toString(), batch.size(), perFeature, new LinkedHashMap<>(r.metrics),
                r.triggered(), new ArrayList<>(r.triggers));
        Path out = layout.models().resolve("monitor/report.json");
        Json.write(out, report);
        r.artifacts.add(out);
        r.log("monitor " + batchFile.getFileName() + " (" + batch.size() + " rows): "
                + (r.triggered() ? "TRIGGER FIRED: " + String.join("; ", r.triggers) : "no drift past the limits"));
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    // --- update ---

    /**
     * Trains a candidate in {@code update/} on the sources plus the new rows (prepare keeps the project's split for
     * the rows it already has), then scores the current model (the newest bundle's, else the project's own) on the
     * candidate's test rows with the same computation as evaluate, and compares like with like. A better candidate
     * is promoted: it becomes the project's {@code data/interim}, {@code data/prepared} and {@code models/} (the
     * replaced ones go to {@code update/previous/}), so the next deploy ships it; a candidate that is not better
     * stays in {@code update/} and is not shipped.
     */
    static void update(ProjectConfig config, Path dataOverride, Progress progress, StepResult r) {
        Models.refuseCommandModel(config, "update");
        Path data = dataOverride != null ? dataOverride : config.path(config.text("update", "data", null));
        Layout project = Layout.of(config.dir());
        Layout cand = Layout.candidate(config.dir());
        Path current = config.dir().resolve("update/current");
        for (Path p : List.of(cand.interim(), cand.prepared(), cand.models(), current)) {
            deleteTree(p);
        }
        StepResult inner = new StepResult();
        Pipeline.etl(config, cand, data, inner);
        Pipeline.clean(config, cand, inner);
        Pipeline.prepare(config, cand, project, inner);
        Models.train(config, cand, progress, inner);
        StepResult eval = new StepResult();
        Models.evaluate(config, cand, progress, eval);
        r.log.addAll(inner.log);
        r.log.addAll(eval.log);
        r.warnings.addAll(inner.warnings);
        r.warnings.addAll(eval.warnings);
        r.artifacts.addAll(inner.artifacts);
        r.artifacts.addAll(eval.artifacts);
        String metric = config.text("update", "metric", config.model().equals("blrm") ? "rmse" : config.model().equals("logistic") ? "f1" : "score");
        boolean lowerBetter = metric.equals("rmse") || metric.equals("mae") || metric.equals("log_loss");
        Object c = eval.metrics.get(metric);
        if (!(c instanceof Number candidate)) {
            throw new InputException(config.file() + ": update.metric '" + metric + "' is not an evaluation metric (" + eval.metrics.keySet() + ").");
        }
        r.metrics.put("candidate_" + metric, candidate);
        String split = config.text("evaluate", "split", "test");
        Path splitFile = cand.prepared().resolve(split + ".csv");
        Table rows = Table.read(splitFile);
        String currentName = currentModel(project, current);
        boolean improved;
        if (currentName == null) {
            improved = true;
            r.log("update: no current model (nothing deployed, nothing trained in models/); the candidate is promoted");
        } else {
            ModelDocument currentModel = ModelDocument.read(current.resolve(Models.MODEL));
            Map<String, Object> scored = Models.score(config, currentModel, current.resolve("profile.yaml"), splitFile, rows,
                    progress).metrics().named("");
            double cur = number(scored.get(metric));
            r.log("update: the current model (" + currentName + ") on the same " + rows.size() + " rows: " + scored);
            r.metrics.put("current_" + metric, cur);
            DeployManifest bundle = currentManifest(project);
            if (bundle != null) {
                r.metrics.put("current_version", bundle.version());
                r.metrics.put("bundle_" + metric, bundle.metric(metric));
            }
            double cand1 = candidate.doubleValue();
            improved = !Double.isNaN(cand1) && (Double.isNaN(cur) || (lowerBetter ? cand1 < cur : cand1 > cur));
            r.log("update: on the candidate's " + split + " split (" + rows.size() + " rows) " + metric + " is "
                    + fmt(cand1) + " for the candidate and " + fmt(cur) + " for the current model (" + currentName + ")");
        }
        r.metrics.put("improved", improved ? 1 : 0);
        r.metrics.put("promoted", improved ? 1 : 0);
        if (improved) {
            promote(project, cand, config.dir().resolve("update/previous"), r);
            r.log("update: the candidate is better and is now the project's model (models/, data/prepared, data/interim; "
                    + "the replaced files are in update/previous); the next deploy ships it");
        } else {
            r.log("update: the candidate is not better; it stays in " + config.dir().relativize(cand.models())
                    + " and is not promoted, so the next deploy ships models/ as before");
        }
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /**
     * Copies the current model into {@code into} (model.json, and profile.yaml for acceptance): the newest bundle's,
     * else the project's {@code models/}. Returns what it is ("bundle v2", "models/, not deployed"), or null if none.
     */
    private static String currentModel(Layout project, Path into) {
        try {
            Files.createDirectories(into);
            int v = latestVersion(project);
            if (v > 0) {
                Path zip;
                try (var s = Files.list(project.bundles())) {
                    zip = s.filter(p -> p.getFileName().toString().endsWith("-v" + v + ".zip")).findFirst().orElseThrow();
                }
                try (ZipFile z = new ZipFile(zip.toFile())) {
                    for (String name : List.of(Models.MODEL, "profile.yaml")) {
                        ZipEntry e = z.getEntry(name);
                        if (e != null) {
                            try (var in = z.getInputStream(e)) {
                                Files.copy(in, into.resolve(name));
                            }
                        }
                    }
                }
                return "bundle v" + v + ", " + zip.getFileName();
            }
            if (!Files.isRegularFile(project.models().resolve(Models.MODEL))) {
                return null;
            }
            for (String name : List.of(Models.MODEL, "profile.yaml")) {
                if (Files.isRegularFile(project.models().resolve(name))) {
                    Files.copy(project.models().resolve(name), into.resolve(name));
                }
            }
            return "models/, not deployed";
        } catch (IOException e) {
            throw new InputException(into + ": cannot read the current model: " + e.getMessage(), e);
        }
    }

    /**
     * Makes the candidate the project's model: the project's {@code data/interim}, {@code data/prepared} and
     * {@code models/} (but its bundles) move to {@code previous}, the candidate's are copied in their place. The
     * promoted model and metrics are added to the step's artifacts, so the run records their SHA-256.
     */
    private static void promote(Layout project, Layout cand, Path previous, StepResult r) {
        deleteTree(previous);
        try {
            Files.createDirectories(previous.resolve("models"));
            for (var pair : List.of(List.of(project.interim(), previous.resolve("interim")),
                    List.of(project.prepared(), previous.resolve("prepared")))) {
                if (Files.exists(pair.get(0))) {
                    Files.move(pair.get(0), pair.get(1));
                }
            }
            if (Files.isDirectory(project.models())) {
                try (var s = Files.list(project.models())) {
                    for (Path p : s.filter(p -> !p.equals(project.bundles())).toList()) {
                        Files.move(p, previous.resolve("models").resolve(p.getFileName().toString()));
                    }
                }
            }
            copyTree(cand.interim(), project.interim());
            copyTree(cand.prepared(), project.prepared());
            copyTree(cand.models(), project.models());
        } catch (IOException e) {
            throw new InputException(project.project() + ": cannot promote the candidate: " + e.getMessage(), e);
        }
        for (String f : List.of(Models.MODEL, "profile.yaml", "evaluation/metrics.json")) {
            Path p = project.models().resolve(f);
            if (Files.isRegularFile(p)) {
                r.artifacts.add(p);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path out = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(out);
                } else {
                    Files.copy(p, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new InputException(dir + ": cannot clear it: " + e.getMessage(), e);
        }
    }
}
