package org.riskbench.server;

import org.riskbench.app.AppContext;
import org.riskbench.core.model.JobStatus;
import org.riskbench.jobs.JobHandle;

/**
 * The inbox drain jobs this server queues, coalesced: a drain that is queued but not started yet will take every file
 * pending when it starts, so a new upload joins it instead of queueing one more (under load, one drain per upload left
 * hundreds of empty drain jobs behind two that did the work).
 */
final class Drains {
    private final AppContext app;
    private JobHandle queued;

    Drains(AppContext app) {
        this.app = app;
    }

    /** The drain that will process what is pending now: the queued one if it has not started, else a new one. */
    synchronized JobHandle forPending() {
        if (queued != null && !queued.completion().isDone()
                && app.jobs().find(queued.id()).map(j -> j.status() == JobStatus.PENDING).orElse(false)) {
            return queued; // still pending in the store: it lists the inbox after this file was queued
        }
        queued = app.inbox().process(null);
        return queued;
    }

    /** True while a drain this server queued has not ended. */
    synchronized boolean busy() {
        return queued != null && !queued.completion().isDone();
    }
}
