package org.riskbench.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.riskbench.core.InputException;

/**
 * The workspace's Spark settings, in {@code spark.properties} at its top: {@value #MASTER} (the master used when
 * {@code --spark} is given without one), {@value #HOME} (a Spark installation, used when {@code SPARK_HOME} is not
 * set) and any other {@code spark.*} key, a Spark setting given to every application this workspace submits (as
 * Spark's own {@code spark-defaults.conf}; a {@code --spark-conf} of the same key wins). A missing file means no
 * settings.
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

    /**
     * Where "Run on: Spark" sends a job: the workspace's master (its default Spark settings are added at submission).
     *
     * @throws InputException when no master is set
     */
    public static SparkTarget target(Path workspaceRoot) {
        String master = read(workspaceRoot).getProperty(MASTER);
        if (master == null || master.isBlank()) {
            throw new InputException("Running on Spark needs a master: set it in File > Spark settings (or run"
                    + " 'riskbench spark set " + MASTER + " local[2]').");
        }
        return SparkTarget.of(master, null);
    }

    /** The Spark settings given to every application: the {@code spark.*} keys other than the master and home. */
    public static Map<String, String> defaultConf(Path workspaceRoot) {
        return defaultConf(read(workspaceRoot));
    }

    /** The default Spark settings among settings already read. */
    public static Map<String, String> defaultConf(Properties p) {
        Map<String, String> conf = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("spark.") && !k.equals(MASTER) && !k.equals(HOME)) {
                conf.put(k, p.getProperty(k));
            }
        }
        return conf;
    }

    /** Sets one setting (atomically rewriting the file); an empty value removes it. */
    public static void set(Path workspaceRoot, String key, String value) {
        checkKey(key);
        Properties p = read(workspaceRoot);
        if (value == null || value.isBlank()) {
            p.remove(key);
        } else {
            p.setProperty(key, value.strip());
        }
        write(workspaceRoot, p);
    }

    /**
     * Replaces every setting at once (the Settings dialog): the master (checked as {@code --spark} is), the Spark
     * installation and the default Spark settings; a blank master or home removes it.
     */
    public static void replace(Path workspaceRoot, String master, String home, Map<String, String> conf) {
        Properties p = new Properties();
        if (master != null && !master.isBlank()) {
            p.setProperty(MASTER, SparkTarget.of(master, null).master());
        }
        if (home != null && !home.isBlank()) {
            p.setProperty(HOME, home.strip());
        }
        for (Map.Entry<String, String> e : conf.entrySet()) {
            checkKey(e.getKey());
            if (e.getKey().equals(MASTER) || e.getKey().equals(HOME)) {
                throw new InputException("'" + e.getKey() + "' has its own field: give it there, not as a Spark setting.");
            }
            p.setProperty(e.getKey(), e.getValue());
        }
        write(workspaceRoot, p);
    }

    private static void checkKey(String key) {
        if (key == null || !key.startsWith("spark.") || key.length() == "spark.".length()) {
            throw new InputException("'" + org.riskbench.core.Texts.abbreviate(String.valueOf(key)) + "' is not a Spark"
                    + " setting of the workspace: use " + MASTER + ", " + HOME + " or a Spark key (spark.executor.memory).");
        }
    }

    private static void write(Path workspaceRoot, Properties p) {
        StringBuilder text = new StringBuilder("# Spark settings of this Riskbench workspace (docs/scale-out.md)\n");
        for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
            text.append(k).append('=').append(p.getProperty(k).replace("\\", "\\\\")).append('\n');
        }
        org.riskbench.core.AtomicFiles.writeString(workspaceRoot.resolve(FILE), text.toString());
    }
}
