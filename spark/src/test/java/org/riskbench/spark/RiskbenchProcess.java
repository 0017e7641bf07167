package org.riskbench.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The riskbench CLI as a user runs it: {@code java -jar target/riskbench.jar ...} in its own process, then stopped. */
final class RiskbenchProcess {
    static final Path JAR = Path.of("target/riskbench.jar");

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private RiskbenchProcess() {
    }

    /**
     * {@code command} sent with {@code --spark} to a master where none listens (a port just closed): refused with exit
     * code 2 in one sentence naming the address, before any job or the output folder {@code out} is made.
     */
    static void assertNoMasterThereRefusedBeforeAnyJob(Path workspace, Path out, List<String> command)
            throws IOException, InterruptedException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--spark", "spark://127.0.0.1:" + port));
        Result unreachable = run(workspace, args);
        org.assertj.core.api.Assertions.assertThat(unreachable.exit()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThat(unreachable.err().strip().lines().filter(l -> l.startsWith("riskbench:")))
                .containsExactly("riskbench: --spark spark://127.0.0.1:" + port
                        + ": no Spark master answers there; start it or check the address (spark://host:7077).");
        org.assertj.core.api.Assertions.assertThat(out).doesNotExist();
        org.assertj.core.api.Assertions.assertThat(run(workspace, List.of("jobs", "list")).out()).contains("no jobs");
    }

    static Result run(Path workspace, List<String> args) throws IOException, InterruptedException {
        Process p = start(workspace, args);
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                throw new AssertionError("riskbench " + args + " did not end within 10 minutes");
            }
            return new Result(p.exitValue(), read(p, ".out"), read(p, ".err"));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static final java.util.Map<Process, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    static Process start(Path workspace, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toString()));
        cmd.addAll(args);
        cmd.add("--workspace");
        cmd.add(workspace.toString());
        Path logs = Files.createTempDirectory("riskbench-cli-");
        Process p = new ProcessBuilder(cmd).redirectOutput(logs.resolve("p.out").toFile())
                .redirectError(logs.resolve("p.err").toFile()).start();
        LOGS.put(p, logs);
        return p;
    }

    static String read(Process p, String which) throws IOException {
        return Files.readString(LOGS.get(p).resolve("p" + which), StandardCharsets.UTF_8);
    }
}
