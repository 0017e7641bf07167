package org.riskbench.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.riskbench.app.AppContext;
import org.riskbench.core.Progress;
import org.riskbench.engine.retraining.RetrainingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A served workspace: the HTTP API plus the workers a server runs besides the job pool: the inbox watch (files left
 * pending by anyone get a drain job, as {@code riskbench inbox watch} does) and the retraining request queue (the daily
 * run, the decay check and the requests at start, as the app does, then each new request as it comes). Used by
 * {@code riskbench serve} and by the GUI's File > Serve this workspace.
 */
public final class Serving implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Serving.class);
    static final Duration INBOX_POLL = Duration.ofSeconds(1);
    static final Duration REQUESTS_POLL = Duration.ofSeconds(5);

    private final AppContext app;
    private final ScheduledExecutorService inboxWatch = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "riskbench-serve-inbox"));
    private final ScheduledExecutorService retraining = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "riskbench-serve-retraining"));
    private final ApiServer server;
    private final Drains drains;

    private Serving(AppContext app, ServerOptions options) {
        this.app = app;
        this.drains = new Drains(app);
        this.server = ApiServer.start(app, options, this::workersDown, drains);
        inboxWatch.scheduleWithFixedDelay(this::watchInbox, 0, INBOX_POLL.toMillis(), TimeUnit.MILLISECONDS);
        retraining.execute(this::atStart);
        retraining.scheduleWithFixedDelay(this::processRequests, REQUESTS_POLL.toMillis(), REQUESTS_POLL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Serves {@code app} as {@code options} say; the port is bound when this returns. */
    public static Serving start(AppContext app, ServerOptions options) {
        return new Serving(app, options);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public String address() {
        return server.address();
    }

    public int port() {
        return server.port();
    }

    /** Why the workers do not run, or null while they do (for /readyz). */
    private String workersDown() {
        if (!app.jobs().acceptsWork()) {
            return "the job workers are stopped";
        }
        if (inboxWatch.isShutdown() || retraining.isShutdown()) {
            return "the server is stopping";
        }
        return null;
    }

    private void watchInbox() {
        try {
            if (drains.busy()) {
                return;
            }
            if (!app.inbox().pendingIdsForWatch().isEmpty() || app.inbox().hasStaleClaims()) {
                drains.forPending();
            }
        } catch (RuntimeException e) {
            LOG.warn("inbox watch: {}; will look again", e.getMessage());
        }
    }

    private void atStart() {
        try {
            app.models().ensureActiveModel(Progress.NONE); // trains the default model once, before the first upload waits on it
            app.retraining().atStartup();
        } catch (RuntimeException e) {
            warnUnlessStopping("retraining at start: {}", e);
        }
    }

    private void processRequests() {
        try {
            app.retraining().processRequests(RetrainingConfig.defaults(), p -> LOG.info("{}", p.line()));
        } catch (RuntimeException e) {
            warnUnlessStopping("retraining requests: {}; will look again", e);
        }
    }

    /** A failure because this server is stopping (its threads interrupted, the workspace closing) is no news. */
    private void warnUnlessStopping(String message, RuntimeException e) {
        if (retraining.isShutdown()) {
            LOG.debug(message, e.toString());
        } else {
            LOG.warn(message, e.getMessage());
        }
    }

    /**
     * Stops accepting requests and stops the watchers; jobs already queued or running go on (the caller decides how long
     * to wait for them: {@code riskbench serve} waits its grace period, the GUI keeps running them).
     */
    @Override
    public void close() {
        server.close();
        inboxWatch.shutdownNow();
        retraining.shutdownNow();
        LOG.info("stopped serving {}", app.root());
    }
}
