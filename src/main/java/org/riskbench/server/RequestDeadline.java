package org.riskbench.server;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The time a request's body may take to arrive whole. The connector's idle timeout ends a connection that sends nothing;
 * a client trickling a byte now and then stays under it forever and holds a thread and an upload file. Past the
 * deadline the next read of the body fails with {@link Expired}, which the API answers with 408. The time the API then
 * spends on the request (validating a large upload) is not counted.
 */
final class RequestDeadline extends Handler.Wrapper {
    private final long timeoutNanos;

    RequestDeadline(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /** The failure of a body read past the deadline. */
    static final class Expired extends TimeoutException {
        private static final long serialVersionUID = 1L;

        Expired(Duration timeout) {
            super("the request did not arrive whole within " + timeout.toSeconds() + " s");
        }
    }

    /** The expired deadline behind a failure, if it is one. */
    static Expired of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Expired expired) {
                return expired;
            }
        }
        return null;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        Request timed = new Request.Wrapper(request) {
            @Override
            public Content.Chunk read() {
                if (System.nanoTime() - deadline > 0) {
                    return Content.Chunk.from(new Expired(Duration.ofNanos(timeoutNanos)), true);
                }
                return super.read();
            }
        };
        return super.handle(timed, response, callback);
    }
}
