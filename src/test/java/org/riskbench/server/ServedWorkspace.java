package org.riskbench.server;

import java.nio.file.Path;
import org.riskbench.app.AppContext;

/** A workspace served on an ephemeral loopback port for one test; closing stops the server and the workspace. */
final class ServedWorkspace implements AutoCloseable {
    final AppContext app;
    final Serving serving;
    final ApiClient client;

    ServedWorkspace(Path workspace, ServerOptions options) {
        this.app = AppContext.open(workspace, 2);
        Serving s;
        try {
            s = Serving.start(app, options);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        this.serving = s;
        this.client = new ApiClient(serving.address(), options.token());
    }

    static ServedWorkspace loopback(Path workspace) {
        return new ServedWorkspace(workspace, ServerOptions.loopback(0));
    }

    ApiClient client(String token) {
        return new ApiClient(serving.address(), token);
    }

    @Override
    public void close() {
        serving.close();
        app.close();
    }
}
