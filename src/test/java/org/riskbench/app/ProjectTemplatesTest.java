package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectTemplatesTest {
    @Test
    void everyTemplateFileIsOnTheClassPathAsTheJarWouldHaveIt() throws Exception {
        for (String t : ProjectService.TEMPLATES) {
            var files = ProjectService.templateFiles(t);
            assertThat(files).contains("project.yaml");
            for (String f : files) {
                try (InputStream in = ProjectService.class.getResourceAsStream("/projects-templates/" + t + "/" + f)) {
                    assertThat(in).as(t + "/" + f).isNotNull();
                }
            }
        }
    }

    @Test
    void everyTemplateDataFileIsNamedInItsReadmeOrLicenceWithTheLicence() throws Exception {
        for (String t : ProjectService.TEMPLATES) {
            List<String> files = ProjectService.templateFiles(t);
            StringBuilder notes = new StringBuilder();
            for (String f : files) {
                if (f.startsWith("data/raw/") && (f.endsWith("README.md") || f.endsWith("LICENSE.txt"))) {
                    notes.append(Files.readString(Path.of("projects-templates", t, f)));
                }
            }
            for (String f : files) {
                if (f.startsWith("data/raw/") && f.endsWith(".csv")) {
                    assertThat(notes.toString()).as(t + ": " + f).contains(f.substring("data/raw/".length()));
                }
            }
            assertThat(notes.toString().toLowerCase(java.util.Locale.ROOT)).as(t).contains("licen");
        }
    }
}
