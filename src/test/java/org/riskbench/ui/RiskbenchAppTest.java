package org.riskbench.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RiskbenchAppTest {

    @Test
    void aMissingGtkLibraryTellsWhichPackageToInstall() {
        String message = RiskbenchApp.cannotOpenMessage("Unable to load glass GTK library.");

        assertThat(message).startsWith("cannot open the GUI: Unable to load glass GTK library.")
                .contains("apt install libgtk-3-0")
                .contains("riskbench --help");
    }

    @Test
    void anotherFailureSuggestsTheDisplayAndTheCommandLine() {
        String message = RiskbenchApp.cannotOpenMessage("Unable to open DISPLAY");

        assertThat(message).contains("set DISPLAY").contains("riskbench --help").doesNotContain("libgtk");
    }
}
