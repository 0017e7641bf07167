package org.riskbench.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.riskbench.core.Folders;
import org.riskbench.core.InputException;
import org.riskbench.store.Workspace;

/**
 * Which folders a user may name for output. A folder is new, empty, or a previous output of the same kind of run
 * (told by its artifact files) that the user asks to replace with {@code --overwrite}. The workspace's own folders
 * ({@code .db}, {@code inbox}, {@code runs} and so another job's run folder, {@code models}, {@code logs}, the
 * workspace itself) are refused: {@code projects} is the user's, a project step writes into its project folder.
 */
public final class OutputFolders {

    /** The kinds of output a folder can hold, each told by files only it writes. */
    public enum Kind {
        SCENARIO("scenario", "a scenario run", List.of("metadata.json", "runs.csv")),
        REPLAY("replay", "a replay", List.of("trace.csv")),
        CALIBRATION("calibration", "a calibration", List.of("calib_meta.json", "calib_results.csv")),
        /** {@code infer --out}: copies of analyses' results, one pair of files per analysis id. */
        INFERENCE_RESULTS("inference", "inference results", List.of()),
        /** {@code runs export-mlflow --out}: MLflow's file store, which exports add to. */
        MLFLOW("mlflow", "an MLflow export", List.of(".trash", "0/meta.yaml"));

        private final String jobKind;
        private final String description;
        private final List<String> markers;

        Kind(String jobKind, String description, List<String> markers) {
            this.jobKind = jobKind;
            this.description = description;
            this.markers = markers;
        }

        /** The kind of output a job kind writes, if it is one a user may direct. */
        public static Optional<Kind> ofJob(String jobKind) {
            return Stream.of(SCENARIO, REPLAY, CALIBRATION).filter(k -> k.jobKind.equals(jobKind)).findFirst();
        }

        boolean holds(Path folder) {
            if (this == INFERENCE_RESULTS) {
                return onlyFiles(folder, name -> name.endsWith("_results.csv") || name.endsWith(".json"));
            }
            return markers.stream().anyMatch(m -> Files.exists(folder.resolve(m)));
        }

        /** Whether an output of this kind may be added to without replacing anything (no --overwrite needed). */
        boolean additive() {
            return this == INFERENCE_RESULTS || this == MLFLOW;
        }
    }

    private static final List<String> INTERNAL = List.of(Workspace.DB_FOLDER, "inbox", "runs", "models", "logs");

    private OutputFolders() {
    }

    /**
     * Refuses {@code folder} as the output of {@code kind} unless it is new, empty, or a previous output of that kind
     * ({@code overwrite} asked, or the kind only adds files). Nothing is made.
     *
     * @param workspace the root of the workspace whose folders are off limits (null: none)
     * @param option    the option that named the folder, for messages ("--output-dir")
     */
    public static Path check(Path workspace, Kind kind, Path folder, boolean overwrite, String option) {
        Path absolute = real(folder.toAbsolutePath().normalize());
        if (workspace != null) {
            refuseInternal(workspace, absolute, option);
        }
        Folders.checkOutputFolder(absolute);
        if (!Files.isDirectory(absolute) || empty(absolute)) {
            return absolute;
        }
        if (kind.holds(absolute)) {
            if (overwrite || kind.additive()) {
                return absolute;
            }
            throw new InputException(option + " " + absolute + " holds a previous " + kind.description.replaceFirst("^an? ", "")
                    + "; add --overwrite to replace it, or give a new or empty folder");
        }
        for (Kind other : Kind.values()) {
            if (other != kind && other.markers.size() > 0 && other.holds(absolute)) {
                throw new InputException(option + " " + absolute + " holds the output of " + other.description
                        + "; give a new or empty folder");
            }
        }
        throw new InputException(option + " " + absolute + " holds other files; give a new or empty folder"
                + (kind.additive() ? "" : " (or a previous " + kind.description.replaceFirst("^an? ", "")
                        + " with --overwrite)"));
    }

    /** Refuses the workspace itself and its internal folders (and anything inside them). */
    public static void refuseInternal(Path workspace, Path folder, String option) {
        Path root = real(workspace.toAbsolutePath().normalize());
        Path absolute = real(folder.toAbsolutePath().normalize());
        if (absolute.equals(root)) {
            throw new InputException(option + " " + absolute + " is the workspace itself; give a folder outside it");
        }
        for (String internal : INTERNAL) {
            Path area = root.resolve(internal);
            if (absolute.startsWith(area)) {
                String what = internal.equals("runs") ? "the workspace's runs folder (other jobs' run folders)"
                        : "the workspace's own " + internal + " folder";
                throw new InputException(option + " " + absolute + " is inside " + what + "; give a folder outside the"
                        + " workspace's " + String.join(", ", INTERNAL) + " folders");
            }
        }
    }

    /** The path with its existing part resolved through links, so a link into the workspace is seen for what it is. */
    private static Path real(Path path) {
        Path existing = path;
        Path rest = null;
        while (existing != null && !Files.exists(existing)) {
            Path name = existing.getFileName();
            rest = rest == null ? name : name.resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            Path resolved = existing.toRealPath();
            return rest == null ? resolved : resolved.resolve(rest);
        } catch (IOException e) {
            return path;
        }
    }

    private static boolean empty(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new InputException("cannot list the output folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static boolean onlyFiles(Path folder, java.util.function.Predicate<String> name) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.allMatch(p -> Files.isRegularFile(p) && name.test(p.getFileName().toString()));
        } catch (IOException e) {
            return false;
        }
    }
}
