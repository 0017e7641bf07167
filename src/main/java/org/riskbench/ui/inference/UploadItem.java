package org.riskbench.ui.inference;

import java.nio.file.Path;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.riskbench.engine.intake.InspectionReport;

/** One dropped file on its way through the screen: waiting, inspected, confirmed, processed. FX thread only. */
public final class UploadItem {
    /** Where the file is; the left list shows it as a chip. */
    public enum State {
        WAITING("waiting"), INSPECTING("inspecting"), ACCEPTED("accepted"), REFUSED("refused"), ERROR("error"),
        SUBMITTING("submitting"), QUEUED("processing"), PROCESSED("processed"), FAILED("failed");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Path path;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.WAITING);
    private final ObjectProperty<InspectionReport> report = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty("Waiting to be inspected");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private volatile String analysisId;

    UploadItem(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public String name() {
        return path.getFileName().toString();
    }

    public ObjectProperty<State> stateProperty() {
        return state;
    }

    public ObjectProperty<InspectionReport> reportProperty() {
        return report;
    }

    /** One sentence about the current state (the verdict, the error, the analysis id). */
    public StringProperty messageProperty() {
        return message;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public String analysisId() {
        return analysisId;
    }

    void setAnalysisId(String id) {
        this.analysisId = id;
    }

    void set(State newState, String newMessage) {
        message.set(newMessage); // first: whoever sees the new state reads the message that goes with it
        state.set(newState);
    }
}
