package org.riskbench.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.riskbench.core.InputException;

/**
 * The workspace's Spark settings, in {@code spark.properties} at its top: {@value #MASTER} (the master used when
 * {@code --spark} is given without one) and {@value #HOME} (a Spark installation, used when {@code SPARK_HOME} is not
 * set). A missing file means no settings.
 */
public final class SparkSettings {
    public static final String FILE = "spark.properties";
    public static final String MASTER = "spark.master";
    public static final String HOME = "spark.home";

    private SparkSettings() {
    }

    public static Properties read(Path workspaceRoot) {
        Properties p = new Properties();
        Path f = workspaceRoot.resolve(FILE);
        if (Files.isRegularFile(f)) {
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new InputException(f + ": cannot be read as key=value lines: " + e.getMessage(), e);
            }
        }
        return p;
    }

    /** Sets one setting (atomically rewriting the file). */
    public static void set(Path workspaceRoot, String key, String value) {
        if (!key.equals(MASTER) && !key.equals(HOME)) {
            throw new InputException("'" + org.riskbench.core.Texts.abbreviate(key) + "' is not a Spark setting of the"
                    + " workspace: use " + MASTER + " or " + HOME + ".");
        }
        Properties p = read(workspaceRoot);
        p.setProperty(key, value);
        StringBuilder text = new StringBuilder("# Spark settings of this Riskbench workspace (docs/scale-out.md)\n");
        for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
            text.append(k).append('=').append(p.getProperty(k).replace("\\", "\\\\")).append('\n');
        }
        org.riskbench.core.AtomicFiles.writeString(workspaceRoot.resolve(FILE), text.toString());
    }
}
