package org.riskbench.engine.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.acceptance.AcceptanceEngine;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.acceptance.ProfileLoader;
import org.riskbench.engine.acceptance.ReplayArtifacts;
import org.riskbench.engine.acceptance.ReplayResult;
import org.riskbench.engine.acceptance.ReplaySummary;
import org.riskbench.engine.acceptance.SeriesLoader;
import org.riskbench.engine.calibration.CalibrationArtifacts;
import org.riskbench.engine.calibration.CalibrationEngine;
import org.riskbench.engine.calibration.CalibrationRequest;
import org.riskbench.engine.calibration.CalibrationResult;
import org.riskbench.engine.calibration.HardConstraints;
import org.riskbench.engine.calibration.ObjectiveWeights;
import org.riskbench.engine.calibration.PointResult;
import org.riskbench.engine.calibration.ProfileWriter;
import org.riskbench.engine.scenario.LinearModel;
import org.riskbench.engine.scenario.ScenarioConfig;
import org.riskbench.engine.scenario.ScenarioEngine;
import org.riskbench.engine.scenario.ScenarioResult;

/**
 * {@code train} and {@code evaluate} for the three model kinds: {@code logistic} (hand-written, {@link Logistic}),
 * {@code blrm} (the scenario engine) and {@code acceptance} (calibration engine to train, acceptance replay to
 * evaluate). The model is {@code models/model.json}; evaluation goes to {@code models/evaluation/}.
 */
final class Models {
    static final String MODEL = "model.json";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private Models() {
    }

