package org.riskbench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders whose files a request body may name: the workspace and each {@code --allow-dir}. A path is checked after
 * resolving symbolic links, so a link inside the workspace that points out of it is refused like the target itself.
 */
final class AllowedPaths {
    private final List<Path> roots = new ArrayList<>();

    AllowedPaths(Path workspace, List<Path> allowDirs) {
        roots.add(real(workspace));
        for (Path dir : allowDirs) {
            if (!Files.isDirectory(dir)) {
                throw new org.riskbench.core.InputException("--allow-dir " + dir + ": no such folder");
            }
            roots.add(real(dir));
        }
    }

    private static Path real(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new org.riskbench.core.InputException(dir + ": cannot resolve: " + e.getMessage());
        }
    }

    /** An existing file named in a body (relative: to the workspace), inside an allowed folder; else a 400 naming the field. */
    Path existingFile(String value, String field) {
        return existing(value, field, false);
    }

    /** An existing folder named in a body (a model bundle), with the same checks. */
    Path existingFolder(String value, String field) {
        return existing(value, field, true);
    }

    private Path existing(String value, String field, boolean folder) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("field '" + field + "' is required: a path inside the workspace or an --allow-dir", field);
        }
        Path given;
        try {
            given = Path.of(value);
        } catch (InvalidPathException e) {
            throw ApiException.badRequest("field '" + field + "': '" + value + "' is not a path", field);
        }
        Path candidate = given.isAbsolute() ? given : roots.get(0).resolve(given);
        Path resolved;
        try {
            resolved = candidate.toRealPath();
        } catch (IOException e) {
            // not saying whether a path outside exists: check containment of the name first
            if (!inside(candidate.toAbsolutePath().normalize())) {
                throw outside(value, field);
            }
            throw ApiException.badRequest("field '" + field + "': no file '" + value + "'", field);
        }
        if (!inside(resolved)) {
            throw outside(value, field);
        }
        if (folder ? !Files.isDirectory(resolved) : !Files.isRegularFile(resolved)) {
            throw ApiException.badRequest("field '" + field + "': '" + value + "' is not a " + (folder ? "folder" : "file"), field);
        }
        return resolved;
    }

    /** A folder a body names for output: its nearest existing ancestor (links resolved) must be inside an allowed folder. */
    Path outputFolder(Path dir, String field) {
        Path p = dir.toAbsolutePath().normalize();
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            Path realBase = existing == null ? null : existing.toRealPath();
            if (realBase == null || !inside(realBase.resolve(existing.relativize(p)).normalize())) {
                throw outside(dir.toString(), field);
            }
        } catch (IOException e) {
            throw outside(dir.toString(), field);
        }
        return p;
    }

    private boolean inside(Path p) {
        for (Path root : roots) {
            if (p.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    private static ApiException outside(String value, String field) {
        return ApiException.badRequest("field '" + field + "': '" + value + "' is outside the workspace and every --allow-dir", field);
    }
}
