package org.riskbench.core.table;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Decodes a file with large reads (1 MB) straight from its channel. Bytes that are not valid in the
 * charset become U+FFFD and are counted, with the offset of the first, so the inspector can say where.
 */
public final class DecodingReader extends Reader {
    private final FileChannel channel;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes;
    private long consumedBefore;
    private boolean eof;
    private boolean flushed;
    private long malformed;
    private long firstMalformedOffset = -1;
    private long bytesRead;
    /** Where reading stops (exclusive): the end of the file, or of a part of it. */
    private final long endBytes;

    public DecodingReader(Path file, Charset charset, long skipBytes, int bufferBytes) throws IOException {
        this(file, charset, skipBytes, Long.MAX_VALUE, bufferBytes);
    }

    /** Decodes bytes {@code [fromBytes, endBytes)} of the file: a part that starts and ends between characters. */
    public DecodingReader(Path file, Charset charset, long fromBytes, long endBytes, int bufferBytes) throws IOException {
        this.endBytes = endBytes;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(fromBytes);
        this.consumedBefore = fromBytes;
        this.bytesRead = fromBytes;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.bytes = ByteBuffer.allocate(bufferBytes);
        bytes.flip();
    }

    public long malformedCount() {
        return malformed;
    }

    public long firstMalformedOffset() {
        return firstMalformedOffset;
    }

    /** Bytes read from the file so far (for progress). */
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public int read(char[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(dst, off, len);
        while (out.position() == off) {
            CoderResult result = decoder.decode(bytes, out, eof);
            if (result.isError()) {
                if (firstMalformedOffset < 0) {
                    firstMalformedOffset = consumedBefore + bytes.position();
                }
                malformed++;
                bytes.position(bytes.position() + result.length());
                if (out.hasRemaining()) {
                    out.put('\uFFFD');
                }
                continue;
            }
            if (result.isOverflow()) {
                break;
            }
            if (eof) {
                if (!flushed) {
                    decoder.flush(out);
                    flushed = true;
                }
                break;
            }
            consumedBefore += bytes.position();
            bytes.compact();
            long left = endBytes - channel.position();
            if (left < bytes.remaining()) {
                bytes.limit(bytes.position() + (int) Math.max(0, left));
            }
            int n = left <= 0 ? -1 : channel.read(bytes);
            bytes.flip();
            if (n < 0) {
                eof = true;
            } else {
                bytesRead += n;
            }
        }
        int n = out.position() - off;
        return n == 0 && eof ? -1 : n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
