package org.riskbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.riskbench.app.AppContext;
import org.riskbench.app.ProjectService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code riskbench project create|list}: projects made from templates (docs/spec/tracking.md). */
@Command(name = "project", mixinStandardHelpOptions = true, description = "Create projects from templates and list them.",
        subcommands = {ProjectCommand.Create.class, ProjectCommand.ListProjects.class})
public final class ProjectCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Copy a template into a new project folder and register it.")
    static final class Create extends WorkspaceCommand {
        @Parameters(index = "0", paramLabel = "TEMPLATE", description = "tabular-classification, risk-scenarios or acceptance-calibration.")
        String template;
        @Parameters(index = "1", paramLabel = "NAME", description = "Project name.")
        String name;
        @Option(names = "--dir", paramLabel = "DIR", description = "Project folder (default: workspace projects/NAME).")
        Path dir;

        @Override
        Integer run(AppContext app) {
            ProjectService.ProjectInfo p = app.projects().create(template, name, dir);
            spec.commandLine().getOut().println("created project " + p.name() + " from " + template + " in " + p.dir());
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the projects of the workspace.")
    static final class ListProjects extends WorkspaceCommand {
        @Override
        Integer run(AppContext app) {
            List<ProjectService.ProjectInfo> list = app.projects().list();
            PrintWriter out = spec.commandLine().getOut();
            if (list.isEmpty()) {
                out.println("no projects in " + app.root() + "; create one with 'riskbench project create TEMPLATE NAME'");
                return Cli.EXIT_OK;
            }
            out.printf("%-28s %-24s %s%n", "NAME", "TEMPLATE", "FOLDER");
            list.forEach(p -> out.printf("%-28s %-24s %s%n", p.name(), p.template(), p.dir()));
            return Cli.EXIT_OK;
        }
    }
}
