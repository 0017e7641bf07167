package org.riskbench.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;

class ProjectConfigTest {
    @TempDir
    Path dir;

    private ProjectConfig load(String yaml) throws Exception {
        Files.writeString(dir.resolve(ProjectConfig.FILE), yaml);
        return ProjectConfig.load(dir);
    }

    private static final String MINIMAL = "name: p\nmodel: logistic\nsources: [{name: s, path: s.csv}]\n";

    @Test
    void everyShippedTemplateLoads() {
        for (String t : List.of("tabular-classification", "risk-scenarios", "acceptance-calibration")) {
            assertThat(ProjectConfig.load(Path.of("projects-templates", t)).name()).isEqualTo(t);
        }
    }

    @Test
    void refusesAnUnknownKeyAtAnyDepthNamingFileKeyPathAndValidKeys() {
        String file = dir.toAbsolutePath().normalize().resolve(ProjectConfig.FILE).toString();
        assertThatThrownBy(() -> load("modle: logistic\n" + MINIMAL)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(file + ": unknown key 'modle'; valid keys of the top level: name, model");
        assertThatThrownBy(() -> load(MINIMAL + "clean: {filters: [{where: x is missing, reasn: r}]}\n"))
                .hasMessage(file + ": unknown key 'clean.filters[0].reasn'; valid keys of 'clean.filters[0]': where, reason.");
        assertThatThrownBy(() -> load(MINIMAL + "monitor: {limits: {psi: 0.2, max_f1: 0.3}}\n"))
                .hasMessageContaining("unknown key 'monitor.limits.max_f1'; valid keys of 'monitor.limits': psi, ks_pvalue");
        assertThatThrownBy(() -> load(MINIMAL.replace("path: s.csv}", "path: s.csv, sep: ';'}")))
                .hasMessage(file + ": unknown key 'sources[0].sep'; valid keys of 'sources[0]': name, path.");
    }

    @Test
    void trainTakesTheKeysOfTheProjectsModel() throws Exception {
        assertThat(load(MINIMAL + "train: {iterations: 10, l2: 0.1}\n").model()).isEqualTo("logistic");
        assertThatThrownBy(() -> load(MINIMAL + "train: {n_scenarios: 10}\n"))
                .hasMessageContaining("unknown key 'train.n_scenarios'; valid keys of 'train' (model logistic): iterations");
        assertThat(load(MINIMAL.replace("logistic", "blrm") + "train: {n_scenarios: 10}\n").model()).isEqualTo("blrm");
    }

    @Test
    void anEmptySectionKeepsItsDefaultsButAValueIsNotASection() throws Exception {
        assertThat(load(MINIMAL + "inspect:\n").number("inspect", "bins", 20)).isEqualTo(20);
        assertThatThrownBy(() -> load(MINIMAL + "inspect: 20\n"))
                .hasMessageContaining("'inspect' must be a mapping with keys: table, bins, top.");
    }
}
