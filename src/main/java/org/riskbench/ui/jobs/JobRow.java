package org.riskbench.ui.jobs;

import java.time.Instant;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.riskbench.core.model.JobRecord;

/** One row of the jobs table; updated in place on each refresh so selection and scrolling stay put. */
public final class JobRow {
    private final String id;
    private final StringProperty kind = new SimpleStringProperty();
    private final StringProperty status = new SimpleStringProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty message = new SimpleStringProperty();
    private final ObjectProperty<Instant> created = new SimpleObjectProperty<>();
    private final ObjectProperty<Instant> started = new SimpleObjectProperty<>();
    private final StringProperty duration = new SimpleStringProperty();
    private JobRecord record;

    JobRow(JobRecord record, Instant now) {
        this.id = record.id();
        update(record, now);
    }

    void update(JobRecord r, Instant now) {
        this.record = r;
        kind.set(r.kind());
        status.set(r.status().dbName());
        progress.set(r.progress());
        // A failed or cancelled job says why in its row, not the last progress message before it ended.
        String why = r.errorMessage() != null && r.status().isTerminal() ? r.errorMessage() : r.progressMessage();
        message.set(why == null ? "" : why);
        created.set(r.createdAt());
        started.set(r.startedAt());
        duration.set(JobsViewModel.formatDuration(r.duration(now)));
    }

    public String id() {
        return id;
    }

    public JobRecord record() {
        return record;
    }

    public StringProperty kindProperty() {
        return kind;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public ObjectProperty<Instant> createdProperty() {
        return created;
    }

    public ObjectProperty<Instant> startedProperty() {
        return started;
    }

    public StringProperty durationProperty() {
        return duration;
    }
}
