package org.riskbench.app;

/** Registers every job kind with the job service; each engine's service adds its line here. */
final class JobKinds {
    private JobKinds() {
    }

    static void registerAll(AppContext app) {
        // Engine kinds (scenario, replay, calibration, ...) register here as they land.
    }
}
