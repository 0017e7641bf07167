package org.riskbench.engine.pipeline;

import java.nio.file.Path;

/** Where a pipeline's steps read and write: the project's folders, or the candidate folders of {@code update}. */
public record Layout(Path project, Path interim, Path prepared, Path models) {
    public static Layout of(Path project) {
        return new Layout(project, project.resolve("data/interim"), project.resolve("data/prepared"), project.resolve("models"));
    }

    /** The folders {@code update} trains a candidate in, beside the current model. */
    public static Layout candidate(Path project) {
        Path u = project.resolve("update");
        return new Layout(project, u.resolve("interim"), u.resolve("prepared"), u.resolve("models"));
    }

    public Path bundles() {
        return project.resolve("models/bundles");
    }
}
