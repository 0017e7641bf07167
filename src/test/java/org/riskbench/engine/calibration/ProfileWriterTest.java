package org.riskbench.engine.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.acceptance.ProfileLoader;

class ProfileWriterTest {

    @TempDir
    Path dir;

    static ObjectNode patch(String json) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    /** The lines of {@code b} that differ from {@code a} (same length assumed). */
    static List<Integer> changedLines(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void keepsCommentsAndChangesOnlyThePatchedKeys() throws Exception {
        String original = Files.readString(Path.of("sample-data/profiles/default.yaml"));
        String out = ProfileWriter.apply(original, "default.yaml", "default",
                patch("{\"hysteresis\":{\"dwell_pass\":5},\"kappa\":{\"tau_pass\":0.5},"
                        + "\"guards\":{\"latency_p95\":{\"soft\":250.0}},\"penalties\":{\"width\":0.2}}"),
                "# calibrated by riskbench run r1 from s.csv (profile default, rank 1, point 3, score 0.5)");
        String body = out.substring(out.indexOf('\n') + 1);
        assertThat(out).startsWith("# calibrated by riskbench run r1 from s.csv");
        assertThat(body.split("\n")).hasSameSizeAs(original.split("\n"));
        List<Integer> changed = changedLines(original, body);
        assertThat(changed).hasSize(4);
        assertThat(body).contains("  dwell_pass: 5          # consecutive clean steps needed for DERISK -> PASS");
        assertThat(body).contains("  tau_pass: 0.5          # kappa_plus needed for a raw PASS");
        assertThat(body).contains("  latency_p95:   {soft: 250.0, hard: 600.0}  # breach when > bound (ms)");
        assertThat(body).contains("penalties: {coverage: 0.15, latency: 0.10, surprisal: 0.20, width: 0.2, kappa: 0.10}");
        AcceptanceProfile p = ProfileLoader.loadString(out);
        assertThat(p.get("hysteresis.dwell_pass")).isEqualTo(5);
        assertThat(p.get("guards.latency_p95.soft")).isEqualTo(250.0);
        assertThat(p.get("guards.latency_p95.hard")).isEqualTo(600.0);
    }

    @Test
    void addsAbsentKeysInTheirSection() throws Exception {
        String original = "# my profile\nwarmup: 20   # short\nhysteresis:\n  dwell_pass: 8\n";
        String out = ProfileWriter.apply(original, "p.yaml", "default",
                patch("{\"hysteresis\":{\"dwell_derisk\":4},\"kappa\":{\"tau_pass\":0.5},\"execution\":{\"scale_map\":{\"DERISK\":0.25}}}"),
                "# calibrated by riskbench");
        assertThat(out).isEqualTo("# calibrated by riskbench\n# my profile\nwarmup: 20   # short\nhysteresis:\n"
                + "  dwell_pass: 8\n  dwell_derisk: 4\nkappa:\n  tau_pass: 0.5\nexecution:\n  scale_map:\n    DERISK: 0.25\n");
        AcceptanceProfile p = ProfileLoader.loadString(out);
        assertThat(p.get("execution.scale_map.DERISK")).isEqualTo(0.25);
        assertThat(p.get("warmup")).isEqualTo(20);
    }

    @Test
    void changesOnlyTheChosenProfileOfAProfilesFile() throws Exception {
        Path file = Path.of("sample-data/profiles/profiles.yaml");
        String original = Files.readString(file);
        String out = ProfileWriter.apply(original, "profiles.yaml", "strict",
                patch("{\"hysteresis\":{\"dwell_pass\":12,\"fast_path\":true},\"icp\":{\"alpha_target\":0.06}}"),
                "# calibrated by riskbench");
        assertThat(out).contains("# Two named profiles; pick one") // comments kept
                .contains("      alpha_target: 0.06       # 95 % intervals")
                .contains("      dwell_pass: 12\n");
        assertThat(ProfileLoader.loadString(out, "x", "default")).isEqualTo(ProfileLoader.load(file, "default"));
        AcceptanceProfile strict = ProfileLoader.loadString(out, "x", "strict");
        assertThat(strict).isEqualTo(ProfileLoader.load(file, "strict").with("hysteresis.dwell_pass", 12)
                .with("hysteresis.fast_path", true).with("icp.alpha_target", 0.06));

        String intoEmpty = ProfileWriter.apply(original, "profiles.yaml", "default",
                patch("{\"kappa\":{\"tau_pass\":0.5}}"), "# calibrated by riskbench");
        assertThat(intoEmpty).contains("  default: {kappa: {tau_pass: 0.5}}");
        assertThat(ProfileLoader.loadString(intoEmpty, "x", "strict")).isEqualTo(ProfileLoader.load(file, "strict"));
    }

    @Test
    void replacesThePreviousCalibrationHeader() throws Exception {
        String once = ProfileWriter.apply("warmup: 20\n", "p", "default", patch("{\"warmup\":30}"), "# calibrated by riskbench run a");
        String twice = ProfileWriter.apply(once, "p", "default", patch("{\"warmup\":40}"), "# calibrated by riskbench run b");
        assertThat(twice).isEqualTo("# calibrated by riskbench run b\nwarmup: 40\n");
    }

    @Test
    void fallsBackToReserialisingLayoutsItCannotEdit() throws Exception {
        String original = "hysteresis: {dwell_pass: 8,\n  dwell_derisk: 3}\n";
        String out = ProfileWriter.apply(original, "p", "default", patch("{\"hysteresis\":{\"dwell_pass\":5}}"), "# c");
        AcceptanceProfile p = ProfileLoader.loadString(out);
        assertThat(p.get("hysteresis.dwell_pass")).isEqualTo(5);
        assertThat(p.get("hysteresis.dwell_derisk")).isEqualTo(3);
    }

    @Test
    void writesTheChosenRankFromACalibrationRun() throws Exception {
        Path profile = dir.resolve("profile.yaml");
        Files.copy(Path.of("sample-data/profiles/default.yaml"), profile);
        CalibrationRequest q = CalibrationRequest.of(CalibrationEngineTest.SERIES, profile, null,
                "@sample-data/grids/basic.txt", null, null, 5, null, 2, "job-42");
        CalibrationResult r = CalibrationEngine.run(q, Progress.NONE);
        Path target = dir.resolve("calibrated.yaml");
        ProfileWriter.write(r, 2, target);
        String text = Files.readString(target);
        PointResult p = r.atRank(2);
        assertThat(text).startsWith("# calibrated by riskbench run job-42 from " + CalibrationEngineTest.SERIES
                + " (profile default, rank 2, point " + p.point() + ", score ");
        assertThat(ProfileLoader.load(target, null)).isEqualTo(r.profileOf(p.point()));
        assertThat(text).contains("# EWMA half-life (steps) of the mean");

        CalibrationRequest infeasible = CalibrationRequest.of(CalibrationEngineTest.SERIES, profile, null,
                "kappa.tau_pass=0.4", null, "pass_share>2", 5, null, 1, null);
        CalibrationResult none = CalibrationEngine.run(infeasible, Progress.NONE);
        assertThatThrownBy(() -> ProfileWriter.write(none, 1, target)).isInstanceOf(InputException.class)
                .hasMessageContaining("infeasible");
        assertThatThrownBy(() -> ProfileWriter.write(r, 19, target)).hasMessageContaining("--apply-rank");
    }
}