    static void train(ProjectConfig config, Layout layout, Progress progress, StepResult r) {
        Table train = Pipeline.prepared(layout, "train");
        String target = config.text("prepare", "target", null);
        List<String> features = features(train, config);
        Path modelFile = layout.models().resolve(MODEL);
        ModelDocument model;
        switch (config.model()) {
            case "logistic" -> {
                for (String f : features) {
                    int c = train.require(f, "train");
                    String typo = train.numeric(c) ? null : train.mostlyNumericWarning(c,
                            layout.prepared().resolve("train.csv"), "train encodes it as categories, not as a number");
                    if (typo != null) {
                        r.warn(typo);
                    }
                }
                Logistic.Model m = Logistic.fit(train, features, target, config.text("prepare", "positive", "1"),
                        (int) config.number("train", "iterations", 2000), config.number("train", "learning_rate", 0.1),
                        config.number("train", "l2", 0.001), config.number("train", "threshold", 0.5), progress);
                model = ModelDocument.logistic(target, features, m);
                double[] p = Logistic.predict(m, train);
                r.metrics.putAll(Metrics.classification(train, target, m.positive(), p, m.threshold()).named("train_"));
                r.log("train: logistic regression on " + train.size() + " rows, " + m.weights().length + " encoded features");
            }
            case "blrm" -> {
                Path dir = layout.models().resolve("scenario");
                Path input = dir.resolve("train_input.csv");
                List<String> cols = new ArrayList<>(features);
                cols.add(target);
                train.select(cols, "train").write(input);
                Map<String, Object> values = new LinkedHashMap<>();
                config.section("train").fields().forEachRemaining(e -> values.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class)));
                values.put("input_path", input.toString());
                values.put("target", target);
                values.putIfAbsent("name", config.name());
                ScenarioConfig sc = ScenarioConfig.fromMap(values, layout.project());
                ScenarioResult res = ScenarioEngine.run(sc, dir, 1, progress);
                res.input().warnings().forEach(r::warn);
                if (!res.completed()) {
                    throw new IllegalStateException("scenario run ended " + res.status().label() + ": " + res.message());
                }
                LinearModel lm = res.model();
                model = ModelDocument.blrm(target, lm.featureNames(), lm.intercept(), lm.coefficients(), lm.r2(),
                        lm.residualSd(), sc.hitBand());
                r.metrics.put("train_r2", lm.r2());
                r.metrics.put("mean_avg_score", res.summary().meanAvgScore());
                r.metrics.put("mean_p_hit", res.summary().meanPHit());
                addTree(dir, r);
                r.log("train: BLRM scenario run, " + res.runs().size() + " scenarios on " + train.size() + " rows");
            }
            case "command" -> {
                Path dir = layout.models().resolve("command");
                String where = config.file() + ": train.command";
                List<String> argv = ExternalCommand.arguments(config.section("train").get("command"), where);
                double timeout = ExternalCommand.timeout(config.section("train").get("timeout_sec"), config.file() + ": train.timeout_sec");
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                Map<String, Path> places = new LinkedHashMap<>();
                for (String split : List.of("train", "val", "test")) {
                    places.put(split, layout.prepared().resolve(split + ".csv"));
                }
                places.put("model_dir", dir);
                ExternalCommand.run(argv, places, layout.project(), timeout, where, "train command", progress, r);
                Path metricsFile = dir.resolve("metrics.json");
                if (Files.isRegularFile(metricsFile)) {
                    commandMetrics(metricsFile).forEach((k, v) -> {
                        if (v instanceof Number n) {
                            r.metrics.put(k, n.doubleValue());
                        }
                    });
                }
                model = ModelDocument.command(target, features, argv, "command");
                addTree(dir, r);
                r.log("train: the project's own command on " + train.size() + " train rows; its model is in models/command/");
            }
            default -> {
                Path dir = layout.models().resolve("calibration");
                Path profile = config.path(config.text("train", "profile", null));
                Path grid = config.path(config.text("train", "grid", null));
                CalibrationRequest req = CalibrationRequest.of(layout.prepared().resolve("train.csv"), profile, null,
                        "@" + grid, null, null, (int) config.number("train", "top_k", 10), null, 1, null);
                CalibrationResult res = CalibrationEngine.run(req, progress);
                CalibrationArtifacts.write(dir, res);
                int rank = 0;
                for (int k = 1; k <= res.points().size(); k++) {
                    if (res.atRank(k).feasible()) {
                        rank = k;
                        break;
                    }
                }
                if (rank == 0) {
                    throw new InputException("train: no grid point meets the hard constraints; widen the grid in " + grid + ".");
                }
                PointResult best = res.atRank(rank);
                Path out = layout.models().resolve("profile.yaml");
                ProfileWriter.write(res, rank, out);
                model = ModelDocument.acceptance(target, features, "profile.yaml", rank, best.score(), res.params(best));
                r.metrics.put("score", best.score());
                r.metrics.put("grid_points", res.points().size());
                r.artifacts.add(out);
                addTree(dir, r);
                r.log("train: calibrated " + res.points().size() + " grid points on " + train.size() + " train rows; best feasible rank "
                        + rank + " score " + best.score() + " (on train; evaluate scores it on its split)");
            }
        }
        Json.write(modelFile, model);
        r.artifacts.add(0, modelFile);
    }

    static void evaluate(ProjectConfig config, Layout layout, Progress progress, StepResult r) {
        refuseCommandModel(config, "evaluate");
        String split = config.text("evaluate", "split", "test");
        Table t = Pipeline.prepared(layout, split);
        ModelDocument model = model(layout);
        Path dir = layout.models().resolve("evaluation");
        String target = model.target();
        Scored scored = score(config, model, layout.models().resolve("profile.yaml"), layout.prepared().resolve(split + ".csv"),
                t, progress);
        // metrics.json: the model kind's metrics by name (update.metric and the bundle's manifest address them), the rows
        Map<String, Object> metrics = scored.metrics().named("");
        if (config.model().equals("acceptance")) {
            ReplayArtifacts.write(dir, scored.replay());
            Json.write(dir.resolve("confusion.json"), new ReplayConfusion(scored.replay().summary().transitions()));
            metrics.put("train_score", model.score());
            if (!scored.failed().isEmpty()) {
                r.log("evaluate: on " + split + " the profile fails the hard constraints " + scored.failed()
                        + ", so its score is " + HardConstraints.INFEASIBLE_SCORE + " as in calibration");
            }
            addTree(dir, r);
        } else {
            double[] pred = scored.predictions();
            List<String[]> rows = new ArrayList<>();
            int ti = t.require(target, "evaluate");
            for (int i = 0; i < pred.length; i++) {
                String[] row = t.rows().get(i);
                rows.add(new String[] {row[0], row[ti], Table.format(pred[i])});
            }
            if (config.model().equals("logistic")) {
                String positive = model.positive();
                double threshold = model.threshold();
                Json.write(dir.resolve("confusion.json"), Metrics.confusion(t, target, positive, pred, threshold));
                for (int i = 0; i < rows.size(); i++) {
                    String[] o = rows.get(i);
                    rows.set(i, new String[] {o[0], o[1], o[2], pred[i] >= threshold ? positive : "not " + positive});
                }
                new Table(List.of(config.key(), "actual", "probability", "predicted"), rows).write(dir.resolve("predictions.csv"));
            } else {
                new Table(List.of(config.key(), "actual", "predicted"), rows).write(dir.resolve("predictions.csv"));
            }
            r.artifacts.add(dir.resolve("confusion.json"));
            r.artifacts.add(dir.resolve("predictions.csv"));
            r.artifacts.removeIf(p -> !Files.exists(p));
        }
        metrics.put("rows", t.size());
        Json.write(dir.resolve("metrics.json"), metrics);
        r.artifacts.add(0, dir.resolve("metrics.json"));
        r.metrics.putAll(metrics);
        r.log("evaluate on " + split + " (" + t.size() + " rows): " + metrics);
    }

    /**
     * A model's evaluation metrics on a prepared table, and what they came from. {@code evaluate} reports them and
     * {@code update} computes them for the current model on the candidate's test rows, so both sides of its
     * comparison are the same computation on the same rows.
     *
     * @param failed the hard constraints the tuned profile fails on these rows ({@code acceptance}; else empty)
     */
    record Scored(Metrics.Named metrics, double[] predictions, ReplayResult replay, List<String> failed) {
    }

    /**
     * An acceptance model's {@code models/evaluation/confusion.json}: the replay's state transitions.
     *
     * @param transitions counts by {@code FROM->TO}, as the replay summary keys them
     */
    record ReplayConfusion(@JsonProperty("transitions") Map<String, Integer> transitions) {
    }

    /**
     * Scores {@code model} on the prepared table {@code t} (read from {@code file}). Logistic: the classification
     * metrics at the model's threshold; BLRM: RMSE, MAE, R² and the hit rate; acceptance: the replay of the tuned
     * {@code profile} on these rows with calibration's objective (ScoreV1 with the weights and hard constraints of
     * the base profile {@code train.profile}, -1e9 when a constraint fails), so {@code score} means the same on
     * any split as in calibration.
     */
    static Scored score(ProjectConfig config, ModelDocument model, Path profile, Path file, Table t, Progress progress) {
        if (config.model().equals("acceptance")) {
            AcceptanceProfile tuned = ProfileLoader.load(profile, null);
            ReplayResult res = AcceptanceEngine.replay(tuned, SeriesLoader.load(file), progress);
            ReplaySummary s = res.summary();
            AcceptanceProfile base = ProfileLoader.load(config.path(config.text("train", "profile", null)), null);
            org.riskbench.engine.calibration.Metrics m = org.riskbench.engine.calibration.Metrics.of(s);
            List<String> failed = HardConstraints.resolve(null, base).failed(m, tuned);
            double score = failed.isEmpty() ? ObjectiveWeights.resolve(null, base).score(m, tuned) : HardConstraints.INFEASIBLE_SCORE;
            Metrics.Acceptance metrics = new Metrics.Acceptance(s.passShare(), s.deriskShare(), s.blockShare(),
                    s.coverageEmpirical(), s.violationRate(), s.flapRateK(), score, failed.isEmpty() ? 1 : 0);
            return new Scored(metrics, null, res, failed);
        }
        String target = model.target();
        int ti = t.require(target, file.toString());
        double[] pred = predict(model, t);
        Metrics.Named metrics;
        if (config.model().equals("logistic")) {
            metrics = Metrics.classification(t, target, model.positive(), pred, model.threshold());
        } else {
            metrics = Metrics.regression(t.numbers(ti), pred, model.hitBand() * model.residualSd());
        }
        return new Scored(metrics, pred, null, List.of());
    }

    static ModelDocument model(Layout layout) {
        return ModelDocument.read(layout.models().resolve(MODEL));
    }

    /**
     * The scores a project's own train command wrote to {@code {model_dir}/metrics.json}; a map because that
     * program names them.
     */
    private static Map<String, Object> commandMetrics(Path file) {
        try {
            return Json.MAPPER.readValue(file.toFile(), MAP);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the train command's metrics: " + e.getMessage(), e);
        }
    }

    /** Scores of a table under a logistic or BLRM model (probabilities or predicted values). */
    static double[] predict(ModelDocument model, Table t) {
        List<String> features = model.features();
        if (model.kind().equals("logistic")) {
            return Logistic.predict(model.logisticModel(), t);
        }
        double[] coef = model.coefficients();
        double b = model.intercept();
        int[] idx = features.stream().mapToInt(f -> t.require(f, "predict")).toArray();
        double[] out = new double[t.size()];
        for (int i = 0; i < out.length; i++) {
            double s = b;
            String[] row = t.rows().get(i);
            for (int j = 0; j < idx.length; j++) {
                s += coef[j] * Table.number(row[idx[j]]);
            }
            out[i] = s;
        }
        return out;
    }

    /** Steps that score the model cannot score one made by the project's own program. */
    static void refuseCommandModel(ProjectConfig config, String step) {
        if (config.model().equals("command")) {
            throw new InputException(config.file() + ": " + step + " scores the model, and Riskbench cannot score one made by"
                    + " train.command; have that command write its own scores to {model_dir}/metrics.json (the train step"
                    + " records them), or use model logistic, blrm or acceptance.");
        }
    }

    static List<String> features(Table prepared, ProjectConfig config) {
        List<String> f = config.list("prepare", "features");
        if (f != null) {
            return f;
        }
        List<String> h = prepared.header();
        return new ArrayList<>(h.subList(1, h.size() - 1));
    }

    private static void addTree(Path dir, StepResult r) {
        try (var files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).sorted().forEach(r.artifacts::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static double[] without(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).toArray();
    }
}
