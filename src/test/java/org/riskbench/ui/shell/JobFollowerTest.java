package org.riskbench.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.app.AppContext;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.engine.scenario.ScenarioConfig;
import org.riskbench.testsupport.FxWait;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The follower of a screen's job, on a real workspace and job: updates on the FX thread up to the end, then none. */
@ExtendWith(ApplicationExtension.class)
class JobFollowerTest {

    @Start
    void start(Stage stage) {
        stage.show();
    }

    @Test
    void followsAJobToItsEndOnTheFxThreadAndForgetsIt(FxRobot robot) throws Exception {
        try (AppContext app = AppContext.open(Files.createTempDirectory("riskbench-follower"), 1)) {
            List<JobRecord> updates = new CopyOnWriteArrayList<>();
            List<Boolean> onFxThread = new CopyOnWriteArrayList<>();
            JobFollower follower = new JobFollower(app.jobs(), 50, job -> {
                updates.add(job);
                onFxThread.add(javafx.application.Platform.isFxApplicationThread());
            });
            // paused (the screen is hidden): nothing is read
            robot.interact(follower::pause);
            String id = app.scenarios().submit(ScenarioConfig.fromMap(java.util.Map.of("name", "followed", "n_scenarios", 3)), null, 1).id();
            robot.interact(() -> follower.watch(id));
            Thread.sleep(300);
            assertThat(updates).isEmpty();
            assertThat(follower.jobId()).isEqualTo(id);

            // shown again: followed to its end, then forgotten
            robot.interact(follower::resume);
            FxWait.until(60, TimeUnit.SECONDS, () -> !updates.isEmpty() && updates.get(updates.size() - 1).status().isTerminal());
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(updates.get(updates.size() - 1).status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(updates).allMatch(j -> j.id().equals(id));
            assertThat(onFxThread).containsOnly(true);
            assertThat(follower.jobId()).isNull();
            int seen = updates.size();
            Thread.sleep(300);
            assertThat(updates).as("no reads after the end").hasSize(seen);
        }
    }
}
