package org.riskbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    /** The command run on the workspace {@code workspace} ({@code --workspace} added after {@code args}). */
    static Result runIn(Path workspace, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--workspace";
        all[args.length + 1] = workspace.toString();
        return run(all);
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Cli.commandLine(gui -> {
            throw new AssertionError("the GUI must not open in this test");
        });
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** The same arguments through the command line the launcher builds for them (only the subcommand named). */
    static Result runAsLauncher(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Cli.commandLine(gui -> {
            throw new AssertionError("the GUI must not open in this test");
        }, args);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void theLauncherBuildingOnlyTheSubcommandNamedGivesTheSameHelpErrorsAndExitCodes() {
        for (Class<?> sub : Cli.SUBCOMMANDS) {
            String name = sub.getAnnotation(CommandLine.Command.class).name();
            assertThat(runAsLauncher(name, "--help")).as(name).isEqualTo(run(name, "--help"));
            assertThat(runAsLauncher(name, "--no-such-option")).as(name).isEqualTo(run(name, "--no-such-option"));
        }
        assertThat(runAsLauncher("scenario", "run", "--threads", "x")).isEqualTo(run("scenario", "run", "--threads", "x"));
        assertThat(runAsLauncher("scenario", "rn")).isEqualTo(run("scenario", "rn"));
        assertThat(runAsLauncher("--help")).isEqualTo(run("--help"));
        assertThat(runAsLauncher("sceanrio")).isEqualTo(run("sceanrio"));
        assertThat(runAsLauncher("help", "scenario")).isEqualTo(run("help", "scenario"));
        assertThat(runAsLauncher("jobs", "show", "ghost", "--workspace", dir.toString()))
                .isEqualTo(run("jobs", "show", "ghost", "--workspace", dir.toString()));
    }

    @Test
    void helpListsTheSubcommands() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("gui", "jobs");
    }

    @Test
    void jobsListWorksOnANewWorkspaceFolder() {
        Path ws = dir.resolve("fresh");
        Result r = run("jobs", "list", "--workspace", ws.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("no jobs in");
        assertThat(ws.resolve(".db/riskbench.db")).exists();
    }

    @Test
    void anUnknownJobIsBadInputWithOneLineAndExitCode2() {
        Result r = run("jobs", "show", "ghost", "--workspace", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: no job 'ghost' in " + dir.toAbsolutePath().normalize());
    }

    @Test
    void anUnknownOptionIsBadUsageWithExitCode2() {
        Result r = run("jobs", "list", "--frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--frobnicate'").doesNotContain("Exception");
    }

    @Test
    void anUnknownLogLevelIsOneLineAndExitCode2() {
        Result r = run("jobs", "list", "--log-level", "LOUD", "--workspace", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("riskbench: --log-level: 'LOUD' is not one of ERROR, WARN, INFO, DEBUG");
    }

    @Test
    void synthAndBenchRefuseSizesTheyCannotMakeInOneLine() {
        Result huge = run("synth", "scenario", "--rows", "3000000", "--features", "1000", "--out", dir.resolve("x.csv").toString());
        Result folder = run("synth", "transactions", "--rows", "10", "--out", dir.toString());
        Result noFolder = run("synth", "transactions", "--rows", "10", "--out", dir.resolve("nope/x.csv").toString());
        Result steps = run("bench", "--engine", "acceptance", "--acceptance-steps", "-1");

        assertThat(huge.err().strip()).isEqualTo("riskbench: --rows 3,000,000 x --features 1,000 is 3,000,000,000 feature cells;"
                + " a synthetic table holds at most 50,000,000");
        assertThat(folder.err().strip()).isEqualTo("riskbench: " + dir + ": is a folder; --out names the CSV file to write");
        assertThat(noFolder.err().strip()).isEqualTo("riskbench: " + dir.resolve("nope/x.csv") + ": the folder "
                + dir.resolve("nope") + " does not exist");
        assertThat(steps.err().strip()).isEqualTo("riskbench: --acceptance-steps must be at least 1, got -1");
        for (Result r : java.util.List.of(huge, folder, noFolder, steps)) {
            assertThat(r.code()).isEqualTo(2);
        }
        assertThat(dir.resolve("nope")).doesNotExist();
    }

    @Test
    void listsRefuseAZeroLimitAndJobsAnUnknownKind() {
        Result runs = run("runs", "list", "--limit", "0", "--workspace", dir.toString());
        Result jobs = run("jobs", "list", "--kind", "bogus", "--workspace", dir.toString());

        assertThat(runs.code()).isEqualTo(2);
        assertThat(runs.err().strip()).isEqualTo("riskbench: --limit must be at least 1, got 0");
        assertThat(jobs.code()).isEqualTo(2);
        assertThat(jobs.err().strip()).startsWith("riskbench: --kind: 'bogus' is not one of calibration, inference,");
    }

    @Test
    void aBadStatusFilterNamesTheValue() {
        Result r = run("jobs", "list", "--status", "sleeping", "--workspace", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'sleeping' is not one of");
    }

    @Test
    void cancelOfAFinishedJobSaysThereIsNothingToCancel() {
        try (var app = org.riskbench.app.AppContext.open(dir, 1)) {
            org.riskbench.testsupport.TestTasks.register(app.jobs());
            app.jobs().submit(new org.riskbench.jobs.JobRequest("done-1", "test-count",
                    java.util.Map.of("steps", 1, "step_ms", 1), null, null)).await();
        }
        Result r = run("jobs", "cancel", "done-1", "--workspace", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("already succeeded");
        Result shown = run("jobs", "show", "done-1", "--workspace", dir.toString());
        assertThat(shown.out()).contains("status:    succeeded", "log:", "counted to 1");
    }
}
