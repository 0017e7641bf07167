package org.riskbench.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserGuideTest {

    @Test
    void theReadmeAndDocsShippedInTheAppBecomeLinkedHtmlPagesWithTheirScreenshots(@TempDir Path folder) throws Exception {
        Path first = UserGuide.render(folder);

        assertThat(first).isEqualTo(folder.resolve("README.html"));
        String readme = Files.readString(first);
        assertThat(readme).startsWith("<!DOCTYPE html>").contains("<title>Riskbench")
                .contains("<table>") // the README's tables, through the GFM extension
                .contains("src=\"docs/screenshots/jobs.png\"")
                .doesNotContainPattern("href=\"docs/[^\"#:]+\\.md");
        assertThat(folder.resolve("docs/screenshots/jobs.png")).isRegularFile();
        assertThat(folder.resolve("docs/acceptance-notes.html")).isRegularFile();
        assertThat(folder.resolve("docs/adr")).doesNotExist();
    }

    @Test
    void linksBetweenPagesPointAtTheirHtmlAndKeepTheirAnchor() {
        String page = UserGuide.page("t", "<a href=\"docs/api.md#jobs\">API</a> <a href=\"https://example.org/x.md\">ext</a>");

        assertThat(page).contains("href=\"docs/api.html#jobs\"").contains("href=\"https://example.org/x.md\"");
    }
}
