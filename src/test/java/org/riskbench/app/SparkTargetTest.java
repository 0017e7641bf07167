package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;

class SparkTargetTest {

    @Test
    void acceptsTheFourKindsOfMaster() {
        for (String m : List.of("local", "local[2]", "local[*]", "local[4,2]", "spark://head:7077", "spark://a:7077,b:7077",
                "yarn", "k8s://https://10.0.0.1:443")) {
            assertThat(SparkTarget.of(m, null).master()).isEqualTo(m);
        }
    }

    @Test
    void refusesWhatIsNotAMasterNamingIt() {
        assertThatThrownBy(() -> SparkTarget.of("local[0]", null)).isInstanceOf(InputException.class)
                .hasMessage("--spark 'local[0]' is not a Spark master: use local[N], spark://host:port, yarn or k8s://https://host:port.");
        assertThatThrownBy(() -> SparkTarget.of("mesos://x:5050", null)).isInstanceOf(InputException.class);
    }

    @Test
    void readsSparkConfItemsInOrderAndRefusesABadOne() {
        SparkTarget t = SparkTarget.of("local[2]", List.of("spark.executor.memory=2g", "spark.driver.extraJavaOptions=-Da=b=c"));
        assertThat(t.conf()).containsExactlyInAnyOrderEntriesOf(Map.of("spark.executor.memory", "2g",
                "spark.driver.extraJavaOptions", "-Da=b=c"));
        assertThatThrownBy(() -> SparkTarget.of("local[2]", List.of("spark.executor.memory")))
                .hasMessage("--spark-conf 'spark.executor.memory' is not KEY=VALUE (for example spark.executor.memory=2g).");
        assertThatThrownBy(() -> SparkTarget.of("local[2]", List.of("executor.memory=2g")))
                .hasMessage("--spark-conf 'executor.memory' is not a Spark setting: keys start with 'spark.' (for example spark.executor.cores=2).");
        assertThatThrownBy(() -> SparkTarget.of("local[2]", List.of("spark.executor.memory=")))
                .isInstanceOf(InputException.class);
    }

    @Test
    void oneKeyValueParserNamesWhereTheBadSettingWasTyped() {
        assertThat(SparkTarget.keyValue("--spark-conf", " spark.a = b=c ")).isEqualTo(Map.entry("spark.a", "b=c"));
        assertThatThrownBy(() -> SparkTarget.keyValue("Spark settings, line 3:", "spark.executor.memory ="))
                .isInstanceOf(InputException.class)
                .hasMessage("Spark settings, line 3: 'spark.executor.memory =' is not KEY=VALUE (for example spark.executor.memory=2g).");
        assertThatThrownBy(() -> SparkTarget.keyValue("--spark-conf", " =2g")).isInstanceOf(InputException.class);
    }

    @Test
    void keepsTheWorkspacesDefaultMasterAndSparkHome(@TempDir Path ws) throws Exception {
        assertThat(SparkSettings.read(ws)).isEmpty();
        SparkSettings.set(ws, SparkSettings.MASTER, "spark://head:7077");
        SparkSettings.set(ws, SparkSettings.HOME, "C:\\spark\\4.2");
        assertThat(SparkSettings.read(ws).getProperty(SparkSettings.MASTER)).isEqualTo("spark://head:7077");
        assertThat(SparkSettings.read(ws).getProperty(SparkSettings.HOME)).isEqualTo("C:\\spark\\4.2");
        assertThat(new SparkRunner(ws).defaultMaster()).isEqualTo("spark://head:7077");
        assertThat(Files.readString(ws.resolve(SparkSettings.FILE))).startsWith("# Spark settings");
        assertThatThrownBy(() -> SparkSettings.set(ws, "executor.memory", "2g")).isInstanceOf(InputException.class)
                .hasMessageContaining("'executor.memory' is not a Spark setting");
    }

    @Test
    void otherSparkKeysAreDefaultSettingsOfEveryApplicationAndTheDialogReplacesThemAll(@TempDir Path ws) {
        SparkSettings.set(ws, SparkSettings.MASTER, "local[2]");
        SparkSettings.set(ws, "spark.executor.memory", "2g");
        SparkSettings.set(ws, "spark.eventLog.enabled", "true");
        assertThat(SparkSettings.defaultConf(ws)).containsExactly(
                java.util.Map.entry("spark.eventLog.enabled", "true"), java.util.Map.entry("spark.executor.memory", "2g"));
        SparkSettings.set(ws, "spark.eventLog.enabled", "");
        assertThat(SparkSettings.defaultConf(ws)).containsOnlyKeys("spark.executor.memory");

        SparkSettings.replace(ws, "spark://head:7077", "", java.util.Map.of("spark.executor.cores", "2"));
        assertThat(SparkSettings.read(ws).getProperty(SparkSettings.MASTER)).isEqualTo("spark://head:7077");
        assertThat(SparkSettings.read(ws).getProperty(SparkSettings.HOME)).isNull();
        assertThat(SparkSettings.defaultConf(ws)).containsExactly(java.util.Map.entry("spark.executor.cores", "2"));
        // a refused master leaves the file as it was
        assertThatThrownBy(() -> SparkSettings.replace(ws, "mesos://old", "", java.util.Map.of()))
                .isInstanceOf(InputException.class).hasMessageContaining("is not a Spark master");
        assertThat(SparkSettings.read(ws).getProperty(SparkSettings.MASTER)).isEqualTo("spark://head:7077");
    }

    @Test
    void aSparkHomeWithoutSparkSubmitIsNamedWithItsSetting(@TempDir Path ws) {
        SparkSettings.set(ws, SparkSettings.HOME, ws.resolve("nowhere").toString());
        assertThatThrownBy(() -> new SparkRunner(ws).check(SparkTarget.of("local[2]", null)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("spark.home in " + ws.resolve(SparkSettings.FILE) + " is " + ws.resolve("nowhere")
                        + ", which has no bin/spark-submit");
    }
}
