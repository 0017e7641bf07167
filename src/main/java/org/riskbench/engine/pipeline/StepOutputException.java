package org.riskbench.engine.pipeline;

/** A step that failed after it had written log lines (an external command's output): the run keeps them. */
public final class StepOutputException extends RuntimeException {
    private final transient StepResult partial;

    StepOutputException(String message, StepResult partial) {
        super(message);
        this.partial = partial;
    }

    /** The step's log and warnings up to the failure (no metrics, no artifacts). */
    public StepResult partial() {
        return partial;
    }
}
