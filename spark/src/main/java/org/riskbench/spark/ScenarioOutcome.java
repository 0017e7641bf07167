package org.riskbench.spark;

import java.io.Serializable;
import org.riskbench.engine.scenario.ScenarioMetrics;

/** A scenario's metrics as a task sends them to the driver (exact doubles); {@link #metrics} rebuilds the row. */
public record ScenarioOutcome(int scenarioId, long seed, int numRows, double[] values, long numHits)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    static ScenarioOutcome of(ScenarioMetrics m) {
        return new ScenarioOutcome(m.scenarioId(), m.seed(), m.numRows(), new double[] {m.avgScore(), m.maxScore(),
                m.minScore(), m.scoreP05(), m.scoreP50(), m.scoreP95(), m.es95(), m.rmse(), m.mae(), m.pHit(),
                m.runtimeSec()}, m.numHits());
    }

    ScenarioMetrics metrics() {
        double[] v = values;
        return new ScenarioMetrics(scenarioId, seed, numRows, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8],
                v[9], numHits, v[10]);
    }
}
