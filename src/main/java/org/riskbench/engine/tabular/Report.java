package org.riskbench.engine.tabular;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The evaluation of a general model as Markdown (the bundle's {@code report.md}). */
public final class Report {
    private Report() {
    }

    @SuppressWarnings("unchecked")
    public static String markdown(String version, Map<String, Object> ev) {
        StringBuilder b = new StringBuilder();
        b.append("# Model ").append(version).append("\n\n");
        b.append("Target `").append(ev.get("label")).append("`, classes ").append(ev.get("classes")).append(", counts ")
                .append(ev.get("class_counts")).append(".\n");
        if (ev.get("positive") != null) {
            b.append("Positive class `").append(ev.get("positive")).append("`, threshold ").append(ev.get("threshold"))
                    .append(" (").append(ev.get("threshold_rule")).append(").\n");
        }
        b.append("Learner: ").append(ev.get("learner")).append("; class weights: ").append(ev.get("class_weight"))
                .append("; rows: ").append(ev.get("rows")).append(".\n\n");
        Map<String, Object> cv = (Map<String, Object>) ev.get("cross_validation");
        b.append("## Cross-validation (").append(cv.get("folds")).append(" stratified folds, seed ").append(cv.get("seed"))
                .append(", mean +/- standard error)\n\n");
        Map<String, Object> models = (Map<String, Object>) cv.get("models");
        List<String> metrics = List.copyOf(((Map<String, Object>) models.values().iterator().next()).keySet());
        b.append("| model | ").append(String.join(" | ", metrics)).append(" |\n|---|");
        b.append("---|".repeat(metrics.size())).append('\n');
        models.forEach((who, m) -> {
            b.append("| ").append(who).append(" |");
            for (String k : metrics) {
                Map<String, Object> e = (Map<String, Object>) ((Map<String, Object>) m).get(k);
                b.append(' ').append(fmt(e.get("mean"))).append(" +/- ").append(fmt(e.get("se"))).append(" |");
            }
            b.append('\n');
        });
        Map<String, Object> holdout = (Map<String, Object>) ev.get("holdout");
        b.append("\n## Holdout (").append(holdout.get("rows")).append(" rows)\n\n");
        Map<String, Object> hm = (Map<String, Object>) holdout.get("models");
        b.append("| model | ").append(String.join(" | ", metrics)).append(" |\n|---|");
        b.append("---|".repeat(metrics.size())).append('\n');
        hm.forEach((who, m) -> {
            b.append("| ").append(who).append(" |");
            for (String k : metrics) {
                b.append(' ').append(fmt(((Map<String, Object>) m).get(k))).append(" |");
            }
            b.append('\n');
        });
        b.append("\nConfusion matrix at the threshold (rows: true, columns: predicted, order ").append(holdout.get("confusion_order"))
                .append("):\n\n");
        for (Object row : (List<?>) holdout.get("confusion_matrix")) {
            b.append("    ").append(row).append('\n');
        }
        Map<String, Object> cal = (Map<String, Object>) holdout.get("calibration");
        b.append("\nCalibration of p(").append(holdout.get("curve_class")).append("), 10 bins: predicted ")
                .append(cal.get("predicted") instanceof double[] d ? java.util.Arrays.toString(d) : cal.get("predicted"))
                .append(", observed ")
                .append(cal.get("observed") instanceof double[] d ? java.util.Arrays.toString(d) : cal.get("observed")).append("\n\n");
        b.append("## Permutation importance (holdout, drop of the score when the column is shuffled, mean +/- se)\n\n");
        for (Map<String, Object> m : (List<Map<String, Object>>) ev.get("permutation_importance")) {
            b.append("- ").append(m.get("column")).append(": ").append(fmt(m.get("mean"))).append(" +/- ").append(fmt(m.get("se"))).append('\n');
        }
        List<String> warnings = (List<String>) ev.get("warnings");
        if (!warnings.isEmpty()) {
            b.append("\n## Warnings\n\n");
            warnings.forEach(w -> b.append("- ").append(w).append('\n'));
        }
        return b.toString();
    }

    static String fmt(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : "n/a";
    }
}
