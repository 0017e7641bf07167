package org.riskbench.engine.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a step produced: metrics, the files it wrote, log lines, warnings the user should see (e.g. a mostly numeric
 * column read as text), and whether a monitor trigger fired.
 */
public final class StepResult {
    public final Map<String, Object> metrics = new LinkedHashMap<>();
    public final List<Path> artifacts = new ArrayList<>();
    public final List<String> log = new ArrayList<>();
    public final List<String> triggers = new ArrayList<>();
    public final List<String> warnings = new ArrayList<>();

    public boolean triggered() {
        return !triggers.isEmpty();
    }

    void log(String line) {
        log.add(line);
    }

    void warn(String line) {
        warnings.add(line);
    }
}
