package org.riskbench.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.riskbench.core.Json;
import org.riskbench.core.model.RunRecord;
import org.riskbench.engine.acceptance.AcceptanceEngine;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.acceptance.DriftWatch;
import org.riskbench.engine.acceptance.ProfileLoader;
import org.riskbench.engine.acceptance.ReplayArtifacts;
import org.riskbench.engine.acceptance.ReplayResult;
import org.riskbench.engine.acceptance.ReplaySummary;
import org.riskbench.engine.acceptance.Series;
import org.riskbench.engine.acceptance.SeriesLoader;
import org.riskbench.engine.acceptance.Trace;
import org.riskbench.jobs.JobContext;
import org.riskbench.jobs.JobHandle;
import org.riskbench.jobs.JobRequest;
import org.riskbench.jobs.JobService;
import org.riskbench.jobs.JobTask;
import org.riskbench.store.DriftWatchRepository;

/**
 * Acceptance replays as jobs. The series and profile are parsed before the job is queued (bad input is
 * refused, not turned into a failed job); the profile is stored whole in the job's parameters so a retry
 * replays exactly the same profile. Each run writes {@code trace.csv} and {@code summary.json}, advances
 * the profile's coverage drift watch (logging its {@code [CI-GATING]} line) and is tracked.
 */
public final class ReplayService {
    public static final String KIND = "replay";

    private final JobService jobs;
    private final Tracker tracker;
    private final DriftWatchRepository driftWatch;

    /** What to replay: a series file and a profile, from a file (with a name) or already built (the GUI form). */
    public record ReplayRequest(Path series, Path profileFile, String profileName, AcceptanceProfile profile,
                                Path outputDir, String jobId, boolean overwrite) {
        /** A request that does not replace a previous replay's output. */
        public ReplayRequest(Path series, Path profileFile, String profileName, AcceptanceProfile profile, Path outputDir,
                             String jobId) {
            this(series, profileFile, profileName, profile, outputDir, jobId, false);
        }
    }

    /** A finished replay, loaded back from its artifacts. */
    public record ReplayView(Path outputDir, ReplaySummary summary, Trace trace) {
    }

    /**
     * A profile's coverage drift watch (docs/spec/acceptance.md): phase OBSERVE, WARN or STABLE, the ema of
     * coverage_abs_err, the streaks, the number of runs seen and the last run's id and [CI-GATING] line.
     */
    public record DriftView(String profileKey, String phase, double ema, int violationStreak, int okStreak, int runs,
                            String lastRunId, String lastLine) {
    }

    ReplayService(JobService jobs, Tracker tracker, DriftWatchRepository driftWatch) {
        this.jobs = jobs;
        this.tracker = tracker;
        this.driftWatch = driftWatch;
        jobs.register(KIND, this::taskFromParams, "the series' length or the profile's windows");
    }

    /** Loads a profile by file and name, with the spec's errors (key path, valid keys). */
    public AcceptanceProfile loadProfile(Path file, String name) {
        return ProfileLoader.load(file, name);
    }

    /** Validates the inputs and queues the replay. */
    public JobHandle submit(ReplayRequest request) {
        jobs.requireNewId(request.jobId());
        AcceptanceProfile profile = request.profile() != null ? request.profile()
                : ProfileLoader.load(request.profileFile(), request.profileName());
        Series series = SeriesLoader.load(request.series());
        AcceptanceEngine.countedSteps(profile, series); // before queueing: a too-short series is bad input, not a failed job
        String key = profileKey(request.profileFile(), profile.name());
        Map<String, Object> params = JobParams.asMap(new Params(request.series().toAbsolutePath().toString(),
                request.profileFile() == null ? null : request.profileFile().toAbsolutePath().toString(), profile.name(), key,
                profile.toTree(), request.overwrite() ? Boolean.TRUE : null));
        JobRequest job = new JobRequest(request.jobId(), KIND, params, request.outputDir(), null);
        return jobs.submit(job, context -> replay(context, series, profile, key, params));
    }

    /**
     * A replay job's parameters (stored with the job, read again by a retry, kept by its tracked run, read by
     * {@link #inputsOf}).
     *
     * @param profileFile the profile file it was chosen from, null for the defaults or a profile edited in the GUI
     * @param profileKey  the drift watch's key ({@link #profileKey})
     * @param profile     the profile exactly as replayed, as its tree ({@link AcceptanceProfile#toTree}, read back by
     *                    {@link ProfileLoader} with the profile's own checks)
     * @param overwrite   true, or null (and left out) for a replay that does not replace a previous one's output
     */
    @JsonPropertyOrder({"series", "profile_file", "profile_name", "profile_key", "profile", JobService.OVERWRITE})
    record Params(
            @JsonProperty("series") String series,
            @JsonProperty("profile_file") String profileFile,
            @JsonProperty("profile_name") String profileName,
            @JsonProperty("profile_key") String profileKey,
            @JsonProperty("profile") JsonNode profile,
            @JsonProperty(JobService.OVERWRITE) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean overwrite) {

        String name() {
            return profileName == null ? "default" : profileName;
        }

        AcceptanceProfile acceptanceProfile(String source) throws IOException {
            return ProfileLoader.loadString(Json.YAML.writeValueAsString(profile), source, null).withName(name());
        }
    }

