package org.riskbench.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.riskbench.core.InputException;

/**
 * Where to run a job on Spark: the master ({@code local[N]}, {@code spark://host:port}, {@code yarn},
 * {@code k8s://...}) and the {@code --spark-conf KEY=VALUE} settings, checked before any job is made.
 *
 * @param master the master URL
 * @param conf   Spark settings, in the order given
 */
public record SparkTarget(String master, Map<String, String> conf) {

    public SparkTarget {
        if (master == null || master.isBlank()) {
            throw new InputException("--spark needs a master (local[2], spark://host:7077, yarn, k8s://https://host:443)"
                    + " or the workspace setting " + SparkSettings.MASTER + ".");
        }
        master = master.strip();
        if (!(master.matches("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?\\])?") || master.startsWith("spark://")
                || master.equals("yarn") || master.startsWith("k8s://"))) {
            throw new InputException("--spark '" + org.riskbench.core.Texts.abbreviate(master) + "' is not a Spark master:"
                    + " use local[N], spark://host:port, yarn or k8s://https://host:port.");
        }
        conf = Map.copyOf(conf);
    }

    /** Parses the {@code --spark-conf} items: each {@code spark.KEY=VALUE}; a bad one is named. */
    public static SparkTarget of(String master, List<String> confItems) {
        Map<String, String> conf = new LinkedHashMap<>();
        for (String item : confItems == null ? List.<String>of() : confItems) {
            Map.Entry<String, String> kv = keyValue("--spark-conf", item);
            if (!kv.getKey().startsWith("spark.")) {
                throw new InputException("--spark-conf '" + org.riskbench.core.Texts.abbreviate(kv.getKey())
                        + "' is not a Spark setting: keys start with 'spark.' (for example spark.executor.cores=2).");
            }
            conf.put(kv.getKey(), kv.getValue());
        }
        return new SparkTarget(master, conf);
    }

    /**
     * One Spark setting as typed, {@code KEY=VALUE} (the first '=' splits; key and value stripped, neither empty), for
     * {@code --spark-conf} and the lines of File > Spark settings alike; a bad one is refused naming {@code where}
     * (the option, or the dialog's line).
     */
    public static Map.Entry<String, String> keyValue(String where, String item) {
        String text = item.strip();
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1 || text.substring(0, eq).isBlank()) {
            throw new InputException(where + " '" + org.riskbench.core.Texts.abbreviate(text)
                    + "' is not KEY=VALUE (for example spark.executor.memory=2g).");
        }
        return Map.entry(text.substring(0, eq).strip(), text.substring(eq + 1).strip());
    }

    /** The schemes of a path every executor can read: a shared mount, HDFS, S3. */
    public static final List<String> SHARED_SCHEMES = List.of("file", "hdfs", "s3a");

    /**
     * {@code value} as the URI executors read it from: {@code file:}, {@code hdfs:} or {@code s3a:} as given, an
     * absolute path as {@code file:} (the same path on every node: a shared mount); anything else is refused in one
     * sentence naming {@code what}.
     */
    public static String sharedUri(String what, String value) {
        String v = value == null ? "" : value.strip();
        String refused = what + " '" + org.riskbench.core.Texts.abbreviate(v) + "' is not on a path every Spark executor"
                + " can read: give file:/shared/mount/..., hdfs://namenode/... or s3a://bucket/... (or an absolute path"
                + " on a mount every node shares).";
        java.net.URI uri;
        try {
            if (v.startsWith("/")) {
                return java.nio.file.Path.of(v).normalize().toUri().toString();
            }
            uri = new java.net.URI(v);
        } catch (java.net.URISyntaxException | java.nio.file.InvalidPathException e) {
            throw new InputException(refused);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!SHARED_SCHEMES.contains(scheme) || uri.getPath() == null || !uri.getPath().startsWith("/")
                || (!scheme.equals("file") && (uri.getAuthority() == null || uri.getAuthority().isBlank()))) {
            throw new InputException(refused);
        }
        return uri.normalize().toString();
    }

    /** The local file of a {@code file:} URI from {@link #sharedUri}, or null for another scheme. */
    public static java.nio.file.Path localFile(String sharedUri) {
        java.net.URI uri = java.net.URI.create(sharedUri);
        return "file".equalsIgnoreCase(uri.getScheme()) ? java.nio.file.Path.of(uri) : null;
    }
}
