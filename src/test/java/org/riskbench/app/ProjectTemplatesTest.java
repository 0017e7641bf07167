package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
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
}
