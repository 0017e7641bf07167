package org.riskbench.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;

class FolderOpenerTest {
    @TempDir
    Path dir;

    @Test
    void withoutAFileManagerItSaysSoInsteadOfFailingSilently() {
        FolderOpener none = new FolderOpener(List.of("riskbench-no-such-opener"), () -> null);
        assertThatThrownBy(() -> none.open(dir)).isInstanceOf(InputException.class)
                .hasMessage("no file manager could be started (riskbench-no-such-opener is not installed)");
        FolderOpener refusing = new FolderOpener(List.of("false"), () -> null);
        assertThatThrownBy(() -> refusing.open(dir)).isInstanceOf(InputException.class)
                .hasMessageContaining("false exited with code 1");
        assertThatThrownBy(() -> refusing.open(dir.resolve("gone"))).hasMessageEndingWith("no such folder (it was moved or deleted)");
    }

    @Test
    void anOpenerThatSucceedsIsQuiet() {
        new FolderOpener(List.of("true"), () -> null).open(dir);
        assertThat(FolderOpener.systemCommand()).isNotEmpty();
    }
}
