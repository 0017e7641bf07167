package org.riskbench.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.Json;

class ResultDocumentTest {
    @TempDir
    Path dir;

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The analysis' fields before any stage, as the inbox takes them from the manifest. */
    private static AnalysisSummary head(String id) {
        return AnalysisSummary.started(id, map("input_name", "tx.csv", "input_sha256", "ab12", "created_at",
                "2026-12-01T00:00:00.000Z", "enrichment", map("rows_in", 2)));
    }

    /** The summary at the end: the check's rows become the row count. */
    private static AnalysisSummary done(String id, long rows) {
        return head(id).finished(map("check", map("rows", rows)), Map.of("check", 3L), "2026-12-02T00:00:00.000Z");
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void streamedRowsLandInTheirStageSectionBetweenTheFieldsKnownBeforeAndAfter() throws Exception {
        Path target = dir.resolve("an-1.json");
        try (ResultDocument doc = new ResultDocument(target, head("an-1"))) {
            doc.stageDone("check", map("rows", 2));
            OutputStream rows = doc.rows("scoring", map("model_version", "m1", "counts", map("a", 2)));
            rows.write("[ {\"row\" : 1}, {\"row\" : 2} ]".getBytes(StandardCharsets.UTF_8));
            rows.close(); // closing the stage's stream leaves the document open
            doc.stageDone("scoring", map("model_version", "m1", "counts", map("a", 2), "timings_ms", map("store", 5)));
            assertThat(target).doesNotExist();
            doc.finish(done("an-1", 2));
        }
        JsonNode n = Json.MAPPER.readTree(target.toFile());
        assertThat(keys(n)).containsExactly("analysis_id", "created_at", "enrichment", "input_name", "input_sha256", "check",
                "scoring", "row_count", "timings_ms", "processed_at");
        assertThat(keys(n.path("scoring"))).containsExactly("counts", "model_version", "rows", "timings_ms");
        assertThat(n.path("scoring").path("rows").get(1).path("row").asInt()).isEqualTo(2);
        assertThat(n.path("scoring").path("timings_ms").path("store").asInt()).isEqualTo(5);
        assertThat(n.path("check").path("rows").asInt()).isEqualTo(2);
        assertThat(dir.resolve(".an-1.json.part")).doesNotExist();
    }

    @Test
    void withoutStreamingItIsThePrettyJsonOfTheWholeSummary() throws Exception {
        Path target = dir.resolve("an-2.json");
        try (ResultDocument doc = new ResultDocument(target, head("an-2"))) {
            doc.stageDone("check", new AnalysisSummary.Check(0));
            doc.finish(done("an-2", 0));
        }
        Map<String, Object> whole = map("analysis_id", "an-2", "created_at", "2026-12-01T00:00:00.000Z", "enrichment",
                head("an-2").enrichment(), "input_name", "tx.csv", "input_sha256", "ab12", "check", map("rows", 0), "row_count", 0,
                "timings_ms", map("check", 3), "processed_at", "2026-12-02T00:00:00.000Z");
        assertThat(Files.readString(target)).isEqualTo(Json.pretty(Json.convertInOrder(whole, JsonNode.class)));
    }

    @Test
    void aRetriedStageStartsTheDocumentAgainFromTheSectionsDoneBeforeIt() throws Exception {
        Path target = dir.resolve("an-3.json");
        try (ResultDocument doc = new ResultDocument(target, head("an-3"))) {
            doc.stageDone("check", map("rows", 1));
            doc.attempt("scoring");
            doc.rows("scoring", map()).write("[ {\"row\" : 99".getBytes(StandardCharsets.UTF_8)); // failed half way
            doc.attempt("scoring");
            doc.rows("scoring", map()).write("[ {\"row\" : 1} ]".getBytes(StandardCharsets.UTF_8));
            doc.stageDone("scoring", map("timings_ms", map()));
            doc.finish(done("an-3", 1));
        }
        JsonNode n = Json.MAPPER.readTree(target.toFile());
        assertThat(n.path("scoring").path("rows")).hasSize(1);
        assertThat(n.path("scoring").path("rows").get(0).path("row").asInt()).isEqualTo(1);
    }

    @Test
    void aRetryThatNoLongerStreamsWritesTheWholeDocumentAfresh() throws Exception {
        Path target = dir.resolve("an-4.json");
        try (ResultDocument doc = new ResultDocument(target, head("an-4"))) {
            doc.attempt("scoring");
            doc.rows("scoring", map()).write("[ {\"row\"".getBytes(StandardCharsets.UTF_8));
            doc.attempt("scoring");
            doc.stageDone("scoring", map("rows", List.of(map("row", 7))));
            doc.finish(done("an-4", 1));
        }
        assertThat(Json.MAPPER.readTree(target.toFile()).path("scoring").path("rows").get(0).path("row").asInt()).isEqualTo(7);
    }

    @Test
    void closingWithoutFinishingLeavesNoDocumentAndNoPart() throws Exception {
        Path target = dir.resolve("an-5.json");
        try (ResultDocument doc = new ResultDocument(target, head("an-5"))) {
            doc.rows("scoring", map()).write("[".getBytes(StandardCharsets.UTF_8));
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void fieldsAfterRowsMustComeWithTheStagesSummary() {
        try (ResultDocument doc = new ResultDocument(dir.resolve("an-6.json"), head("an-6"))) {
            assertThatThrownBy(() -> doc.rows("scoring", map("timings_ms", map())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timings_ms");
        }
    }
}
