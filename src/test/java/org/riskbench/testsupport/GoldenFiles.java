package org.riskbench.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.riskbench.core.Json;

/**
 * Golden files: what the code writes, masked where it varies (times, ids, folders), compared byte for byte with a file
 * recorded under {@code src/test/resources/golden/}.
 */
public final class GoldenFiles {
    private GoldenFiles() {
    }

    /**
     * {@code text} with {@code folder} (a test's temporary folder, as JSON writes it: escaped, without the quotes)
     * written as {@code <dir>}, so a golden file does not depend on where the test ran.
     */
    public static String withoutFolder(String text, Path folder) {
        return text.replace(Json.compact(folder.toString()).replaceAll("^\"|\"$", ""), "<dir>");
    }

    /**
     * {@code actual} is the golden file's content. With {@code -Dgolden.write=true} it is first written there: only to
     * record a golden file with the code it describes.
     */
    public static void assertGolden(Path golden, String actual) throws IOException {
        if (Boolean.getBoolean("golden.write")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).as(golden.getFileName().toString()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
