package org.riskbench.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.riskbench.app.AppContext;
import org.riskbench.app.WorkspaceDoctor;
import picocli.CommandLine.Command;

/** {@code riskbench doctor}: checks the workspace and repairs what crashes left, saying what it found. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check the workspace and repair what crashes left behind: the database's integrity, jobs and inbox"
                + " claims of ended processes, runs left running by an ended job, temporary files and unfinished outputs.",
            "Safe while other Riskbench processes use the workspace: what a live process uses is not touched.",
            "Exit code 0 when the workspace is sound, 1 when the database's integrity check fails."})
public final class DoctorCommand extends WorkspaceCommand {
    private static final int SHOWN = 5;


    @Override
    Integer run(AppContext app) {
        WorkspaceDoctor.Report report = app.examine();
        PrintWriter out = spec.commandLine().getOut();
        out.println("workspace " + app.root());
        out.println("  database integrity: " + (report.healthy() ? "ok"
                : report.integrityProblems().size() + " problem(s): " + shown(report.integrityProblems())));
        out.println("  jobs left by ended processes: " + marked(report.jobsInterrupted(), "marked failed (interrupted), retryable"));
        out.println("  inbox files claimed by ended processes: " + marked(report.claimsReturned(), "returned to pending"));
        out.println("  runs left running by an ended job: " + marked(report.runsEnded(), "marked failed"));
        WorkspaceDoctor.Leftovers leftovers = report.leftovers();
        out.println("  temporary files and unfinished outputs of ended runs: " + (leftovers.removed().isEmpty() ? "none"
                : String.format(Locale.ROOT, "%d removed (%,d bytes): %s", leftovers.removed().size(), leftovers.bytes(),
                        shown(leftovers.removed().stream().map(Object::toString).toList()))));
        if (!leftovers.restored().isEmpty()) {
            out.println("  outputs a crash left renamed aside: " + leftovers.restored().size() + " restored: "
                    + shown(leftovers.restored().stream().map(Object::toString).toList()));
        }
        if (!report.healthy()) {
            out.println("The database is damaged: copy the workspace folder aside before anything else, then see"
                    + " Troubleshooting in the README.");
        }
        return report.healthy() ? Cli.EXIT_OK : Cli.EXIT_JOB_FAILED;
    }

    private static String marked(List<String> ids, String what) {
        return ids.isEmpty() ? "none" : ids.size() + " " + what + ": " + shown(ids);
    }

    private static String shown(List<String> items) {
        return String.join(", ", items.subList(0, Math.min(SHOWN, items.size())))
                + (items.size() > SHOWN ? " and " + (items.size() - SHOWN) + " more" : "");
    }
}
