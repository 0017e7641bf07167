package org.riskbench;

import org.riskbench.cli.Cli;
import org.riskbench.ui.RiskbenchApp;

/**
 * Entry point of {@code riskbench.jar}. Deliberately not a JavaFX {@code Application}, so the runnable
 * jar can start JavaFX from the class path; the CLI runs without ever touching JavaFX.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        int code = Cli.commandLine(RiskbenchApp::launchWith, args).execute(args);
        if (!RiskbenchApp.wasLaunched()) {
            System.exit(code);
        }
    }
}
