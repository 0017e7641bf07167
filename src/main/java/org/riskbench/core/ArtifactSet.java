package org.riskbench.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes the files of one run (a calibration's four, a replay's two, a scenario run's four) so that a reader of the
 * folder sees the whole set or none of it, never part of a set or a mix of two runs: the set is written into a hidden
 * sibling folder ({@code .<name>.staging-<random>}) and that folder is renamed into place. A folder that already holds
 * files (the previous output the user asked to replace) is first renamed aside ({@code .<name>.replaced-<random>}),
 * then removed, keeping only the files the caller names as not part of any set (a run's synthetic input, written
 * there before the set).
 *
 * <p>A crash leaves at worst hidden siblings: a staging folder (an unfinished set, removed by the next cleanup) or a
 * replaced folder with no folder in its place (renamed back by {@link #repair}).
 */
public final class ArtifactSet {
    public static final String STAGING = ".staging-";
    public static final String REPLACED = ".replaced-";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Writes the set's files into the folder it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(Path folder) throws IOException;
    }

    private ArtifactSet() {
    }

    /** Writes a set through {@code writer} and puts it in place as {@code target}, as a whole. */
    public static void write(Path target, Writer writer) {
        write(target, Set.of(), writer);
    }

    /**
     * Like {@link #write(Path, Writer)}; files named in {@code keep} that the folder holds already stay in it (an
     * input the run wrote there before its set), every other file of a previous set goes.
     */
    public static void write(Path target, Set<String> keep, Writer writer) {
        Path folder = target.toAbsolutePath().normalize();
        Path staging = sibling(folder, STAGING);
        try {
            Files.createDirectories(folder.getParent());
            Files.createDirectory(staging);
            writer.write(staging);
            publish(staging, folder, keep);
            staging = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                Folders.deleteTree(staging);
            }
        }
    }

    private static void publish(Path staging, Path target, Set<String> keep) throws IOException {
        if (!holdsFiles(target)) {
            // rename(2) puts a folder in place of a missing or empty one in one step
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path replaced = sibling(target, REPLACED);
        Files.move(target, replaced, StandardCopyOption.ATOMIC_MOVE);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        for (String name : keep) {
            Path kept = replaced.resolve(name);
            if (Files.exists(kept) && !Files.exists(target.resolve(name))) {
                Files.move(kept, target.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Folders.deleteTree(replaced);
    }

    private static boolean holdsFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isPresent();
        }
    }

    /**
     * After a crash between the two renames of a replacement: a folder renamed aside with nothing (or an empty folder)
     * in its place is renamed back. Returns the folders restored.
     */
    public static List<Path> repair(Path parent) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(".") && p.getFileName().toString().contains(REPLACED))
                    .filter(p -> {
                        Path target = targetOf(p, REPLACED);
                        try {
                            // an empty folder in its place holds nothing published: the rename replaces it
                            if (target == null || holdsFiles(target) || (Files.exists(target) && !Files.isDirectory(target))) {
                                return false;
                            }
                            Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
                            return true;
                        } catch (IOException e) {
                            return false;
                        }
                    }).map(p -> targetOf(p, REPLACED)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The folder a hidden staging or replaced sibling belongs to, or null when the name is not one of ours. */
    public static Path targetOf(Path sibling, String mark) {
        String name = sibling.getFileName().toString();
        int at = name.lastIndexOf(mark);
        if (!name.startsWith(".") || at <= 1) {
            return null;
        }
        return sibling.resolveSibling(name.substring(1, at));
    }

    private static Path sibling(Path folder, String mark) {
        return folder.resolveSibling("." + folder.getFileName() + mark + Long.toHexString(RANDOM.nextLong()));
    }
}
