package org.riskbench.app;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.Json;

/**
 * {@code processed/<id>.json} of one analysis, written while its stages run, so a stage's per-row list (a
 * million rows: 300 MB) goes straight into the document instead of into a part copied in afterwards.
 *
 * <p>Layout: the analysis' own fields (sorted), one section per stage in the order they ran (keys sorted, a
 * streamed {@code rows} list in its sorted place), then {@code row_count}, {@code timings_ms} and
 * {@code processed_at}, known only at the end. The content goes to a hidden temporary file beside the target
 * and is renamed over it by {@link #finish}: readers see no document or a whole one.
 *
 * <p>Used by one thread at a time: the inbox's, and the stage it runs. A stage retried after a transient
 * failure starts the document again from the sections done before it.
 */
public final class ResultDocument implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final AnalysisSummary head;
    /** Each stage's section, its keys sorted as written: a map because stages are plugged in and name their keys. */
    private final Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    private FileChannel channel;
    private JsonGenerator out;
    /** The stage whose section is open in {@link #out} (its rows streamed), or null. */
    private String streaming;
    private Map<String, Object> streamedKeys;

    /** {@code head}: the analysis' fields known before any stage runs ({@link AnalysisSummary#started}). */
    ResultDocument(Path target, AnalysisSummary head) {
        this.target = target;
        this.temp = target.resolveSibling("." + target.getFileName() + ".part");
        this.head = head;
    }

    /**
     * Called by a stage: writes everything known so far and its section's {@code before} fields (those sorting
     * before {@code rows}), then returns where the per-row list's JSON array goes (unbuffered; the caller
     * buffers and must not close it). The stage's returned summary then carries no {@code rows}. {@code before} is a
     * record or a map; its keys are written sorted.
     */
    public OutputStream rows(String stage, Object before) throws IOException {
        if (streaming != null && sections.containsKey(streaming)) {
            throw new IllegalStateException("stage " + streaming + " streamed its rows already; one stage may");
        }
        restart();
        writeSections();
        out.writeFieldName(stage);
        out.writeStartObject();
        Map<String, Object> sorted = sorted(before);
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            if ("rows".compareTo(e.getKey()) < 0) {
                throw new IllegalArgumentException("'" + e.getKey() + "' sorts after 'rows': return it from the stage");
            }
            out.writeObjectField(e.getKey(), e.getValue());
        }
        out.writeFieldName("rows");
        // the generator writes the separator before a value; the caller's bytes are the value
        out.writeRawValue("");
        out.flush();
        streaming = stage;
        streamedKeys = sorted;
        return new ChannelOutput(channel);
    }

    /** Called by the inbox before each attempt of a stage: a retried stage streams its rows again. */
    void attempt(String stage) {
        if (stage.equals(streaming)) {
            streaming = null;
            streamedKeys = null;
        }
    }

    /** Records a stage's summary, a record or a map (for a streaming stage: its fields after {@code rows}). */
    void stageDone(String stage, Object summary) {
        sections.put(stage, sorted(summary));
    }

    /** A section's keys sorted, as the file has always had them (and every map inside, as {@link Json#MAPPER} writes). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> sorted(Object section) {
        return Json.MAPPER.convertValue(section, TreeMap.class);
    }

    /** Writes the rest (the row count, the timings, the time) and renames the document over the target. */
    void finish(AnalysisSummary done) throws IOException {
        if (streaming == null) {
            restart();
            writeSections();
        } else {
            Map<String, Object> rest = new TreeMap<>(sections.getOrDefault(streaming, Map.of()));
            rest.keySet().removeAll(streamedKeys.keySet());
            rest.remove("rows");
            for (Map.Entry<String, Object> e : rest.entrySet()) {
                out.writeObjectField(e.getKey(), e.getValue());
            }
            out.writeEndObject();
            writeSectionsAfter(streaming);
        }
        out.writeObjectField("row_count", done.rowCount());
        out.writeObjectField("timings_ms", done.timingsMs());
        out.writeObjectField("processed_at", done.processedAt());
        out.writeEndObject();
        out.close();
        channel.close();
        channel = null;
        AtomicFiles.move(temp, target);
    }

    /** Removes the partial document (failure or cancellation). */
    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
                channel = null;
            }
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + temp + ": " + e.getMessage(), e);
        }
    }

    private void restart() throws IOException {
        if (channel != null) {
            channel.close();
        }
        Files.createDirectories(temp.getParent());
        channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        out = Json.MAPPER.createGenerator(new ChannelOutput(channel));
        out.useDefaultPrettyPrinter();
        streaming = null;
        streamedKeys = null;
        out.writeStartObject();
        // the analysis' own fields, sorted
        out.writeObjectField("analysis_id", head.analysisId());
        out.writeObjectField("created_at", head.createdAt());
        out.writeObjectField("enrichment", head.enrichment());
        out.writeObjectField("input_name", head.inputName());
        out.writeObjectField("input_sha256", head.inputSha256());
    }

    private void writeSections() throws IOException {
        for (Map.Entry<String, Map<String, Object>> s : sections.entrySet()) {
            out.writeObjectField(s.getKey(), s.getValue());
        }
    }

    private void writeSectionsAfter(String stage) throws IOException {
        boolean after = false;
        for (Map.Entry<String, Map<String, Object>> s : sections.entrySet()) {
            if (after) {
                out.writeObjectField(s.getKey(), s.getValue());
            }
            after |= s.getKey().equals(stage);
        }
    }

    /** Unbuffered writes to the document's channel; closing it leaves the document open. */
    private static final class ChannelOutput extends OutputStream {
        private final FileChannel channel;

        ChannelOutput(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }
    }
}
