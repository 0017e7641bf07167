package org.riskbench.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;

class CsvRecordsTest {

    @Test
    void recordsKeepTheirFieldsAsWrittenAndTheLineAnEditorShows() {
        List<CsvRecords.Record> records = CsvRecords.read("a,b\n\n\"two\nlines\", x \n3,\"q\"\"uote\"\n", "t.csv");
        assertThat(records).hasSize(3);
        assertThat(records.get(1).fields()).containsExactly("two\nlines", " x ");
        assertThat(records).extracting(CsvRecords.Record::line).containsExactly(1L, 3L, 5L);
        assertThat(records.get(2).get(1)).isEqualTo("q\"uote");
        assertThat(CsvRecords.read("a;b", "t.csv", ';').get(0).fields()).containsExactly("a", "b");
        assertThat(CsvRecords.read("   \n", "t.csv").get(0).blank()).isTrue();
    }

    @Test
    void aQuoteLeftOpenOrTextAfterAClosingQuoteIsRefusedNamingFileAndLine() {
        assertThatThrownBy(() -> CsvRecords.read("a,b\n1,2\n3,\"open\n", "t.csv")).isInstanceOf(InputException.class)
                .hasMessageStartingWith("t.csv:3:2: a quoted field is never closed");
        assertThatThrownBy(() -> CsvRecords.read("a,b\n\"x\"y,2\n", "t.csv")).isInstanceOf(InputException.class)
                .hasMessageStartingWith("t.csv:2: text after the closing quote");
    }

    @Test
    void aFileIsReadUpToTheLimitOrRecordByRecord(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.csv");
        Files.writeString(f, "h1,h2\n1,2\n3,4\n5,6\n");
        assertThat(CsvRecords.read(f, "r.csv", 2)).extracting(r -> r.get(0)).containsExactly("h1", "1");
        List<String> seen = new ArrayList<>();
        CsvRecords.forEach(f, "r.csv", r -> seen.add(r.line() + ":" + r.get(1)));
        assertThat(seen).containsExactly("1:h2", "2:2", "3:4", "4:6");
        assertThatThrownBy(() -> CsvRecords.read(dir.resolve("none.csv"), "none.csv", 5))
                .isInstanceOf(InputException.class).hasMessage("none.csv: file not found.");
    }
}
