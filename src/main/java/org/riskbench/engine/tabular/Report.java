package org.riskbench.engine.tabular;

import java.util.List;
import java.util.Locale;

/** The evaluation of a general model as Markdown (the bundle's {@code report.md}). */
public final class Report {
    private Report() {
    }

    public static String markdown(String version, TabularEvaluation ev) {
        StringBuilder b = new StringBuilder();
        b.append("# Model ").append(version).append("\n\n");
        b.append("Target `").append(ev.label()).append("`, classes ").append(ev.classes()).append(", counts ")
                .append(ev.classCounts()).append(".\n");
        if (ev.positive() != null) {
            b.append("Positive class `").append(ev.positive()).append("`, threshold ").append(ev.threshold())
                    .append(" (").append(ev.thresholdRule()).append(").\n");
        }
        TabularEvaluation.Rows rows = ev.rows();
        b.append("Learner: ").append(ev.learner()).append("; class weights: ").append(ev.classWeight())
                .append("; rows: {labelled=").append(rows.labelled()).append(", development=").append(rows.development())
                .append(", holdout=").append(rows.holdout()).append("}.\n\n");
        TabularEvaluation.CrossValidation cv = ev.crossValidation();
        b.append("## Cross-validation (").append(cv.folds()).append(" stratified folds, seed ").append(cv.seed())
                .append(", mean +/- standard error)\n\n");
        List<String> metrics = List.copyOf(cv.models().values().iterator().next().keySet());
        b.append("| model | ").append(String.join(" | ", metrics)).append(" |\n|---|");
        b.append("---|".repeat(metrics.size())).append('\n');
        cv.models().forEach((who, m) -> {
            b.append("| ").append(who).append(" |");
            for (String k : metrics) {
                TabularEvaluation.Estimate e = m.get(k);
                b.append(' ').append(fmt(e == null ? null : e.mean())).append(" +/- ").append(fmt(e == null ? null : e.se()))
                        .append(" |");
            }
            b.append('\n');
        });
        TabularEvaluation.Holdout holdout = ev.holdout();
        b.append("\n## Holdout (").append(holdout.rows()).append(" rows)\n\n");
        b.append("| model | ").append(String.join(" | ", metrics)).append(" |\n|---|");
        b.append("---|".repeat(metrics.size())).append('\n');
        holdout.models().forEach((who, m) -> {
            b.append("| ").append(who).append(" |");
            for (String k : metrics) {
                b.append(' ').append(fmt(m.get(k))).append(" |");
            }
            b.append('\n');
        });
        b.append("\nConfusion matrix at the threshold (rows: true, columns: predicted, order ").append(holdout.confusionOrder())
                .append("):\n\n");
        for (List<Long> row : holdout.confusionMatrix()) {
            b.append("    ").append(row).append('\n');
        }
        TabularEvaluation.Calibration cal = holdout.calibration();
        b.append("\nCalibration of p(").append(holdout.curveClass()).append("), 10 bins: predicted ")
                .append(java.util.Arrays.toString(cal.predicted())).append(", observed ")
                .append(java.util.Arrays.toString(cal.observed())).append("\n\n");
        b.append("## Permutation importance (holdout, drop of the score when the column is shuffled, mean +/- se)\n\n");
        for (TabularEvaluation.ColumnImportance m : ev.permutationImportance()) {
            b.append("- ").append(m.column()).append(": ").append(fmt(m.mean())).append(" +/- ").append(fmt(m.se())).append('\n');
        }
        if (!ev.warnings().isEmpty()) {
            b.append("\n## Warnings\n\n");
            ev.warnings().forEach(w -> b.append("- ").append(w).append('\n'));
        }
        return b.toString();
    }

    static String fmt(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : "n/a";
    }
}
