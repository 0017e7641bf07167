package org.riskbench.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.riskbench.core.CancelledException;
import org.riskbench.core.InputException;
import org.riskbench.core.Progress;

/**
 * The team's own code as a step: an etl transform ({@code command:}) or a train model ({@code model: command}) that
 * runs a program (a Python script, say) on CSV files. Placeholders such as {@code {input}} in the arguments are
 * replaced by absolute paths; the program runs in the project folder; its stdout and stderr, line by line, go to the
 * step's log; past the timeout it is killed, with its child processes; a non-zero exit fails the step naming the
 * command, the code and its last line of output.
 */
final class ExternalCommand {
    /** The step's own default, as the CSV runner's: five minutes. */
    static final double DEFAULT_TIMEOUT_SEC = 300;

    private ExternalCommand() {
    }

    /**
     * The arguments of a {@code command} value: a list of strings, or a string split at spaces (no quoting: a list
     * for an argument with a space). {@code where} names the key in errors.
     */
    static List<String> arguments(JsonNode value, String where) {
        List<String> argv = new ArrayList<>();
        if (value != null && value.isArray()) {
            for (JsonNode a : value) {
                if (!a.isValueNode() || a.isNull()) {
                    throw new InputException(where + ": each argument must be a single value, got " + a + ".");
                }
                argv.add(a.asText());
            }
        } else if (value != null && value.isTextual()) {
            for (String part : value.asText().trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    argv.add(part);
                }
            }
        } else {
            throw new InputException(where + ": must be a program and its arguments, e.g. [python3, scripts/clean.py, "
                    + "\"{input}\", \"{output}\"].");
        }
        if (argv.isEmpty()) {
            throw new InputException(where + ": names no program; write e.g. [python3, scripts/clean.py, \"{input}\", \"{output}\"].");
        }
        return argv;
    }

    /** A timeout key's value in seconds ({@link #DEFAULT_TIMEOUT_SEC} when absent). */
    static double timeout(JsonNode value, String where) {
        if (value == null || value.isNull()) {
            return DEFAULT_TIMEOUT_SEC;
        }
        if (!value.isNumber() || !(value.doubleValue() > 0)) {
            throw new InputException(where + ": must be a positive number of seconds, got " + value + ".");
        }
        return value.doubleValue();
    }

    /**
     * Runs the command with the placeholders replaced, in {@code workDir}; its output lines go to {@code r}'s log
     * prefixed with {@code label}. A non-zero exit, a timeout or a program that cannot start throw a
     * {@link StepOutputException} carrying those lines, so the failed step's log keeps them.
     */
    static void run(List<String> argv, Map<String, Path> placeholders, Path workDir, double timeoutSec, String where,
                    String label, Progress progress, StepResult r) {
        List<String> command = new ArrayList<>();
        for (String a : argv) {
            String s = a;
            for (Map.Entry<String, Path> p : placeholders.entrySet()) {
                s = s.replace("{" + p.getKey() + "}", p.getValue().toAbsolutePath().toString());
            }
            command.add(s);
        }
        String shown = String.join(" ", argv);
        r.log(label + ": running " + shown);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workDir.toFile()).start();
        } catch (IOException e) {
            throw new StepOutputException(where + ": cannot start '" + argv.get(0) + "' (" + e.getMessage()
                    + "); is it installed and on the PATH?", r);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the program may already have exited
        }
        Thread out = pump(process.getInputStream(), label + " stdout: ", lines);
        Thread err = pump(process.getErrorStream(), label + " stderr: ", lines);
        long deadline = System.nanoTime() + (long) (timeoutSec * 1e9);
        try {
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    kill(process);
                    join(out, err);
                    lines.forEach(r::log);
                    throw new StepOutputException(where + ": '" + shown + "' ran past its timeout of "
                            + format(timeoutSec) + " s and was stopped; raise timeout_sec or make it faster.", r);
                }
                try {
                    progress.checkCancelled();
                } catch (CancelledException e) {
                    kill(process);
                    join(out, err);
                    lines.forEach(r::log);
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
        join(out, err);
        lines.forEach(r::log);
        int code = process.exitValue();
        if (code != 0) {
            String last = lastLine(lines);
            throw new StepOutputException(where + ": '" + shown + "' exited with code " + code
                    + (last == null ? " and printed nothing" : "; its last line: " + last) + " (all its output is in the step log).", r);
        }
        r.log(label + ": '" + shown + "' exited with code 0");
    }

    /** The last line on stderr (where a failing program says why), else on stdout; the two streams are read apart. */
    private static String lastLine(List<String> lines) {
        for (String stream : List.of(" stderr: ", " stdout: ")) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i);
                int at = l.indexOf(stream);
                String text = at < 0 ? "" : l.substring(at + stream.length()).strip();
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return null;
    }

    private static String format(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread... threads) {
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Thread pump(InputStream in, String prefix, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(prefix + line);
                }
            } catch (IOException e) {
                if (!"Stream closed".equals(e.getMessage())) {
                    throw new UncheckedIOException(e);
                }
            }
        }, "step-command-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
