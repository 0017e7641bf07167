package org.riskbench.engine.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.riskbench.core.CancelledException;
import org.riskbench.core.Progress;

class ReplayPropertiesTest {

    @Test
    void sameInputGivesTheSameTraceAndSummary() {
        Series s = Series.of("s", AcceptanceBenchmark.synthetic(5000, 21));
        AcceptanceProfile p = AcceptanceProfile.defaults();
        ReplayResult a = AcceptanceEngine.replay(p, s, Progress.NONE);
        ReplayResult b = AcceptanceEngine.replay(p, s, Progress.NONE);
        assertThat(a.summary()).isEqualTo(b.summary());
        assertThat(a.trace().kappaPlus()).containsExactly(b.trace().kappaPlus());
        assertThat(a.trace().lower()).containsExactly(b.trace().lower());
        for (int i = 0; i < a.trace().size(); i++) {
            assertThat(a.trace().state(i)).isEqualTo(b.trace().state(i));
        }
        assertThat(AcceptanceEngine.summarize(p, s, Progress.NONE)).isEqualTo(a.summary());
    }

    @Test
    void parallelSummariesEqualTheSequentialOne() throws Exception {
        Series s = Series.of("s", AcceptanceBenchmark.synthetic(20_000, 4));
        AcceptanceProfile p = AcceptanceProfile.defaults();
        ReplaySummary expected = AcceptanceEngine.summarize(p, s, Progress.NONE);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ReplaySummary>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(pool.submit(() -> AcceptanceEngine.summarize(p, s, Progress.NONE)));
            }
            for (Future<ReplaySummary> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void coverageIsWithinTwoPointsOfTheTargetOnALongStationarySeries() {
        SplittableRandom rnd = new SplittableRandom(2024);
        double[] y = new double[60_000];
        for (int t = 0; t < y.length; t++) {
            y[t] = 10 + 0.5 * Math.sin(t / 200.0) + AcceptanceBenchmark.gaussian(rnd);
        }
        ReplaySummary s = AcceptanceEngine.summarize(AcceptanceProfile.defaults(), Series.of("s", y), Progress.NONE);
        assertThat(s.coverageEmpirical()).isBetween(0.88, 0.92);
        assertThat(s.coverageAbsErr()).isLessThan(0.02);
    }

    @Test
    void reportsProgressAndStopsWhenCancelled() {
        Series s = Series.of("s", AcceptanceBenchmark.synthetic(20_000, 4));
        AtomicInteger reports = new AtomicInteger();
        Progress cancelAfterTwo = new Progress() {
            @Override
            public void report(double fraction, String message) {
                reports.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return reports.get() >= 2;
            }
        };
        assertThatThrownBy(() -> AcceptanceEngine.replay(AcceptanceProfile.defaults(), s, cancelAfterTwo))
                .isInstanceOf(CancelledException.class);
        assertThat(reports.get()).isEqualTo(2);
    }

    @Test
    void refusesASeriesShorterThanWarmupPlusTwo() {
        Series s = new Series("short.csv", 52, null, new double[51], null, null, null, null);
        assertThatThrownBy(() -> AcceptanceEngine.replay(AcceptanceProfile.defaults(), s, Progress.NONE))
                .hasMessageStartingWith("short.csv:52: ")
                .hasMessageContaining("51 rows")
                .hasMessageContaining("warmup + 2 = 52");
    }
}
