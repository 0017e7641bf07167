package org.riskbench.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The predecessor tools' files kept as test resources under {@code /compat/<tool>/}, copied where a test needs them. */
public final class CompatFiles {
    private CompatFiles() {
    }

    /** Copies {@code /compat/<tool>/<name>} to {@code target} (its folder made) and returns {@code target}. */
    public static Path copy(String tool, String name, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (InputStream in = CompatFiles.class.getResourceAsStream("/compat/" + tool + "/" + name)) {
            if (in == null) {
                throw new IOException("no test resource /compat/" + tool + "/" + name);
            }
            Files.copy(in, target);
        }
        return target;
    }
}
