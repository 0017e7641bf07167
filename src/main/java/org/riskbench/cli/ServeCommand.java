package org.riskbench.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.riskbench.app.AppContext;
import org.riskbench.core.InputException;
import org.riskbench.server.ServerOptions;
import org.riskbench.server.Serving;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code riskbench serve}: the job workers and the HTTP API on a workspace until SIGTERM or Ctrl-C. Shutdown stops
 * accepting requests, gives running jobs {@code --grace-sec} to finish, then leaves those still running as a crash would
 * (marked failed (interrupted) at the next open, retryable).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the workspace: HTTP API under /api/v1, /metrics for Prometheus, /healthz, /readyz, /state.")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Option(names = "--port", defaultValue = "9107", paramLabel = "N", description = "Port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;
    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); any other than loopback needs --token-file.")
    String bind;
    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the bearer token every /api call must send.")
    Path tokenFile;
    @Option(names = "--allow-dir", paramLabel = "DIR", description = "A folder besides the workspace whose files JSON bodies may name (repeatable).")
    List<Path> allowDirs = List.of();
    @Option(names = "--grace-sec", defaultValue = "30", paramLabel = "S", description = "At shutdown, how long running jobs may take to finish (default: ${DEFAULT-VALUE}).")
    int graceSec;
    @Option(names = "--metrics-public", description = "Serve /metrics, /healthz and /readyz without the token.")
    boolean metricsPublic;
    @Option(names = "--max-upload-mb", defaultValue = "500", paramLabel = "N", description = "Refuse larger uploads with 413 (default: ${DEFAULT-VALUE}).")
    long maxUploadMb;
    @Option(names = "--idle-timeout-sec", defaultValue = "30", paramLabel = "S", description = "Close connections idle this long (default: ${DEFAULT-VALUE}).")
    int idleTimeoutSec;
    @Option(names = "--request-timeout-sec", defaultValue = "600", paramLabel = "S",
            description = "Answer 408 to a request whose body has not arrived whole after this long (default: ${DEFAULT-VALUE}).")
    int requestTimeoutSec;

    @Override
    public Integer call() throws InterruptedException {
        if (graceSec < 0 || idleTimeoutSec < 1 || requestTimeoutSec < 1 || maxUploadMb < 1) {
            throw new InputException("--grace-sec must be 0 or more, --idle-timeout-sec, --request-timeout-sec and --max-upload-mb"
                    + " at least 1");
        }
        String token = tokenFile == null ? null : readToken(tokenFile);
        ServerOptions options = new ServerOptions(bind, port, token, allowDirs, metricsPublic, maxUploadMb * 1024 * 1024,
                Duration.ofSeconds(idleTimeoutSec), Duration.ofSeconds(requestTimeoutSec), Duration.ofSeconds(graceSec));
        AppContext app = Cli.openApp(common);
        Serving serving;
        try {
            serving = Serving.start(app, options);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        // the graceful stop below decides what happens to running jobs, not the job service's own exit hook
        app.jobs().leaveRunningJobsAtExit();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            serving.close();
            if (app.jobs().awaitIdle(options.grace())) {
                app.close();
            } else {
                LOG.warn("{} job(s) still running after the {} s grace period: left as interrupted, retry them after the next start",
                        app.jobs().runningHere(), options.grace().toSeconds());
            }
            stopped.countDown();
        }, "riskbench-serve-stop"));
        var out = spec.commandLine().getOut();
        out.println("serving " + app.root() + " on " + serving.address() + " (API " + serving.address() + "/api/v1, metrics "
                + serving.address() + "/metrics); Ctrl-C stops");
        out.flush();
        stopped.await();
        return Cli.EXIT_OK;
    }

    private static String readToken(Path file) {
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.length() < 16) {
                throw new InputException(file + ": the token is " + token.length() + " characters; use at least 16 random ones");
            }
            return token;
        } catch (IOException e) {
            throw new InputException("--token-file " + file + ": cannot read: " + e.getMessage());
        }
    }
}
