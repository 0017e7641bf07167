package org.riskbench.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.riskbench.app.AppContext;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of a workspace (Javalin on Jetty): JSON under {@code /api/v1}, plus {@code /state}, {@code /healthz},
 * {@code /readyz} and {@code /metrics}. It only calls app services. Every refusal is {@code {"error", "field"}} with a
 * 4xx status; anything unexpected is a 500 whose body says to look at the log, which has the stack trace.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String API = "/api/v1";

    private final AppContext app;
    private final ServerOptions options;
    private final byte[] tokenDigest;
    private final Javalin javalin;
    private final Uploads uploads;
    private final AllowedPaths paths;
    private final WorkspaceMetrics metrics;

    private ApiServer(AppContext app, ServerOptions options, java.util.function.Supplier<String> workersDown, Drains drains) {
        this.app = app;
        this.options = options;
        this.tokenDigest = options.token() == null ? null : sha256(options.token().strip());
        this.paths = new AllowedPaths(app.root(), options.allowDirs());
        this.uploads = new Uploads(app.root().resolve("uploads"), options.maxUploadBytes());
        this.metrics = new WorkspaceMetrics(app, workersDown);
        AnalysesApi analyses = new AnalysesApi(app, uploads, paths, drains);
        JobsApi jobs = new JobsApi(app);
        WorkApi work = new WorkApi(app, uploads, paths);
        RunsApi runs = new RunsApi(app);
        StatusApi status = new StatusApi(app, metrics, workersDown);
        Path multipartCache = uploads.root().resolve(".multipart");
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // our own connector, so it gets the idle timeout (Javalin adds its default one only when there is none)
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(options.bind());
                connector.setPort(options.port());
                connector.setIdleTimeout(options.idleTimeout().toMillis());
                return connector;
            });
            // multipart parts are streamed to disk past 1 MB, never held whole; the limit is the upload limit
            config.jetty.multipartConfig.cacheDirectory(Uploads.ensureFolder(multipartCache).toString());
            config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            config.jetty.multipartConfig.maxFileSize(options.maxUploadBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(options.maxUploadBytes() + 1024 * 1024, SizeUnit.BYTES);
            // a stalled request is ended by the connector's idle timeout; a minimum data rate was tried and refused small
            // bodies read slowly on a loaded machine (a 408 for 8 bytes), so there is none
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            // outermost handler: Javalin puts its servlet context inside this wrapper
            config.jetty.modifyServer(server -> server.setHandler(new RequestDeadline(options.requestTimeout())));
            config.http.defaultContentType = "application/json";
            config.routes.before(this::authorize);
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.field(), e.details()));
            config.routes.exception(InputException.class, (e, ctx) -> error(ctx, 400, e.getMessage(), null, null));
            config.routes.exception(Exception.class, (e, ctx) -> {
                ApiException limit = Uploads.asLimitError(e, options.maxUploadBytes());
                if (limit != null) {
                    ctx.header("Connection", "close");
                    error(ctx, limit.status(), limit.getMessage(), limit.field(), null);
                    return;
                }
                RequestDeadline.Expired expired = RequestDeadline.of(e);
                if (expired != null) {
                    ctx.header("Connection", "close");
                    error(ctx, 408, expired.getMessage() + "; send it faster or raise --request-timeout-sec", null, null);
                    return;
                }
                // Jetty's own refusals of a request it could not read (a timeout, a malformed body) keep their status
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof org.eclipse.jetty.http.BadMessageException bad) {
                        ctx.header("Connection", "close");
                        error(ctx, bad.getCode(), "the request could not be read: " + bad.getReason(), null, null);
                        return;
                    }
                }
                LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), e.toString());
                LOG.debug("failure", e);
                error(ctx, 500, "internal error; the server log has the details", null, null);
            });
            config.routes.error(404, ctx -> {
                if (!isApiError(ctx)) { // a 404 of our own (no such job) already says what was not found
                    error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path() + "; see " + API + "/openapi.json", null, null);
                }
            });
            config.routes.error(405, ctx -> error(ctx, 405, ctx.method() + " is not allowed on " + ctx.path(), null, null));
            config.routes.error(413, ctx -> {
                if (!isApiError(ctx)) {
                    error(ctx, 413, "the request is larger than this server's limit of " + options.maxUploadBytes() + " bytes", null, null);
                }
            });
            status.register(config.routes);
            analyses.register(config.routes);
            jobs.register(config.routes);
            work.register(config.routes);
            runs.register(config.routes);
        });
    }

    /**
     * Starts serving; the port is bound when this returns (see {@link #port()} for an ephemeral one). {@code workersDown}
     * says why the job workers do not run (null while they do), for /readyz.
     */
    static ApiServer start(AppContext app, ServerOptions options, java.util.function.Supplier<String> workersDown, Drains drains) {
        ApiServer server = new ApiServer(app, options, workersDown, drains);
        try {
            server.javalin.start();
        } catch (RuntimeException e) {
            server.javalin.stop();
            String cause = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new InputException("cannot serve on " + options.bind() + ":" + options.port() + ": " + cause);
        }
        LOG.info("serving {} on {}", app.root(), server.address());
        return server;
    }

    public int port() {
        return javalin.port();
    }

    /** {@code http://host:port}. */
    public String address() {
        String host = options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
        return "http://" + host + ":" + port();
    }

    public ServerOptions options() {
        return options;
    }

    /** Stops accepting connections and ends the ones open (requests in flight are given Jetty's stop timeout). */
    @Override
    public void close() {
        javalin.stop();
    }

    private void authorize(Context ctx) {
        if (tokenDigest == null) {
            return;
        }
        String path = ctx.path();
        boolean monitoring = path.equals("/metrics") || path.equals("/healthz") || path.equals("/readyz");
        if (monitoring && options.metricsPublic()) {
            return;
        }
        String header = ctx.header("Authorization");
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
        // digests of equal length compared in constant time: neither the token's content nor its length leaks by timing
        if (!MessageDigest.isEqual(tokenDigest, sha256(given))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, header == null ? "this server needs 'Authorization: Bearer <token>'"
                    : "the bearer token is not this server's", "Authorization");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void error(Context ctx, int status, String message, String field, Object details) {
        json(ctx, status, new ErrorBody(message, field, details));
    }

    /** Every refusal's body: what is wrong, the field or parameter it is about (null: the request), any problems listed. */
    @JsonPropertyOrder({"error", "field", "problems"})
    record ErrorBody(@JsonProperty("error") String error, @JsonProperty("field") String field,
                     @JsonProperty("problems") @JsonInclude(JsonInclude.Include.NON_NULL) Object problems) {
    }

    private static boolean isApiError(Context ctx) {
        String body = ctx.result();
        return body != null && body.startsWith("{\"error\"");
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(Json.compact(body));
    }

    /** Reads the whole of a small request body (JSON documents), refusing one over 1 MB. */
    static InputStream smallBody(Context ctx) {
        try {
            byte[] bytes = ctx.bodyInputStream().readNBytes(1024 * 1024 + 1);
            if (bytes.length > 1024 * 1024) {
                throw new ApiException(413, "a JSON body is limited to 1 MB; upload files as multipart parts", null);
            }
            return new java.io.ByteArrayInputStream(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
