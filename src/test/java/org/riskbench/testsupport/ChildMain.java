package org.riskbench.testsupport;

import java.nio.file.Path;
import java.util.Map;
import org.riskbench.app.AppContext;
import org.riskbench.jobs.JobRequest;
import org.riskbench.store.JobRepository;
import org.riskbench.store.Database;
import org.riskbench.store.Workspace;

/**
 * The second process of multi-process tests. Modes:
 * {@code write WORKSPACE PREFIX N}: inserts N jobs with two log lines each;
 * {@code hang WORKSPACE JOB_ID}: starts a job that never ends, prints RUNNING, and waits to be killed;
 * {@code inbox-hang WORKSPACE}: drains the inbox with a stage that prints CLAIMED and hangs (to be killed).
 */
public final class ChildMain {
    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[1]);
        switch (args[0]) {
            case "write" -> {
                try (Database db = Database.open(Workspace.open(folder))) {
                    JobRepository jobs = new JobRepository(db);
                    int n = Integer.parseInt(args[3]);
                    for (int i = 0; i < n; i++) {
                        String id = args[2] + "-" + i;
                        jobs.create(new JobRepository.NewJob(id, "test", "{}", null, null, 1, null, ProcessHandle.current().pid(), "child"));
                        jobs.appendLog(id, "INFO", "first line");
                        jobs.appendLog(id, "INFO", "second line");
                    }
                }
                System.out.println("DONE");
            }
            case "hang" -> {
                AppContext app = AppContext.open(folder, 1);
                TestTasks.register(app.jobs());
                app.jobs().submit(new JobRequest(args[2], "test-count", Map.of("steps", 1_000_000, "step_ms", 50), null, null));
                while (app.jobs().find(args[2]).orElseThrow().status() != org.riskbench.core.model.JobStatus.RUNNING) {
                    Thread.sleep(20);
                }
                System.out.println("RUNNING");
                System.out.flush();
                Thread.sleep(120_000);
            }
            case "inbox-hang" -> {
                AppContext app = AppContext.open(folder, 1);
                app.inbox().removeStage(org.riskbench.app.ScoringStage.NAME); // the queue itself, without the model
                app.inbox().addStage(new org.riskbench.app.InboxStage() {
                    @Override
                    public String name() {
                        return "hang";
                    }

                    @Override
                    public Map<String, Object> run(Item item, org.riskbench.core.Progress progress) throws Exception {
                        System.out.println("CLAIMED");
                        System.out.flush();
                        Thread.sleep(120_000);
                        return Map.of();
                    }
                });
                app.inbox().drain(org.riskbench.core.Progress.NONE);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
