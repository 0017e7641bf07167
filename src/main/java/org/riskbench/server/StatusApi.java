package org.riskbench.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        routes.get("/healthz", ctx -> ApiServer.json(ctx, 200, Map.of("status", "ok")));
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
            ApiServer.json(ctx, 200, Map.of("status", "ready"));
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "not ready");
            body.put("error", String.join("; ", reasons));
            body.put("field", null);
            ApiServer.json(ctx, 503, body);
        }
    }

    /** Per acceptance profile: the final state of its latest replay, alpha, coverage EMA, risk scale, drift watch. */
    private void state(Context ctx) {
        List<Map<String, Object>> profiles = new ArrayList<>();
        for (Monitoring.ProfileState p : app.monitoring().profiles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("profile", p.profile());
            m.put("state", p.state());
            m.put("alpha", finite(p.alpha()));
            m.put("coverage_ema", finite(p.coverageEma()));
            m.put("surprisal_p95", finite(p.surprisalP95()));
            m.put("risk_scale", finite(p.riskScale()));
            m.put("drift_watch", p.driftPhase());
            m.put("drift_watch_ema", p.driftEma());
            m.put("replays", p.replays());
            m.put("last_run_id", p.lastRunId());
            m.put("last_run_finished_at", p.finishedAt());
            profiles.add(m);
        }
        ApiServer.json(ctx, 200, Map.of("profiles", profiles));
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
