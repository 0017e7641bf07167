package org.riskbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactSetTest {
    @TempDir
    Path dir;

    private static ArtifactSet.Writer files(String... nameAndContent) {
        return folder -> {
            for (int i = 0; i < nameAndContent.length; i += 2) {
                Files.writeString(folder.resolve(nameAndContent[i]), nameAndContent[i + 1]);
            }
        };
    }

    private Stream<String> names(Path folder) throws IOException {
        return Files.list(folder).map(p -> p.getFileName().toString()).sorted();
    }

    @Test
    void aNewOrEmptyFolderReceivesTheWholeSetAndNoHiddenSiblingStays() throws IOException {
        Path fresh = dir.resolve("fresh");
        ArtifactSet.write(fresh, files("a.csv", "1", "meta.json", "{}"));
        assertThat(names(fresh)).containsExactly("a.csv", "meta.json");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        ArtifactSet.write(empty, files("a.csv", "2"));
        assertThat(Files.readString(empty.resolve("a.csv"))).isEqualTo("2");
        assertThat(names(dir)).containsExactly("empty", "fresh");
    }

    @Test
    void aFailureWhileWritingLeavesThePreviousSetAsItWasAndNothingPartial() throws IOException {
        Path out = dir.resolve("out");
        ArtifactSet.write(out, files("results.csv", "old", "meta.json", "old"));
        assertThatThrownBy(() -> ArtifactSet.write(out, folder -> {
            Files.writeString(folder.resolve("results.csv"), "new");
            throw new IOException("No space left on device");
        })).hasMessageContaining("No space left on device");
        assertThat(Files.readString(out.resolve("results.csv"))).isEqualTo("old");
        assertThat(Files.readString(out.resolve("meta.json"))).isEqualTo("old");
        assertThat(names(dir)).containsExactly("out");
    }

    @Test
    void aReplacedSetIsReplacedWholeKeepingOnlyTheFilesNamedAsNotPartOfIt() throws IOException {
        Path out = dir.resolve("out");
        ArtifactSet.write(out, files("results.csv", "old", "pareto.json", "old"));
        Files.writeString(out.resolve("synthetic.csv"), "input of this run");
        ArtifactSet.write(out, java.util.Set.of("synthetic.csv"), files("results.csv", "new", "meta.json", "new"));
        // no mix of two runs: the old set's pareto.json goes with it
        assertThat(names(out)).containsExactly("meta.json", "results.csv", "synthetic.csv");
        assertThat(Files.readString(out.resolve("results.csv"))).isEqualTo("new");
        assertThat(names(dir)).containsExactly("out");
    }

    @Test
    void aCrashBetweenTheTwoRenamesIsRepairedByRenamingTheOldSetBack() throws IOException {
        Path aside = Files.createDirectory(dir.resolve(".out" + ArtifactSet.REPLACED + "1a2b"));
        Files.writeString(aside.resolve("results.csv"), "old");
        assertThat(ArtifactSet.repair(dir)).containsExactly(dir.resolve("out"));
        assertThat(Files.readString(dir.resolve("out/results.csv"))).isEqualTo("old");
        assertThat(ArtifactSet.targetOf(dir.resolve(".out.staging-99"), ArtifactSet.STAGING)).isEqualTo(dir.resolve("out"));
        assertThat(ArtifactSet.targetOf(dir.resolve("plain"), ArtifactSet.STAGING)).isNull();
    }
}
