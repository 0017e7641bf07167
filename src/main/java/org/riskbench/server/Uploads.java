package org.riskbench.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Uploaded files, streamed to disk under {@code <workspace>/uploads/<id>/} (never held whole in memory) and cut off at
 * the size limit with a 413. A CSV for scoring is removed once the inbox has its enriched copy; the documents of a
 * scenario, replay or calibration stay, because the job's parameters name them and a retry reads them again.
 */
final class Uploads {
    private static final int BUFFER = 64 * 1024;
    private final Path root;
    private final long limit;

    Uploads(Path root, long limit) {
        this.root = ensureFolder(root);
        this.limit = limit;
    }

    Path root() {
        return root;
    }

    long limit() {
        return limit;
    }

    static Path ensureFolder(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A new folder for one request's files. */
    Path newFolder() {
        return ensureFolder(root.resolve(UUID.randomUUID().toString()));
    }

    /** The raw body (e.g. {@code text/csv}) into {@code folder/name}; 413 past the limit, with the partial file removed. */
    Path saveBody(Context ctx, Path folder, String name) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            ctx.header("Connection", "close");
            throw tooLarge();
        }
        try (InputStream in = ctx.bodyInputStream()) {
            return copy(in, folder.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload: " + e.getMessage(), e);
        }
    }

    /** A multipart file part into {@code folder/name}, with the same limit. */
    Path savePart(UploadedFile part, Path folder, String name) {
        if (part.size() > limit) {
            throw tooLarge();
        }
        try (InputStream in = part.content()) {
            return copy(in, folder.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload: " + e.getMessage(), e);
        }
    }

    private Path copy(InputStream in, Path target) throws IOException {
        long total = 0;
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > limit) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        return target;
    }

    private ApiException tooLarge() {
        return new ApiException(413, "the upload is larger than this server's limit of " + limit + " bytes", null);
    }

    /** Jetty's own refusal of a multipart body over the limit, as the API's 413; null for any other failure. */
    static ApiException asLimitError(Throwable e, long limit) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("max file size") || m.contains("max request size") || m.contains("exceeds max")
                    || m.contains("too large") || m.contains("maxfilesize") || m.contains("maxrequestsize")) {
                return new ApiException(413, "the upload is larger than this server's limit of " + limit + " bytes", null);
            }
        }
        return null;
    }

    /** Removes a request's folder and what is in it. */
    static void delete(Path folder) {
        // a leftover upload folder is harmless; the next clean-up of uploads/ takes it
        org.riskbench.core.Folders.deleteTree(folder);
    }
}
