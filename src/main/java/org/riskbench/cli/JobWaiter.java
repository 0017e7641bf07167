package org.riskbench.cli;

import org.riskbench.core.model.JobRecord;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.riskbench.app.AppContext;
import org.riskbench.jobs.JobHandle;

/** Waits for a job the CLI started, drawing a progress bar on stderr when it is a terminal. */
final class JobWaiter {
    private JobWaiter() {
    }

    static JobRecord await(AppContext app, JobHandle handle, PrintWriter err) {
        boolean terminal = System.console() != null;
        while (true) {
            try {
                JobRecord done = handle.completion().get(250, TimeUnit.MILLISECONDS);
                if (terminal) {
                    err.print("\r\033[K");
                    err.flush();
                }
                return done;
            } catch (TimeoutException e) {
                if (terminal) {
                    app.jobs().find(handle.id()).ifPresent(job -> drawBar(err, job));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                app.jobs().cancel(handle.id());
                return handle.await();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** How an ended job ended, as the CLI says it: "job ID failed: why" ("job ID cancelled", "job ID succeeded"). */
    static String outcome(JobRecord done) {
        return "job " + done.id() + " " + done.status().dbName() + (done.errorMessage() == null ? "" : ": " + done.errorMessage());
    }

    private static void drawBar(PrintWriter err, JobRecord job) {
        int width = 30;
        int filled = (int) Math.round(job.progress() * width);
        err.printf(Locale.ROOT, "\r[%s%s] %3.0f%% %s\033[K", "#".repeat(filled), " ".repeat(width - filled),
                job.progress() * 100, job.progressMessage() == null ? "" : job.progressMessage());
        err.flush();
    }
}
