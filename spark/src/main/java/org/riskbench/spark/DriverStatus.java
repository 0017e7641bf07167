package org.riskbench.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;

/**
 * What the driver tells the app that submitted it, as small files in a status folder the app named (the driver runs
 * in client mode, on the app's machine): {@code app.json} (Spark's application id, UI address, master),
 * {@code progress.json} (fraction and message, a few times a second), then {@code result.json} (the run's summary) or
 * {@code error.txt} (one sentence). Each is written whole (temp + rename), so the app never reads half a file.
 */
final class DriverStatus implements Progress {
    static final String APP = "app.json";
    static final String PROGRESS = "progress.json";
    static final String RESULT = "result.json";
    static final String ERROR = "error.txt";
    private static final long EVERY_NANOS = 250_000_000L;

    private final Path dir;
    private long lastWrite;

    DriverStatus(Path dir) {
        this.dir = dir;
    }

    void app(String appId, String uiUrl, String master) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app_id", appId);
        m.put("ui_url", uiUrl);
        m.put("master", master);
        Json.write(dir.resolve(APP), m);
    }

    @Override
    public synchronized void report(double fraction, String message) {
        long now = System.nanoTime();
        if (fraction < 1.0 && now - lastWrite < EVERY_NANOS) {
            return;
        }
        lastWrite = now;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fraction", fraction);
        m.put("message", message);
        Json.write(dir.resolve(PROGRESS), m);
    }

    @Override
    public boolean isCancelled() {
        return false; // the app cancels by killing the application
    }

    /**
     * Writes the workload's result record (the one the app reads it back into) as a map, so that every level's keys
     * are sorted, as the file has always had them.
     */
    void result(Object result) {
        Json.write(dir.resolve(RESULT), Json.MAPPER.convertValue(result, LinkedHashMap.class));
    }

    void error(String sentence) {
        AtomicFiles.writeString(dir.resolve(ERROR), sentence);
    }
}
