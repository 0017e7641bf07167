package org.riskbench.engine.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.InputFiles;
import org.riskbench.core.TextFiles;

/**
 * The cost of calling a row of true class {@code t} the class {@code a}: the Q-learning policy's reward is
 * {@code -cost[t][a]} (docs/spec/inference.md section 4). Same format as {@code resources/scoring/costs.yaml}:
 * {@code classes} (each class once) and {@code costs}, one row per true class, one finite non-negative number
 * per called class, in {@code classes} order.
 *
 * @param source  where it came from (a file name, or the bundled resource)
 * @param classes the classes, in the order of the rows and columns
 * @param costs   the matrix
 */
public record CostMatrix(String source, List<String> classes, double[][] costs) {
    public CostMatrix {
        classes = List.copyOf(classes);
    }

    /** Reads and checks a user's file; errors name the file and the key ({@code costs[2][1]}). */
    public static CostMatrix load(Path file) {
        String name = file.getFileName().toString();
        String text = TextFiles.read(file, name, InputFiles.Kind.COST_MATRIX);
        JsonNode n = Json.yamlMapping(text, name, "a cost matrix is a YAML mapping with 'classes' and 'costs'");
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("classes") && !key.equals("costs")) {
                throw new InputException(name + ": " + key + ": unknown key; expected classes, costs");
            }
        }
        JsonNode cl = n.path("classes");
        if (!cl.isArray() || cl.isEmpty()) {
            throw new InputException(name + ": classes: missing or not a list of class names");
        }
        List<String> classes = new ArrayList<>();
        for (JsonNode c : cl) {
            if (classes.contains(c.asText())) {
                throw new InputException(name + ": classes: '" + c.asText() + "' is listed twice");
            }
            classes.add(c.asText());
        }
        int k = classes.size();
        JsonNode rows = n.path("costs");
        if (!rows.isArray() || rows.size() != k) {
            throw new InputException(name + ": costs: expected " + k + " rows (one per true class, in classes order)");
        }
        double[][] costs = new double[k][k];
        for (int t = 0; t < k; t++) {
            JsonNode row = rows.get(t);
            if (!row.isArray() || row.size() != k) {
                throw new InputException(name + ": costs[" + t + "]: expected " + k + " numbers (true class " + classes.get(t) + ")");
            }
            for (int a = 0; a < k; a++) {
                JsonNode v = row.get(a);
                if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
                    throw new InputException(name + ": costs[" + t + "][" + a + "]: expected a number of at least 0, got '"
                            + v.asText() + "'");
                }
                costs[t][a] = v.asDouble();
            }
        }
        return new CostMatrix(name, classes, costs);
    }

    /** The matrix over {@code modelClasses}, in their order; every one of them must be in {@link #classes()}. */
    public double[][] over(List<String> modelClasses) {
        for (String c : modelClasses) {
            if (!classes.contains(c)) {
                throw new InputException(source + ": classes: the model's class '" + c + "' is missing (model classes: "
                        + modelClasses + ")");
            }
        }
        int k = modelClasses.size();
        double[][] out = new double[k][k];
        for (int t = 0; t < k; t++) {
            for (int a = 0; a < k; a++) {
                out[t][a] = costs[classes.indexOf(modelClasses.get(t))][classes.indexOf(modelClasses.get(a))];
            }
        }
        return out;
    }
}
