package org.riskbench.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.riskbench.core.InputException;

/**
 * Files on the path every executor can read ({@code file:} on a shared mount, {@code hdfs:}, {@code s3a:}) as local
 * files for the engines' readers: a {@code file:} URI is the file itself; any other is copied once into a temporary
 * folder through Hadoop's file system for its scheme (configured by the job's {@code spark.hadoop.*} settings).
 */
final class SharedFiles {
    private SharedFiles() {
    }

    /** The local file of {@code uri}; an unreadable one is said in one sentence naming it. */
    static Path local(String uri, Configuration hadoop) {
        URI u = URI.create(uri);
        if ("file".equals(u.getScheme())) {
            Path p = Path.of(u);
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new InputException(uri + " cannot be read on " + host() + ": every executor must see the file"
                        + " at that path (a shared mount), or put it on hdfs: or s3a:.");
            }
            return p;
        }
        try {
            org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(u);
            FileSystem fs = remote.getFileSystem(hadoop);
            Path local = tempFolder("riskbench-shared-").resolve(remote.getName());
            fs.copyToLocalFile(false, remote, new org.apache.hadoop.fs.Path(local.toUri()), true);
            local.toFile().deleteOnExit();
            return local;
        } catch (IOException e) {
            throw new InputException(uri + " cannot be read on " + host() + ": " + Failures.oneSentence(e), e);
        }
    }

    /** Puts a local file at {@code uri} on the shared path (replacing what a failed attempt of the task left there). */
    static void put(Path local, String uri, Configuration hadoop) {
        URI u = URI.create(uri);
        try {
            if ("file".equals(u.getScheme())) {
                Path target = Path.of(u);
                Files.createDirectories(target.getParent());
                Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                Files.copy(local, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return;
            }
            org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(u);
            remote.getFileSystem(hadoop).copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), remote);
        } catch (IOException e) {
            throw new InputException(uri + " cannot be written from " + host() + ": " + Failures.oneSentence(e), e);
        }
    }

    /** A temporary folder for an executor's local copies, removed (with what {@link #writeTemp} put in it) at exit. */
    static Path tempFolder(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        dir.toFile().deleteOnExit();
        return dir;
    }

    /** Writes broadcast bytes as the file {@code name} (a relative path) of a {@link #tempFolder}, removed at exit. */
    static Path writeTemp(Path dir, String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
        f.toFile().deleteOnExit();
        return f;
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "an executor";
        }
    }

}
