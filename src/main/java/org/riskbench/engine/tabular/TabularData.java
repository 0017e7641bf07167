package org.riskbench.engine.tabular;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;
import org.riskbench.core.table.ColumnKind;
import org.riskbench.engine.intake.ColumnProfile;
import org.riskbench.engine.intake.ColumnType;
import org.riskbench.engine.intake.CsvInspector;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.intake.IntakeOptions;

/**
 * Reads any CSV for the general trainer: the intake's inspection decides the encoding, the delimiter and each
 * column's type (so the trainer sees the types {@code riskbench validate} prints), then the shared table reader reads
 * numbers as numbers and everything else as text.
 *
 * @param frame  the table
 * @param info   the intake's type and format per column
 * @param report the inspection
 */
public record TabularData(Frame frame, Map<String, FeaturePlan.ColumnInfo> info, InspectionReport report) {

    public static TabularData read(Path file, Progress progress) {
        progress.report(0, "inspecting " + file.getFileName());
        InspectionReport report = CsvInspector.inspect(file, IntakeOptions.defaults(), progress);
        if (!report.accepted()) {
            throw new InputException(file + ": refused: " + report.refusal() + "; see the problems with 'riskbench validate " + file + "'");
        }
        Map<String, FeaturePlan.ColumnInfo> info = new LinkedHashMap<>();
        for (ColumnProfile c : report.columns()) {
            info.put(c.name().trim(), new FeaturePlan.ColumnInfo(c.type(), c.format()));
        }
        progress.report(0.5, "reading " + report.dataRows() + " rows of " + file.getFileName());
        Frame frame = Frame.read(file, report.delimiterChar(), report.encoding(), name -> {
            FeaturePlan.ColumnInfo ci = info.get(name);
            return ci != null && isPlainNumber(ci) ? ColumnKind.NUMBER : ColumnKind.TEXT;
        });
        return new TabularData(frame, info, report);
    }

    /** Reads a file to score with a plan: its numeric features as numbers (unless written with decimal commas), the rest as text. */
    public static Frame readForScoring(Path file, FeaturePlan plan) {
        InspectionReport report = CsvInspector.inspect(file, IntakeOptions.defaults(), Progress.NONE);
        if (!report.accepted()) {
            throw new InputException(file + ": refused: " + report.refusal() + "; see the problems with 'riskbench validate " + file + "'");
        }
        Map<String, FeaturePlan.Feature> byName = new LinkedHashMap<>();
        plan.features().forEach(f -> byName.put(f.name(), f));
        Map<String, ColumnProfile> profiles = new LinkedHashMap<>();
        report.columns().forEach(c -> profiles.put(c.name().trim(), c));
        return Frame.read(file, report.delimiterChar(), report.encoding(), name -> {
            FeaturePlan.Feature f = byName.get(name);
            ColumnProfile p = profiles.get(name);
            boolean numeric = f != null && f.kind().equals("numeric") && p != null
                    && isPlainNumber(new FeaturePlan.ColumnInfo(p.type(), p.format()));
            return numeric ? ColumnKind.NUMBER : ColumnKind.TEXT;
        });
    }

    private static boolean isPlainNumber(FeaturePlan.ColumnInfo ci) {
        return (ci.type() == ColumnType.INTEGER || ci.type() == ColumnType.DECIMAL || ci.type() == ColumnType.EMPTY)
                && !"decimal_comma".equals(ci.format());
    }
}
