package org.riskbench.ui.runs;

import java.time.Instant;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.riskbench.app.TrackedRun;

/** One row of the runs table; its run is replaced in place on refresh so selection stays put. */
public final class RunRow {
    private final String id;
    private final ReadOnlyObjectWrapper<TrackedRun> run = new ReadOnlyObjectWrapper<>();

    RunRow(TrackedRun run) {
        this.id = run.id();
        this.run.set(run);
    }

    void update(TrackedRun latest, Instant now) {
        if (!latest.equals(run.get()) || latest.finishedAt() == null) {
            run.set(latest);
        }
    }

    public String id() {
        return id;
    }

    public TrackedRun run() {
        return run.get();
    }

    public ReadOnlyObjectProperty<TrackedRun> runProperty() {
        return run.getReadOnlyProperty();
    }
}
