package org.riskbench.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.riskbench.app.AppContext;
import org.riskbench.app.Monitoring;

/** {@code /healthz}, {@code /readyz}, {@code /state}, {@code /metrics} and the OpenAPI document. */
final class StatusApi {
    private final AppContext app;
    private final WorkspaceMetrics metrics;
    private final Supplier<String> workersDown;

    StatusApi(AppContext app, WorkspaceMetrics metrics, Supplier<String> workersDown) {
        this.app = app;
        this.metrics = metrics;
        this.workersDown = workersDown;
    }

    void register(RoutesConfig routes) {
        routes.get("/healthz", ctx -> ApiServer.json(ctx, 200, new Health("ok")));
        routes.get("/readyz", this::ready);
        routes.get("/state", this::state);
        routes.get("/metrics", this::metrics);
        routes.get(ApiServer.API + "/openapi.json", this::openApi);
    }

    /** 200 only when the database takes a write within 1 s and the job workers run; else 503 with the reason. */
    private void ready(Context ctx) {
        String down = workersDown.get();
        Optional<String> db = app.monitoring().writeProbe(Duration.ofSeconds(1));
        List<String> reasons = new ArrayList<>();
        db.ifPresent(reasons::add);
        if (down != null) {
            reasons.add(down);
        }
        if (reasons.isEmpty()) {
            ApiServer.json(ctx, 200, new Health("ready"));
        } else {
            ApiServer.json(ctx, 503, new NotReady("not ready", String.join("; ", reasons), null));
        }
    }

    /** {@code /healthz} and a ready {@code /readyz}. */
    record Health(@JsonProperty("status") String status) {
    }

    /** A 503 of {@code /readyz}: shaped as every API error ({@code error}, {@code field}) with the status first. */
    @JsonPropertyOrder({"status", "error", "field"})
    record NotReady(@JsonProperty("status") String status, @JsonProperty("error") String error,
                    @JsonProperty("field") String field) {
    }

    /** One acceptance profile on {@code /state}; a figure that is not finite is null. */
    @JsonPropertyOrder({"profile", "state", "alpha", "coverage_ema", "surprisal_p95", "risk_scale", "drift_watch",
            "drift_watch_ema", "replays", "last_run_id", "last_run_finished_at"})
    record ProfileView(@JsonProperty("profile") String profile, @JsonProperty("state") String state,
                       @JsonProperty("alpha") Double alpha, @JsonProperty("coverage_ema") Double coverageEma,
                       @JsonProperty("surprisal_p95") Double surprisalP95, @JsonProperty("risk_scale") Double riskScale,
                       @JsonProperty("drift_watch") String driftWatch, @JsonProperty("drift_watch_ema") Double driftWatchEma,
                       @JsonProperty("replays") long replays, @JsonProperty("last_run_id") String lastRunId,
                       @JsonProperty("last_run_finished_at") String lastRunFinishedAt) {
    }

    record ProfileList(@JsonProperty("profiles") List<ProfileView> profiles) {
    }

    /** Per acceptance profile: the final state of its latest replay, alpha, coverage EMA, risk scale, drift watch. */
    private void state(Context ctx) {
        List<ProfileView> profiles = new ArrayList<>();
        for (Monitoring.ProfileState p : app.monitoring().profiles()) {
            profiles.add(new ProfileView(p.profile(), p.state(), finite(p.alpha()), finite(p.coverageEma()),
                    finite(p.surprisalP95()), finite(p.riskScale()), p.driftPhase(), p.driftEma(), p.replays(),
                    p.lastRunId(), p.finishedAt()));
        }
        ApiServer.json(ctx, 200, new ProfileList(profiles));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private void metrics(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        String type = metrics.write(ctx.header("Accept"), out);
        ctx.status(200);
        ctx.contentType(type);
        ctx.result(out.toByteArray());
    }

    private void openApi(Context ctx) throws IOException {
        try (InputStream in = StatusApi.class.getResourceAsStream("/server/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the build");
            }
            ctx.status(200);
            ctx.contentType("application/json");
            ctx.result(in.readAllBytes());
        }
    }
}
