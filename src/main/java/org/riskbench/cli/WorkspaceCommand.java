package org.riskbench.cli;

import java.util.concurrent.Callable;
import org.riskbench.app.AppContext;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that works on the workspace: it takes the common options (--workspace, --log-level), opens the
 * workspace, runs, and closes it, whatever the outcome. Refusals and failures are thrown and turned into one line and
 * an exit code by {@link Cli}, as for every command.
 */
abstract class WorkspaceCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;

    /** Refusals that need no workspace, made before one is opened (or created); none by default. */
    void check() throws Exception {
    }

    /** What the command does in the open workspace; its exit code. */
    abstract Integer run(AppContext app) throws Exception;

    @Override
    public final Integer call() throws Exception {
        check();
        try (AppContext app = Cli.openApp(common)) {
            return run(app);
        }
    }
}
