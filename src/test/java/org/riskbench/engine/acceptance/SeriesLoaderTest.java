package org.riskbench.engine.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;

class SeriesLoaderTest {

    @TempDir
    Path dir;

    private Path write(String content) throws Exception {
        Path f = dir.resolve("s.csv");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void readsColumnsByCaseInsensitiveNameAndIgnoresOthers() throws Exception {
        Series s = SeriesLoader.load(write("TS,Y,other,Latency_MS,kappa\n2024-01-01,1.5,x,10,0.5\n2024-01-02,2,y,,\n"));
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.yValues()).containsExactly(1.5, 2.0);
        assertThat(s.ts(1)).isEqualTo("2024-01-02");
        assertThat(s.latencyRaw()).containsExactly(10.0, 0.0); // empty latency = 0
        assertThat(s.kappaRaw()[0]).isEqualTo(0.5);
        assertThat(s.kappaRaw()[1]).isNaN(); // empty kappa = computed
        assertThat(s.hasForecast()).isFalse();
        assertThat(s.lastLine()).isEqualTo(3);
    }

    @Test
    void refusesAFileWithoutAYColumnNamingTheHeaderLine() throws Exception {
        Path f = write("date,co2\n1,2\n");
        assertThatThrownBy(() -> SeriesLoader.load(f)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ":1: ").hasMessageContaining("no 'y' column").hasMessageContaining("date, co2");
    }

    @Test
    void refusesANonNumericYWithLineAndColumn() throws Exception {
        Path f = write("ts,y\na,1\nb,abc\n");
        assertThatThrownBy(() -> SeriesLoader.load(f)).hasMessageStartingWith(f + ":3:2: ").hasMessageContaining("'abc'");
    }

    @Test
    void refusesANonFiniteOrEmptyY() throws Exception {
        Path f = write("y\n1\nNaN\n");
        assertThatThrownBy(() -> SeriesLoader.load(f)).hasMessageStartingWith(f + ":3:1: ").hasMessageContaining("finite");
        Path g = write("ts,y\n1,1\n\n2,inf\n");
        assertThatThrownBy(() -> SeriesLoader.load(g)).hasMessageStartingWith(g + ":4:2: "); // blank line counted
        Path h = write("ts,y\n1,\n");
        assertThatThrownBy(() -> SeriesLoader.load(h)).hasMessageStartingWith(h + ":2:2: ").hasMessageContaining("empty");
    }

    @Test
    void refusesOnlyOneOfMuAndSigma() throws Exception {
        Path f = write("y,sigma\n1,1\n");
        assertThatThrownBy(() -> SeriesLoader.load(f)).hasMessageStartingWith(f + ":1:2: ").hasMessageContaining("'mu'");
    }

    @Test
    void refusesAZeroOrNegativeSigma() throws Exception {
        Path f = write("y,mu,sigma\n1,1,1\n1,1,0\n");
        assertThatThrownBy(() -> SeriesLoader.load(f)).hasMessageStartingWith(f + ":3:3: ").hasMessageContaining("greater than 0");
        Path g = write("y,mu,sigma\n1,1,-2\n");
        assertThatThrownBy(() -> SeriesLoader.load(g)).hasMessageStartingWith(g + ":2:3: ");
    }

    @Test
    void refusesEmptyMuAndNegativeLatencyAndShortRows() throws Exception {
        Path f = write("y,mu,sigma\n1,,1\n");
        assertThatThrownBy(() -> SeriesLoader.load(f)).hasMessageStartingWith(f + ":2:2: ").hasMessageContaining("mu is empty");
        Path g = write("y,latency_ms\n1,-5\n");
        assertThatThrownBy(() -> SeriesLoader.load(g)).hasMessageStartingWith(g + ":2:2: ");
        Path h = write("ts,y\n1\n");
        assertThatThrownBy(() -> SeriesLoader.load(h)).hasMessageStartingWith(h + ":2:2: ").hasMessageContaining("fields");
    }

    @Test
    void countsLinesOfQuotedMultiLineFields() throws Exception {
        Path f = write("ts,y\n\"a\nb\",1\nc,x\n");
        assertThatThrownBy(() -> SeriesLoader.load(f)).hasMessageStartingWith(f + ":4:2: ");
    }

    @Test
    void readsMissingValueTokensAsEveryTableReaderDoes() throws Exception {
        Path f = write("ts,y,latency_ms,kappa\nNA,1,NA,-\nb,2,5,null\n");
        Series s = SeriesLoader.load(f);
        assertThat(s.ts(0)).isEqualTo("NA"); // a timestamp is kept as written
        assertThat(s.latencyRaw()).containsExactly(0.0, 5.0);
        assertThat(s.kappaRaw()[0]).isNaN();
        assertThat(s.kappaRaw()[1]).isNaN();
        Path g = write("ts,y\na,1\nb,N/A\n");
        assertThatThrownBy(() -> SeriesLoader.load(g)).hasMessageStartingWith(g + ":3:2: ").hasMessageContaining("y is empty");
        Path h = write("ts,y\na,1,9\n");
        assertThatThrownBy(() -> SeriesLoader.load(h)).hasMessageStartingWith(h + ":2:3: ").hasMessageContaining("fields");
    }

    @Test
    void refusesAnEmptyFileAndAMissingFile() throws Exception {
        Path f = write("");
        assertThatThrownBy(() -> SeriesLoader.load(f)).hasMessageStartingWith(f + ":1: ");
        assertThatThrownBy(() -> SeriesLoader.load(dir.resolve("nope.csv"))).hasMessageContaining("not found");
    }
}
