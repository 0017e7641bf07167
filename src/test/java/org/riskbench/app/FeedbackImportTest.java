package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;

/** A feedback file the user gives: refused before anything is stored, naming the file, the line and the column. */
class FeedbackImportTest {

    @Test
    void aBadFeedbackFileIsRefusedNamingItsLine(@TempDir Path ws) throws Exception {
        try (AppContext app = AppContext.open(ws, 1)) {
            Path f = ws.resolve("feedback.csv");
            Files.writeString(f, "\uFEFFanalysis_id,row,true_class\n\nA1,x,high\n");
            assertThatThrownBy(() -> app.models().importFeedback(f)).isInstanceOf(InputException.class)
                    .hasMessage("feedback.csv:3:2: row 'x' is not a number");
            Files.writeString(f, "analysis_id,row,true_class\nA1,1,\"high\n");
            assertThatThrownBy(() -> app.models().importFeedback(f)).isInstanceOf(InputException.class)
                    .hasMessageStartingWith("feedback.csv:2:3: a quoted field is never closed");
            Files.writeString(f, "analysis_id;row;true_class\nA1;1;high\n");
            assertThatThrownBy(() -> app.models().importFeedback(f)).isInstanceOf(InputException.class)
                    .hasMessage("feedback.csv:1: the header must be analysis_id,row,true_class (found"
                            + " 'analysis_id;row;true_class'); separate the columns with commas.");
            Files.writeString(f, "analysis_id,row,true_class\n  \n");
            assertThatThrownBy(() -> app.models().importFeedback(f)).isInstanceOf(InputException.class)
                    .hasMessage("feedback.csv: no feedback rows; the file holds only its header.");
        }
    }
}
