package org.riskbench.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.css.CssParser;
import org.junit.jupiter.api.Test;

class StylesheetTest {
    @Test
    void theApplicationStylesheetParsesWithoutErrors() throws Exception {
        CssParser.errorsProperty().clear();
        var sheet = new CssParser().parse(StylesheetTest.class.getResource("/org/riskbench/ui/shell/riskbench.css"));
        assertThat(CssParser.errorsProperty()).as("CSS parse errors").isEmpty();
        assertThat(sheet.getRules()).hasSizeGreaterThan(20);
    }
}
