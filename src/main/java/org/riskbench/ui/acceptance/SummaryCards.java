package org.riskbench.ui.acceptance;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.TilePane;
import org.riskbench.app.ReplayService.DriftView;
import org.riskbench.engine.acceptance.ReplaySummary;

/** The replay's summary as small cards (value + label), plus the profile's drift-watch state. */
final class SummaryCards extends TilePane {
    private static final double TILE_WIDTH = 102;
    private final Map<String, Label> values = new LinkedHashMap<>();
    private final Map<String, Label> labels = new LinkedHashMap<>();

    SummaryCards() {
        setHgap(8);
        setVgap(8);
        setPrefColumns(5);
        setPrefTileWidth(TILE_WIDTH);
        getStyleClass().add("summary-cards");
        card("n_steps", "steps");
        card("pass_share", "PASS share");
        card("derisk_share", "DERISK share");
        card("block_share", "BLOCK share");
        card("coverage", "coverage");
        card("flap_rate_k", "transitions / 1000 steps");
        card("avg_risk_scale", "avg risk scale");
        card("exec_block_rate", "exec block rate");
        card("final", "final state, alpha");
        card("drift", "drift watch");
    }

    private void card(String key, String label) {
        Label value = new Label("–");
        value.getStyleClass().add("card-value");
        value.setId("card-" + key);
        Label caption = new Label(label);
        caption.getStyleClass().add("card-label");
        caption.setWrapText(true);
        caption.setPrefWidth(TILE_WIDTH - 24);
        caption.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        atlantafx.base.controls.Card box = new atlantafx.base.controls.Card();
        box.setHeader(value);
        box.setBody(caption);
        box.getStyleClass().add("stat-card");
        box.setMaxWidth(Double.MAX_VALUE);
        values.put(key, value);
        labels.put(key, caption);
        getChildren().add(box);
    }

    void show(ReplaySummary s, DriftView drift) {
        set("n_steps", String.format(Locale.ROOT, "%,d", s.nSteps()));
        set("pass_share", pct(s.passShare()));
        set("derisk_share", pct(s.deriskShare()));
        set("block_share", pct(s.blockShare()));
        set("coverage", String.format(Locale.ROOT, "%.4f", s.coverageEmpirical()));
        labels.get("coverage").setText(String.format(Locale.ROOT, "coverage, abs err %.4f", s.coverageAbsErr()));
        set("flap_rate_k", String.format(Locale.ROOT, "%.2f", s.flapRateK()));
        labels.get("flap_rate_k").setText(s.transitionCount() + " transitions, per 1000 steps");
        set("avg_risk_scale", String.format(Locale.ROOT, "%.3f", s.avgRiskScale()));
        set("exec_block_rate", pct(s.execBlockRate()));
        set("final", s.finalState().name());
        labels.get("final").setText(String.format(Locale.ROOT, "final state, alpha %.4f", s.finalAlpha()));
        values.get("final").getStyleClass().removeAll("state-PASS", "state-DERISK", "state-BLOCK");
        values.get("final").getStyleClass().addAll("state-" + s.finalState().name(), "card-value-word");
        Label d = values.get("drift");
        d.getStyleClass().removeAll("drift-OBSERVE", "drift-WARN", "drift-STABLE");
        if (drift == null) {
            d.setText("–");
            labels.get("drift").setText("drift watch: no runs yet");
            Tooltip.install(d, null);
        } else {
            d.setText(drift.phase());
            d.getStyleClass().addAll("drift-" + drift.phase(), "card-value-word");
            labels.get("drift").setText(String.format(Locale.ROOT, "drift watch, ema %.4f, %d runs", drift.ema(), drift.runs()));
            Tooltip tip = new Tooltip(drift.profileKey() + "\n" + (drift.lastLine() == null ? "" : drift.lastLine()));
            Tooltip.install(d.getParent(), tip);
        }
    }

    private void set(String key, String text) {
        values.get(key).setText(text);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    Label value(String key) {
        return values.get(key);
    }
}
