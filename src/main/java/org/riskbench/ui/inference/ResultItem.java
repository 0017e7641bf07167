package org.riskbench.ui.inference;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.riskbench.app.AnalysisResults;

/** A scored row in the results table, with the true class the analyst stored for it (null when none). */
public final class ResultItem {
    private final AnalysisResults.Row row;
    private final StringProperty trueClass = new SimpleStringProperty();
    private final String search;

    ResultItem(AnalysisResults.Row row, String trueClass) {
        this.row = row;
        this.trueClass.set(trueClass);
        this.search = (row.row() + " " + row.customer() + " " + row.date() + " " + row.amount() + " " + row.finalClass() + " "
                + String.join(" ", row.guardrails()) + " " + String.join(" ", row.topFeatures())).toLowerCase(java.util.Locale.ROOT);
    }

    public AnalysisResults.Row row() {
        return row;
    }

    public StringProperty trueClassProperty() {
        return trueClass;
    }

    boolean matches(String lowerCaseText) {
        return lowerCaseText.isEmpty() || search.contains(lowerCaseText);
    }
}
