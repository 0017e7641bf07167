package org.riskbench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.riskbench.core.InputException;

/** The AURORA replay driver's spellings of replay and calibrate options (docs/migration.md), mapped onto Riskbench's. */
final class AuroraOptions {
    private AuroraOptions() {
    }

    /** {@code --series FILE}, else the one CSV of {@code --logs_dir DIR}; one of them is required. */
    static Path series(Path series, Path logsDir) {
        if (series != null && logsDir != null) {
            throw new InputException("--series and --logs_dir both name the series to replay; give one.");
        }
        if (series != null) {
            return series;
        }
        if (logsDir == null) {
            throw new InputException("Missing required option: '--series=FILE' (or --logs_dir DIR holding one series CSV).");
        }
        if (!Files.isDirectory(logsDir)) {
            throw new InputException("--logs_dir: " + logsDir + " is not a folder.");
        }
        List<Path> csvs;
        try (Stream<Path> files = Files.list(logsDir)) {
            csvs = files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + logsDir + ": " + e.getMessage(), e);
        }
        if (csvs.size() != 1) {
            throw new InputException("--logs_dir: " + logsDir + " holds " + csvs.size() + " CSV files"
                    + (csvs.isEmpty() ? "" : " (" + String.join(", ", csvs.stream().map(f -> f.getFileName().toString()).toList()) + ")")
                    + "; Riskbench replays one series: name it with --series FILE.");
        }
        return csvs.get(0);
    }

    /** AURORA's {@code --profile NAME} named a profile, Riskbench's names a file: say so when no such file exists. */
    static void checkProfileFile(Path profile) {
        if (profile != null && !Files.exists(profile) && profile.getParent() == null
                && !profile.getFileName().toString().contains(".")) {
            throw new InputException("--profile takes a profile file, and there is no file '" + profile + "'; for a profile"
                    + " named '" + profile + "' in a file of several (AURORA's '--profile " + profile + "'), give both:"
                    + " --profile FILE --profile-name " + profile + ".");
        }
    }
}
