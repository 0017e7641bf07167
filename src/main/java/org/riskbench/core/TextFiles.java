package org.riskbench.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the user's text files (configs, profiles, grids, series, small CSVs) as UTF-8, with or without
 * a byte order mark, and turns what goes wrong into one located sentence: a binary file or another
 * encoding is "not UTF-8 text" at {@code file:line:column} with the offending byte, never the JDK's
 * "Input length = 1".
 */
public final class TextFiles {

    private static final char BOM = '\uFEFF';

    private TextFiles() {
    }

    /**
     * The whole file as text, without a leading UTF-8 byte order mark.
     *
     * The file passes {@link InputFiles}: a FIFO, a device, a folder or a file over the kind's limit is refused
     * before it is read.
     *
     * @param source names the file in messages (a path or just the file name, as the caller reports it)
     * @param kind   what the file is, for messages and its size limit
     * @throws InputException when the file is missing, unreadable, not a regular file, too big, not valid UTF-8 or
     *                        holds NUL characters
     */
    public static String read(Path file, String source, InputFiles.Kind kind) {
        byte[] bytes = InputFiles.readAllBytes(file, source, kind);
        String text;
        try {
            text = strictUtf8().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw notUtf8(new ByteArrayInputStream(bytes), source);
        }
        text = withoutBom(text);
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            long[] at = lineAndColumn(text, nul);
            throw InputException.at(source, at[0], at[1], "binary content (a NUL character); this is not a text file.");
        }
        return text;
    }

    /** {@code text} without a leading byte order mark. */
    public static String withoutBom(String text) {
        return !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
    }

    /**
     * The user's message for an {@link IOException} met while reading a text file, also part way through a
     * streamed read (a {@code Files.newBufferedReader} reports bad UTF-8 as a
     * {@link CharacterCodingException}): the file is then read again to say where the bad byte is.
     */
    public static InputException readFailure(Path file, String source, String what, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new InputException(source + ": " + what + " not found.");
        }
        if (Files.isDirectory(file)) {
            return new InputException(source + ": is a folder, not a " + what + ".", e);
        }
        if (e instanceof CharacterCodingException) {
            try (InputStream in = Files.newInputStream(file)) {
                return notUtf8(in, source);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            return new InputException(source + ": not UTF-8 text; save it as UTF-8.", e);
        }
        return new InputException(source + ": cannot read the " + what + ": " + e.getMessage(), e);
    }

    /** Where the first byte that is not UTF-8 sits, as {@code source:line:column}, and what to do. */
    private static InputException notUtf8(InputStream in, String source) {
        try {
            byte[] head = in.readNBytes(2);
            if (head.length == 2 && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE)
                    || (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF))) {
                return new InputException(source + ": UTF-16 text; save it as UTF-8.");
            }
            CharsetDecoder decoder = strictUtf8();
            ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
            bytes.put(head);
            CharBuffer chars = CharBuffer.allocate(64 * 1024);
            long consumed = 0;
            long line = 1;
            long column = 1;
            boolean eof = false;
            while (true) {
                int n = eof ? -1 : in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
                CoderResult result = decoder.decode(bytes, chars, eof);
                chars.flip();
                for (int i = 0; i < chars.limit(); i++) {
                    char c = chars.get(i);
                    if (c == BOM && consumed == 0 && i == 0) {
                        continue; // not a column of the first line
                    }
                    if (c == '\n') {
                        line++;
                        column = 1;
                    } else if (!Character.isLowSurrogate(c)) {
                        column++;
                    }
                }
                chars.clear();
                if (result.isError()) {
                    int bad = bytes.get(bytes.position()) & 0xFF;
                    long offset = consumed + bytes.position();
                    return InputException.at(source, line, column, String.format(Locale.ROOT,
                            "not UTF-8 text (byte 0x%02X at offset %d is not valid UTF-8: binary content, or text in another "
                                    + "encoding?); save it as UTF-8.", bad, offset));
                }
                consumed += bytes.position();
                bytes.compact();
                if (eof && !result.isOverflow()) {
                    // The decoder found nothing wrong this time: say so without a place rather than invent one.
                    return new InputException(source + ": not UTF-8 text; save it as UTF-8.");
                }
            }
        } catch (IOException e) {
            return new InputException(source + ": not UTF-8 text; save it as UTF-8.", e);
        }
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** 1-based line and column of a character index. */
    private static long[] lineAndColumn(String text, int index) {
        long line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new long[] {line, index - lineStart + 1};
    }
}
