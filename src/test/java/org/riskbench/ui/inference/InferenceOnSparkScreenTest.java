package org.riskbench.ui.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.app.SparkSettings;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.engine.intake.SyntheticTransactions;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.TestWindows;
import org.riskbench.ui.shell.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Inference > Run on: Spark > Confirm, as the screen does it. A Spark that cannot be found leaves the file confirmable
 * with the one-line reason; with the build's Spark (spark/target, present once the spark module is packaged: `.ci/run`
 * runs this class again after `mvn verify`), the file is scored as a real local[2] Spark application and the item ends
 * with the folder of its results.
 */
@ExtendWith(ApplicationExtension.class)
class InferenceOnSparkScreenTest {
    private static Path workspace;
    private static MainWindow window;
    private static volatile InferenceScreen screen;

    @Start
    void start(Stage stage) throws Exception {
        workspace = Files.createTempDirectory("riskbench-inference-spark-gui");
        window = TestWindows.open(stage, workspace, app -> {
            screen = new InferenceScreen(app.inbox(), app.models(), app.scoring(), app.sparkInference(), app.root());
            return List.of(screen);
        });
    }

    @AfterAll
    static void closeWorkspace() {
        TestWindows.close(window);
    }

    /** The spark module's build output that a checkout's Spark runs on (see SparkRunner). */
    static boolean sparkBuilt() {
        return Files.isDirectory(Path.of("spark/target/spark-deps"))
                && Files.isRegularFile(Path.of("spark/target/riskbench-spark-job.jar"));
    }

    private static InferenceViewModel acceptedFile(FxRobot robot, String name, int rows) throws Exception {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null && screen != null
                && robot.lookup("#previewTable").tryQuery().isPresent());
        InferenceViewModel vm = screen.viewModel();
        Path file = Files.createTempDirectory("riskbench-upload").resolve(name);
        SyntheticTransactions.write(file, rows, 5, SyntheticTransactions.Dialect.EN);
        robot.interact(() -> screen.filesDropped(List.of(file)));
        FxWait.until(30, TimeUnit.SECONDS, () -> vm.files().stream()
                .anyMatch(i -> i.name().equals(name) && i.stateProperty().get() == UploadItem.State.ACCEPTED));
        robot.interact(() -> vm.selectedProperty().set(item(vm, name)));
        return vm;
    }

    private static UploadItem item(InferenceViewModel vm, String name) {
        return vm.files().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aSparkThatCannotBeFoundLeavesTheFileConfirmableWithTheReason(FxRobot robot) throws Exception {
        Path notSpark = Files.createTempDirectory("not-a-spark-home");
        SparkSettings.set(workspace, SparkSettings.MASTER, "local[2]");
        SparkSettings.set(workspace, SparkSettings.HOME, notSpark.toString());
        try {
            InferenceViewModel vm = acceptedFile(robot, "nowhere.csv", 40);
            robot.interact(() -> {
                vm.runOn().refresh();
                vm.runOn().sparkProperty().set(true);
            });
            FxClicks.on(robot, "#confirmButton");
            UploadItem item = item(vm, "nowhere.csv");
            FxWait.until(30, TimeUnit.SECONDS, () -> item.messageProperty().get().startsWith("Not submitted"));
            assertThat(item.stateProperty().get()).isEqualTo(UploadItem.State.ACCEPTED);
            assertThat(item.messageProperty().get()).contains(notSpark.toString(), "no bin/spark-submit")
                    .doesNotContain("Exception");
            assertThat(window.app().jobs().list(null, null, 100)).extracting(JobRecord::kind)
                    .doesNotContain(org.riskbench.app.SparkInference.KIND);
        } finally {
            SparkSettings.replace(workspace, null, null, Map.of());
        }
    }

    @Test
    @EnabledIf("sparkBuilt")
    void confirmOnSparkScoresTheFileAsASparkApplication(FxRobot robot) throws Exception {
        SparkSettings.replace(workspace, "local[2]", null, Map.of("spark.ui.enabled", "false",
                "spark.driver.host", "127.0.0.1"));
        InferenceViewModel vm = acceptedFile(robot, "to-spark.csv", 300);
        robot.interact(() -> {
            vm.runOn().refresh();
            vm.runOn().sparkProperty().set(true);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(n -> n instanceof Label l && l.getText() != null && l.getText().contains("local[2]"))
                .tryQuery()).as("the Run-on bar names the master").isPresent();
        FxClicks.on(robot, "#confirmButton");
        UploadItem item = item(vm, "to-spark.csv");
        FxWait.until(5, TimeUnit.MINUTES, () -> item.stateProperty().get() == UploadItem.State.PROCESSED
                || item.stateProperty().get() == UploadItem.State.FAILED);
        WaitForAsyncUtils.waitForFxEvents(); // the state is set just before the message, in the same FX event
        assertThat(item.stateProperty().get()).as(item.messageProperty().get()).isEqualTo(UploadItem.State.PROCESSED);

        JobRecord job = window.app().jobs().list(null, null, 100).stream()
                .filter(j -> j.kind().equals(org.riskbench.app.SparkInference.KIND)).findFirst().orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        Path out = workspace.resolve("runs").resolve(job.id());
        assertThat(item.messageProperty().get()).contains("Scored on Spark in job " + job.id(), out.toString());
        // every row of the file is in the results' CSV parts, each with its class
        long rows;
        try (Stream<Path> files = Files.walk(out)) {
            rows = files.filter(p -> p.getFileName().toString().matches("part-.*\\.csv")).mapToLong(p -> {
                try (Stream<String> lines = Files.lines(p)) {
                    return lines.skip(1).filter(l -> !l.isBlank()).count();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
        assertThat(rows).isEqualTo(300);
        assertThat(out.resolve(org.riskbench.app.SparkInference.SUMMARY)).isRegularFile();
    }
}
