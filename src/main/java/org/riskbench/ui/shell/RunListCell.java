package org.riskbench.ui.shell;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import org.riskbench.core.model.RunRecord;

/** A previous run in a run screen's list (Acceptance, Calibration): its name, then status and start time; id and folder as tooltip. */
public final class RunListCell extends ListCell<RunRecord> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.systemDefault());

    /** Lists {@code list}'s runs with this cell, long names cut with an ellipsis rather than a horizontal scroll bar. */
    public static void use(ListView<RunRecord> list) {
        list.setCellFactory(l -> {
            RunListCell cell = new RunListCell();
            cell.setPrefWidth(0);
            return cell;
        });
    }

    @Override
    protected void updateItem(RunRecord run, boolean empty) {
        super.updateItem(run, empty);
        if (empty || run == null) {
            setText(null);
            setTooltip(null);
            return;
        }
        setText(run.name() + "\n" + run.status() + " · " + (run.startedAt() == null ? "" : TIME.format(run.startedAt())));
        setTooltip(new Tooltip(run.id() + (run.outputDir() == null ? "" : "\n" + run.outputDir())));
    }
}
