package org.riskbench.app;

import java.nio.file.Path;
import java.util.Map;
import org.riskbench.core.Progress;

/**
 * One processing stage of the inference inbox, run on a claimed analysis after enrichment. The scoring
 * issue plugs its stage in with {@link InboxService#addStage(InboxStage)}. A stage may write files into
 * {@link Item#processedDir()} named {@code <analysis_id>_*}; what it returns is the analysis summary's section under
 * its name ({@link AnalysisSummary}).
 *
 * <p>Failures: {@link Transient} (and I/O errors) are retried with backoff; any other exception fails the
 * analysis at once, with its message (one sentence, no paths) in {@code failed/<id>_error.json}.
 */
public interface InboxStage {
    /** Short name (e.g. "scoring"), recorded as the failing stage and the summary key. */
    String name();

    /**
     * Runs the stage; returns its section of the summary: a record (or a map) written as a JSON object, or null or an
     * empty object for none.
     */
    Object run(Item item, Progress progress) throws Exception;

    /**
     * What a stage works on: the enriched table of one analysis and its manifest; {@code document} is the
     * result file being written, into which a stage may stream a per-row list ({@link ResultDocument#rows}).
     */
    record Item(String analysisId, Path enrichedCsv, Map<String, Object> manifest, Path processedDir,
                ResultDocument document) {
    }

    /** A failure worth retrying (a locked resource, a busy service). */
    final class Transient extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Transient(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
