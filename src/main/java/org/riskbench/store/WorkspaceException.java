package org.riskbench.store;

import org.riskbench.core.InputException;

/** A workspace that cannot be used as it is (newer schema, not a folder, locked): the user must act. */
public final class WorkspaceException extends InputException {
    private static final long serialVersionUID = 1L;

    public WorkspaceException(String message) {
        super(message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
