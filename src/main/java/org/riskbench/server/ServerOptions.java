package org.riskbench.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.riskbench.core.InputException;

/**
 * How the API is served: address and port (0: any free port), the bearer token (null: none; only allowed on a loopback
 * address), the folders besides the workspace whose files request bodies may name, whether /metrics, /healthz and
 * /readyz are open without the token, the upload size limit, the connection idle timeout, the time a request may take to
 * arrive whole (a client trickling a byte now and then keeps a connection from idling but not past this), and the
 * shutdown grace for running jobs.
 */
public record ServerOptions(String bind, int port, String token, List<Path> allowDirs, boolean metricsPublic,
                            long maxUploadBytes, Duration idleTimeout, Duration requestTimeout, Duration grace) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);

    public static final int DEFAULT_PORT = 9107;
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final long DEFAULT_MAX_UPLOAD = 500L * 1024 * 1024;

    public ServerOptions {
        allowDirs = List.copyOf(allowDirs);
        if (port < 0 || port > 65535) {
            throw new InputException("--port must be between 0 and 65535, got " + port);
        }
        if (token != null && token.isBlank()) {
            throw new InputException("the token file is empty; put a long random token in it");
        }
        if (token == null && !isLoopback(bind)) {
            throw new InputException("--bind " + bind + " is not a loopback address: serving it without --token-file would let"
                    + " anyone on the network use the workspace; give --token-file FILE");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new InputException("the request timeout must be positive");
        }
        if (maxUploadBytes < 1) {
            throw new InputException("the upload limit must be at least 1 byte");
        }
    }

    /** Loopback, no token, the defaults: what the GUI and the tests use. */
    public static ServerOptions loopback(int port) {
        return new ServerOptions(DEFAULT_BIND, port, null, List.of(), false, DEFAULT_MAX_UPLOAD, Duration.ofSeconds(30),
                DEFAULT_REQUEST_TIMEOUT, Duration.ofSeconds(30));
    }

    public ServerOptions withBind(String address) {
        return new ServerOptions(address, port, token, allowDirs, metricsPublic, maxUploadBytes, idleTimeout, requestTimeout, grace);
    }

    public ServerOptions withToken(String newToken) {
        return new ServerOptions(bind, port, newToken, allowDirs, metricsPublic, maxUploadBytes, idleTimeout, requestTimeout, grace);
    }

    public ServerOptions withMaxUploadBytes(long bytes) {
        return new ServerOptions(bind, port, token, allowDirs, metricsPublic, bytes, idleTimeout, requestTimeout, grace);
    }

    public ServerOptions withIdleTimeout(Duration timeout) {
        return new ServerOptions(bind, port, token, allowDirs, metricsPublic, maxUploadBytes, timeout, requestTimeout, grace);
    }

    public ServerOptions withMetricsPublic(boolean open) {
        return new ServerOptions(bind, port, token, allowDirs, open, maxUploadBytes, idleTimeout, requestTimeout, grace);
    }

    public ServerOptions withRequestTimeout(Duration timeout) {
        return new ServerOptions(bind, port, token, allowDirs, metricsPublic, maxUploadBytes, idleTimeout, timeout, grace);
    }

    public ServerOptions withAllowDirs(List<Path> dirs) {
        return new ServerOptions(bind, port, token, dirs, metricsPublic, maxUploadBytes, idleTimeout, requestTimeout, grace);
    }

    /** True for 127.0.0.0/8, ::1 and "localhost"; a name that does not resolve is not loopback. */
    static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new InputException("--bind " + bind + ": not an address of this machine");
        }
    }
}
