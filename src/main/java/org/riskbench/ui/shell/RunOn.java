package org.riskbench.ui.shell;

import java.nio.file.Path;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import java.util.List;
import javafx.scene.layout.HBox;
import org.riskbench.app.SparkSettings;
import org.riskbench.app.SparkTarget;

/**
 * "Run on: This computer / Spark" beside a screen's main action: the choice, the workspace's Spark master it means, and
 * a link to File > Spark settings. The target is read when the job is submitted, in the background.
 */
public final class RunOn {
    private final Path workspaceRoot;
    private final BooleanProperty spark = new SimpleBooleanProperty(false);
    private final StringProperty master = new SimpleStringProperty("");
    private final javafx.beans.value.ChangeListener<Number> onSaved = (o, before, now) -> refresh();

    public RunOn(Path workspaceRoot) {
        this.workspaceRoot = workspaceRoot;
        refresh();
        // weakly: the counter is static and outlives the screens of a closed workspace
        SparkSettingsDialog.SAVES.addListener(new javafx.beans.value.WeakChangeListener<>(onSaved));
    }

    /** True when the job goes to Spark. */
    public BooleanProperty sparkProperty() {
        return spark;
    }

    /** The workspace's master as last read ("" when none is set). */
    public ReadOnlyStringProperty masterProperty() {
        return master;
    }

    /** Reads the workspace's master again (after the settings changed), in the background. */
    public void refresh() {
        if (workspaceRoot == null) {
            return;
        }
        Fx.async(() -> SparkSettings.read(workspaceRoot).getProperty(SparkSettings.MASTER, ""), master::set,
                error -> master.set(""));
    }

    /**
     * Where to run, for a choice read on the FX thread: null for this computer, else the workspace's master (call it
     * from the background work that submits the job).
     *
     * @throws org.riskbench.core.InputException when Spark is chosen and no master is set
     */
    public SparkTarget target(boolean onSpark) {
        return onSpark ? SparkSettings.target(workspaceRoot) : null;
    }

    /** The bar: two toggles, the master and "Spark settings…". */
    public javafx.scene.layout.VBox bar(javafx.stage.Window owner) {
        ToggleGroup group = new ToggleGroup();
        ToggleButton local = new ToggleButton("This computer");
        local.setId("runOnLocal");
        ToggleButton onSpark = new ToggleButton("Spark");
        onSpark.setId("runOnSpark");
        local.getStyleClass().add(atlantafx.base.theme.Styles.LEFT_PILL);
        onSpark.getStyleClass().add(atlantafx.base.theme.Styles.RIGHT_PILL);
        local.setToggleGroup(group);
        onSpark.setToggleGroup(group);
        group.selectToggle(spark.get() ? onSpark : local);
        // a pill pressed twice stays pressed: one of the two is always chosen
        group.selectedToggleProperty().addListener((o, before, now) -> {
            if (now == null) {
                group.selectToggle(before);
            } else {
                spark.set(now == onSpark);
            }
        });
        spark.addListener((o, before, now) -> group.selectToggle(now ? onSpark : local));
        Label where = new Label();
        where.setId("runOnMaster");
        where.getStyleClass().add("text-muted");
        where.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> !spark.get() ? "all cores of this computer"
                : master.get().isEmpty() ? "no master set" : "master " + master.get(), spark, master));
        Hyperlink settings = new Hyperlink("Spark settings…");
        settings.setId("runOnSettings");
        settings.setOnAction(e -> SparkSettingsDialog.show(owner == null && settings.getScene() != null
                ? settings.getScene().getWindow() : owner, workspaceRoot, () -> { }));
        settings.visibleProperty().bind(spark);
        Label label = new Label("Run on");
        label.getStyleClass().add("section-label");
        for (javafx.scene.control.Control c : List.of(label, local, onSpark, settings)) {
            c.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE);
        }
        HBox choice = new HBox(6, label, new HBox(local, onSpark));
        choice.setAlignment(Pos.CENTER_LEFT);
        // the second line is always there (what the choice means), so choosing Spark moves nothing below it
        HBox meaning = new HBox(6, where, settings);
        meaning.setAlignment(Pos.CENTER_LEFT);
        javafx.scene.layout.VBox bar = new javafx.scene.layout.VBox(2, choice, meaning);
        bar.setId("runOnBar");
        return bar;
    }
}
