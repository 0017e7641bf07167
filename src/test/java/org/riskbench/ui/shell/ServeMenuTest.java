package org.riskbench.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.TestWindows;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ServeMenuTest {
    private static MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        Path workspace = Files.createTempDirectory("riskbench-serve-gui");
        window = TestWindows.open(stage, workspace, app -> List.of());
    }

    @AfterAll
    static void closeWorkspace() {
        TestWindows.close(window);
    }

    @Test
    void fileServeStartsTheApiOnTheOpenWorkspaceAndStopEndsIt(FxRobot robot) throws Exception {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null);
        FxClicks.on(robot, "File");
        FxClicks.on(robot, "Serve this workspace…");
        FxWait.until(5, TimeUnit.SECONDS, () -> robot.lookup("#serve-port").tryQuery().isPresent());
        TextField port = robot.lookup("#serve-port").queryAs(TextField.class);
        robot.interact(() -> port.setText("0")); // any free port
        FxClicks.on(robot, "OK");
        Label address = robot.lookup("#serving-address").queryAs(Label.class);
        FxWait.until(15, TimeUnit.SECONDS, () -> address.getParent().isVisible() && address.getText().startsWith("Serving http://127.0.0.1:"));
        String base = address.getText().substring("Serving ".length());

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> jobs = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(jobs.body()).startsWith("{\"jobs\":");

        FxClicks.on(robot, "#serving-stop");
        FxWait.until(10, TimeUnit.SECONDS, () -> !address.getParent().isVisible());
        FxWait.until(10, TimeUnit.SECONDS, () -> {
            try {
                http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
                return false;
            } catch (java.io.IOException e) {
                return true; // refused: nothing listens any more
            }
        });
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
    }
}
