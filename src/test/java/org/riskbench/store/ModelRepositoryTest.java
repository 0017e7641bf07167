package org.riskbench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {
    @TempDir
    Path dir;

    private static ModelRepository.Row row(String version, String status, String reason) {
        return new ModelRepository.Row(version, "2024-01-01T00:00:00Z", status, "{}", "/models/" + version, reason);
    }

    @Test
    void aPromotionDecidedAgainstAModelNoLongerActiveWritesNothingAndNamesTheActiveOne() {
        Workspace ws = Workspace.open(dir.resolve("ws"));
        // two connections, as two processes sharing the workspace
        try (Database one = Database.open(ws); Database two = Database.open(ws)) {
            ModelRepository first = new ModelRepository(one);
            ModelRepository second = new ModelRepository(two);
            first.register(row("m0", "active", "default"));

            // both runs compared their candidate with m0; the first promotes
            assertThat(first.registerIfActiveIs("m0", row("a", "active", "promoted vs m0")).registered()).isTrue();
            ModelRepository.Registration stale = second.registerIfActiveIs("m0", row("b", "active", "promoted vs m0"));

            assertThat(stale.registered()).isFalse();
            assertThat(stale.active().version()).isEqualTo("a");
            assertThat(second.find("b")).isEmpty();
            assertThat(second.active().orElseThrow().version()).isEqualTo("a");
            // decided again against the now-active model, it goes through
            assertThat(second.registerIfActiveIs("a", row("b", "rejected", "rejected vs a")).registered()).isTrue();
            assertThat(first.find("b").orElseThrow().status()).isEqualTo("rejected");
            assertThat(first.active().orElseThrow().version()).isEqualTo("a");
        }
    }
}
