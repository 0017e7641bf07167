package org.riskbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsUtf8WithOrWithoutAByteOrderMark() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "año: 1\n");
        Path bom = Files.writeString(dir.resolve("bom.txt"), "\uFEFFaño: 1\n");
        assertThat(TextFiles.read(plain, "plain.txt", InputFiles.Kind.PROFILE)).isEqualTo("año: 1\n");
        assertThat(TextFiles.read(bom, "bom.txt", InputFiles.Kind.PROFILE)).isEqualTo("año: 1\n");
    }

    @Test
    void aFolderGivenForTheFileSaysSo() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("series.csv"));
        assertThatThrownBy(() -> TextFiles.read(folder, "series.csv", InputFiles.Kind.SERIES))
                .isInstanceOf(InputException.class)
                .hasMessage("series.csv: is a folder, not a series file.");
    }

    @Test
    void refusesBytesThatAreNotUtf8NamingLineColumnAndTheByte() throws Exception {
        // "café" saved as Windows-1252 on line 3: the é is the single byte 0xE9 at offset 7
        Path latin1 = Files.write(dir.resolve("latin1.csv"), "y\n1\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> TextFiles.read(latin1, "latin1.csv", InputFiles.Kind.SERIES))
                .isInstanceOf(InputException.class)
                .hasMessage("latin1.csv:3:4: not UTF-8 text (byte 0xE9 at offset 7 is not valid UTF-8: binary content, "
                        + "or text in another encoding?); save it as UTF-8.");
    }

    @Test
    void refusesBinaryContentAndUtf16() throws Exception {
        Path binary = Files.write(dir.resolve("b.bin"), new byte[] {(byte) 0xDB, (byte) 0xD3, 0x75, 0x66});
        assertThatThrownBy(() -> TextFiles.read(binary, "b.bin", InputFiles.Kind.GRID))
                .hasMessageStartingWith("b.bin:1:1: not UTF-8 text (byte 0xDB at offset 0");
        Path nul = Files.write(dir.resolve("nul.csv"), new byte[] {'y', '\n', '1', 0, '2'});
        assertThatThrownBy(() -> TextFiles.read(nul, "nul.csv", InputFiles.Kind.SERIES))
                .hasMessage("nul.csv:2:2: binary content (a NUL character); this is not a text file.");
        Path utf16 = Files.write(dir.resolve("u16.yaml"), "\uFEFFa: 1\n".getBytes(StandardCharsets.UTF_16LE));
        assertThatThrownBy(() -> TextFiles.read(utf16, "u16.yaml", InputFiles.Kind.PROFILE))
                .hasMessage("u16.yaml: UTF-16 text; save it as UTF-8.");
    }

    @Test
    void namesAMissingFileByWhatItIs() {
        assertThatThrownBy(() -> TextFiles.read(dir.resolve("gone.yaml"), "gone.yaml", InputFiles.Kind.PROFILE))
                .hasMessage("gone.yaml: profile file not found.");
    }

    @Test
    void locatesTheBadByteOfAStreamedRead() throws Exception {
        byte[] bytes = new byte[100_000];
        java.util.Arrays.fill(bytes, (byte) 'a');
        for (int i = 99; i < bytes.length; i += 100) {
            bytes[i] = '\n';
        }
        bytes[70_005] = (byte) 0xFF; // line 701, column 6, past the first 64 KB
        Path big = Files.write(dir.resolve("big.csv"), bytes);
        IOException failure = null;
        try (BufferedReader in = Files.newBufferedReader(big, StandardCharsets.UTF_8)) {
            while (in.readLine() != null) {
                // read to the bad byte
            }
        } catch (IOException e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        assertThat(TextFiles.readFailure(big, "big.csv", "CSV file", failure))
                .hasMessageStartingWith("big.csv:701:6: not UTF-8 text (byte 0xFF at offset 70005 ");
    }
}
