package org.riskbench.cli;

import java.nio.file.Path;
import org.riskbench.app.AppContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code riskbench gui}: opens the desktop application (the default when no subcommand is given). */
@Command(name = "gui", mixinStandardHelpOptions = true, description = "Open the desktop application.")
public final class GuiCommand implements Runnable {

    @Mixin
    CommonOptions common = new CommonOptions();

    @ParentCommand
    Cli parent;

    /** The workspace folder the GUI opens first. */
    public Path workspaceFolder() {
        return AppContext.resolveFolder(common.workspace, System.getenv());
    }

    public String logLevel() {
        return common.logLevel == null ? "WARN" : common.logLevel;
    }

    @Override
    public void run() {
        common.applyLogLevel();
        parent.guiLauncher().accept(workspaceFolder());
    }
}
