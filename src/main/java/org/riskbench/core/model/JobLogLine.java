package org.riskbench.core.model;

import java.time.Instant;

/** One line of a job's log; {@code seq} grows with time, so a tail can ask for lines after the last seen. */
public record JobLogLine(long seq, String jobId, Instant at, String level, String message) {
}
