package org.riskbench.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.riskbench.engine.calibration.CalibrationRequest;

/**
 * What every task of a calibration needs, as broadcast by the driver: the bytes of the series, the profile and a grid
 * file, and the option texts. An executor writes the bytes to files of the same names once and builds the request with
 * {@link CalibrationRequest#of} exactly as a local run does, so a point is replayed by the same code on the same parsed
 * inputs (the engine's classes need not be serializable).
 *
 * @param key         identifies these inputs within an executor JVM (the run id and the bytes' hash)
 * @param seriesName  the series file's name
 * @param series      its bytes
 * @param profileName the profile file's name
 * @param profile     its bytes
 * @param gridName    the grid file's name, or null for an inline grid
 * @param gridFile    its bytes, or null
 * @param gridInline  the inline grid, or null
 */
public record CalibrationInputs(String key, String seriesName, byte[] series, String profileName, byte[] profile,
                                String gridName, byte[] gridFile, String gridInline, String profileChoice,
                                String weights, String constraints, Integer topK, Long maxPoints) implements Serializable {

    private static final long serialVersionUID = 1L;
    /** One request per executor JVM and inputs: built on the first task, reused by the others. */
    private static final PerExecutor<CalibrationRequest> REQUEST = new PerExecutor<>();

    /** Reads the files the driver was given. */
    public static CalibrationInputs read(String runId, Path series, Path profile, String profileChoice, String grid,
                                         String weights, String constraints, Integer topK, Long maxPoints) {
        String spec = grid.strip();
        Path gridPath = spec.startsWith("@") ? Path.of(spec.substring(1).strip()) : null;
        byte[] s = bytes(series);
        byte[] p = bytes(profile);
        byte[] g = gridPath == null ? null : bytes(gridPath);
        String key = runId + ":" + java.util.Arrays.hashCode(s) + ":" + java.util.Arrays.hashCode(p)
                + ":" + (g == null ? spec.hashCode() : java.util.Arrays.hashCode(g));
        return new CalibrationInputs(key, series.getFileName().toString(), s, profile.getFileName().toString(), p,
                gridPath == null ? null : gridPath.getFileName().toString(), g, gridPath == null ? spec : null,
                profileChoice, weights, constraints, topK, maxPoints);
    }

    /** The request on this executor (one thread: tasks of one JVM share it, read-only, as the local engine's workers do). */
    public CalibrationRequest request() {
        return REQUEST.get(key, this::build);
    }

    private CalibrationRequest build() {
        try {
            Path dir = SharedFiles.tempFolder("riskbench-calibration-");
            Path s = SharedFiles.writeTemp(dir, seriesName, series);
            Path p = SharedFiles.writeTemp(dir, profileName, profile);
            String grid = gridInline != null ? gridInline : "@" + SharedFiles.writeTemp(dir, gridName, gridFile);
            // threads: 1, the executor's cores run tasks; the run id is the driver's business (calib_meta.json)
            return CalibrationRequest.of(s, p, profileChoice, grid, weights, constraints, topK, maxPoints, 1, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the calibration inputs to a temporary folder: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