    private JobTask taskFromParams(JsonNode stored) {
        return context -> {
            Params p = Json.MAPPER.treeToValue(stored, Params.class);
            AcceptanceProfile profile = p.acceptanceProfile("stored profile of job " + context.jobId());
            return replay(context, SeriesLoader.load(Path.of(p.series())), profile, p.profileKey(), JobParams.asMap(p));
        };
    }

    private ReplayJobResult replay(JobContext context, Series series, AcceptanceProfile profile, String key,
                                   Map<String, Object> params) {
        Path outputDir = context.outputDir();
        String runId = context.jobId();
        tracker.start(runId, KIND, profile.name() + " on " + Path.of(series.source()).getFileName(), runId, params, outputDir);
        ReplayResult result;
        try {
            result = AcceptanceEngine.replay(profile, series, context);
            context.report(0.97, "writing trace.csv and summary.json");
            ReplayArtifacts.write(outputDir, result);
        } catch (RuntimeException e) {
            tracker.fail(runId, e, outputDir);
            throw e;
        }
        ReplaySummary summary = result.summary();
        DriftWatch.Outcome[] outcome = new DriftWatch.Outcome[1];
        driftWatch.advance(key, previous -> {
            outcome[0] = DriftWatch.next(toState(previous), summary.coverageAbsErr(), profile.ciGating(), runId);
            DriftWatch.DriftState s = outcome[0].state();
            return new DriftWatchRepository.Row(key, s.phase().name(), s.ema(), s.violationStreak(), s.okStreak(), s.runs(),
                    runId, outcome[0].logLine());
        });
        context.log(outcome[0].logLine());
        ReplayJobResult done = new ReplayJobResult(summary, outcome[0].state().phase(), outcome[0].state().ema());
        tracker.succeed(runId, done.metrics(), outputDir);
        context.log(oneLine(summary));
        return done;
    }

    private static DriftWatch.DriftState toState(DriftWatchRepository.Row row) {
        return row == null ? null : new DriftWatch.DriftState(DriftWatch.Phase.valueOf(row.phase()), row.ema(),
                row.violationStreak(), row.okStreak(), row.runs());
    }

    /** The drift-watch state of a profile (none before its first replay). */
    public Optional<DriftView> driftState(Path profileFile, String profileName) {
        return driftView(profileKey(profileFile, profileName));
    }

    /** The drift-watch state by profile key ({@link #profileKey}; kept as {@code profile_key} in a run's params). */
    public Optional<DriftView> driftView(String profileKey) {
        return driftWatch.find(profileKey).map(r -> new DriftView(r.profileKey(), r.phase(), r.ema(), r.violationStreak(),
                r.okStreak(), r.runs(), r.lastRunId(), r.lastLine()));
    }

    /** Loads a finished replay back from its folder (trace.csv and summary.json); for the GUI's charts. */
    public ReplayView load(Path outputDir) {
        ReplaySummary summary = ReplayArtifacts.readSummary(outputDir.resolve(ReplayArtifacts.SUMMARY_JSON));
        Trace trace = ReplayArtifacts.readTrace(outputDir.resolve(ReplayArtifacts.TRACE_CSV));
        return new ReplayView(outputDir, summary, trace);
    }

    /**
     * The inputs a finished replay ran on, from its job parameters: the series, the profile file and name it was
     * chosen by (null file: the defaults or a profile edited in the GUI), and the profile exactly as replayed.
     */
    public record ReplayInputs(Path series, Path profileFile, String profileName, AcceptanceProfile profile) {
    }

    /** The inputs of a replay from its stored parameters; empty when they cannot be read. */
    public Optional<ReplayInputs> inputsOf(String paramsJson) {
        try {
            Params p = Json.MAPPER.readValue(paramsJson, Params.class);
            String file = p.profileFile() == null ? "" : p.profileFile();
            return Optional.of(new ReplayInputs(Path.of(p.series()), file.isEmpty() ? null : Path.of(file), p.name(),
                    p.acceptanceProfile("stored profile")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The profile names of a profile file, in file order. */
    public List<String> profileNames(Path file) {
        return List.copyOf(ProfileLoader.loadAll(file).keySet());
    }

    /**
     * Drift watch is per profile: a profile is its name within its file (two files may both hold a
     * "default"); a profile edited in the GUI without a file is known by its name alone.
     */
    public static String profileKey(Path profileFile, String profileName) {
        return profileFile == null ? profileName : profileName + "@" + profileFile.toAbsolutePath().normalize();
    }

    public List<RunRecord> recentRuns(int limit) {
        return tracker.recent(KIND, limit);
    }

    /** The one-line summary the CLI prints and the job log keeps. */
    public static String oneLine(ReplaySummary s) {
        return String.format(Locale.ROOT, "%d steps: PASS %.1f%% DERISK %.1f%% BLOCK %.1f%%, coverage %.4f (abs err %.4f),"
                        + " %d transitions (%.2f per 1000), avg risk scale %.3f, final %s",
                s.nSteps(), 100 * s.passShare(), 100 * s.deriskShare(), 100 * s.blockShare(), s.coverageEmpirical(),
                s.coverageAbsErr(), s.transitionCount(), s.flapRateK(), s.avgRiskScale(), s.finalState());
    }
}
