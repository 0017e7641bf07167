package org.riskbench.engine.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;

/**
 * The written trace.csv and summary.json against those of an independent Python implementation of
 * docs/spec/acceptance.md, written from the spec alone (src/test/resources/acceptance-golden; each case's README
 * line there says which rules it reaches: every FSM transition, each guard soft and hard, every block reason,
 * the notional clips, external forecast, kappa and latency columns, sigma and width floors). Floats agree to
 * 1e-9 relative, everything else exactly.
 */
class ReplayGoldenFilesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/acceptance-golden");
    private static final double REL = 1e-9;

    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"g1_ext_kappa_latency_fastpath", "g2_builtin_regime_noguardblock", "g3_constant_jump_base0_minnotional"})
    void traceAndSummaryMatchTheIndependentImplementation(String name) throws Exception {
        Path dir = GOLDEN.resolve(name);
        ReplayResult r = AcceptanceEngine.replay(ProfileLoader.load(dir.resolve("profile.yaml"), null),
                SeriesLoader.load(dir.resolve("series.csv")), Progress.NONE);
        ReplayArtifacts.write(out, r);

        List<CSVRecord> expected = records(dir.resolve("trace.csv"));
        List<CSVRecord> actual = records(out.resolve("trace.csv"));
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(actual.get(0).toList()).as("trace header").isEqualTo(expected.get(0).toList());
        for (int row = 1; row < expected.size(); row++) {
            for (int col = 0; col < expected.get(0).size(); col++) {
                String where = name + " trace row " + row + " column " + expected.get(0).get(col);
                cell(actual.get(row).get(col), expected.get(row).get(col), where);
            }
        }

        JsonNode want = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        JsonNode got = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertThat(fieldNames(got)).as("summary keys in order").isEqualTo(fieldNames(want));
        json(got, want, name + " summary");
    }

    private static void cell(String actual, String expected, String where) {
        Double e = number(expected);
        Double a = number(actual);
        if (e == null || a == null) {
            assertThat(actual).as(where).isEqualTo(expected);
        } else if (e.isInfinite() || e == 0) {
            assertThat(a).as(where).isEqualTo(e);
        } else {
            assertThat(Math.abs(a - e) / Math.abs(e)).as(where + ": " + actual + " vs " + expected).isLessThanOrEqualTo(REL);
        }
    }

    private static void json(JsonNode got, JsonNode want, String where) {
        if (want.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                assertThat(got.has(e.getKey())).as(where + "." + e.getKey()).isTrue();
                json(got.get(e.getKey()), e.getValue(), where + "." + e.getKey());
            }
        } else if (want.isNumber()) {
            cell(got.asText(), want.asText(), where);
        } else {
            assertThat(got.asText()).as(where).isEqualTo(want.asText());
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Double number(String s) {
        switch (s) {
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.valueOf(s);
                } catch (NumberFormatException e) {
                    return null;
                }
        }
    }

    private static List<CSVRecord> records(Path file) throws Exception {
        try (Reader in = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180.parse(in).getRecords();
        }
    }
}
