package org.riskbench.jobs;

import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobLogLine;
import org.riskbench.core.model.JobStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.riskbench.core.CancelledException;
import org.riskbench.core.DiskFullException;
import org.riskbench.core.Folders;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.store.JobRepository;
import org.riskbench.store.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on a bounded worker pool, off any UI thread, and records everything in the store: status,
 * progress, log lines, result, error. Cancel is cooperative (the task polls {@link JobContext}); a
 * cancel asked by another process reaches the task through the store within about half a second.
 */
public final class JobService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);
    /**
     * The job parameter by which a front end asks to replace a previous output of the same kind in the folder the user
     * chose ({@code --overwrite}); stored with the job, so a retry may replace its first attempt's output too.
     */
    public static final String OVERWRITE = "overwrite";
    /**
     * A queued or running job whose heartbeat is older than this is taken for dead, even when a process of its pid
     * lives: the owner refreshes it every half second, so a stale one means the pid now belongs to another process.
     */
    static final Duration STALE_HEARTBEAT = Duration.ofMinutes(2);
    /** Two readings of one process's start time differ by rounding only (clock ticks since boot). */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    private final Workspace workspace;
    private final JobRepository repository;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final Map<String, JobFactory> factories = new ConcurrentHashMap<>();
    /** Per kind, what the user can lower when a job of that kind runs out of memory. */
    private final Map<String, String> memoryHints = new ConcurrentHashMap<>();
    /** Per kind, the one workspace folder it writes into by design (the inbox for inference). */
    private final Map<String, Path> ownFolders = new ConcurrentHashMap<>();
    private final Map<String, JobContext> running = new ConcurrentHashMap<>();
    private final long pid = ProcessHandle.current().pid();
    private final Instant started = startOf(ProcessHandle.current());
    private final String host = hostName();

    public JobService(Workspace workspace, JobRepository repository, int workerCount) {
        this.workspace = workspace;
        this.repository = repository;
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, "riskbench-job-" + threadNumber.incrementAndGet()));
        ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
        this.scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "riskbench-job-watch"));
        scheduler.scheduleWithFixedDelay(this::watchRunning, 500, 500, TimeUnit.MILLISECONDS);
        Runtime.getRuntime().addShutdownHook(exitHook);
    }

    /**
     * Ctrl-C or a kill of this process: its running jobs are cancelled and given a few seconds to record it (job,
     * run, claimed inbox files), instead of staying "running" until another process notices the owner is gone.
     */
    private final Thread exitHook = new Thread(this::stopWorkers, "riskbench-exit");

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Makes a kind runnable (and retryable) by this service. */
    public void register(String kind, JobFactory factory) {
        factories.put(kind, factory);
    }

    /**
     * As {@link #register(String, JobFactory)}, naming what to lower should a job of this kind run out of memory
     * (e.g. "n_scenarios or the rows of input_path").
     */
    public void register(String kind, JobFactory factory, String memoryHint) {
        register(kind, factory);
        memoryHints.put(kind, memoryHint);
    }

    /** Lets jobs of {@code kind} write into {@code folder}, a workspace folder that other jobs may not name. */
    public void allowOutputFolder(String kind, Path folder) {
        ownFolders.put(kind, folder.toAbsolutePath().normalize());
    }

    public JobRepository repository() {
        return repository;
    }

    /** Queues a job of a registered kind; its task is built from the parameters. */
    public JobHandle submit(JobRequest request) {
        return submit(request, null, 1, null);
    }

    /**
     * Queues a job with a task the caller built already (for example around input it parsed while
     * validating it); the kind's factory is still what a retry uses, from the stored parameters.
     */
    public JobHandle submit(JobRequest request, JobTask prepared) {
        return submit(request, prepared, 1, null);
    }

    private JobHandle submit(JobRequest request, JobTask prepared, int attempt, String retryOf) {
        JobFactory factory = factories.get(request.kind());
        if (factory == null) {
            throw new InputException("unknown job kind '" + request.kind() + "'; known kinds: " + factories.keySet());
        }
        JobTask task = prepared != null ? prepared : factory.create(Json.MAPPER.valueToTree(request.params()));
        String id = request.id() != null ? validId(request.id()) : newId(request.kind());
        Path outputDir = request.outputDir() != null
                // a folder the caller chose is checked (and made) before the job is recorded
                ? Folders.requireOutputFolder(chosenOutputFolder(request, id)) : workspace.runDir(id);
        Integer timeoutSec = request.timeout() == null ? null : (int) Math.max(1, request.timeout().toSeconds());
        repository.create(new JobRepository.NewJob(id, request.kind(), Json.compact(request.params()),
                outputDir.toString(), timeoutSec, attempt, retryOf, pid, host, started));
        LOG.info("job {} ({}) queued", id, request.kind());
        JobContext context = new JobContext(id, outputDir, repository);
        CompletableFuture<JobRecord> done = new CompletableFuture<>();
        running.put(id, context);
        workers.execute(() -> execute(context, task, request.timeout(), done));
        return new JobHandle(id, done);
    }

    /**
     * The folder a caller chose for a job, once it is known not to be the workspace's own or another job's: new, empty,
     * or a previous output of the same kind replaced on request ({@code "overwrite": true} among the parameters).
     */
    private Path chosenOutputFolder(JobRequest request, String id) {
        Path folder = request.outputDir().toAbsolutePath().normalize();
        if (folder.equals(ownFolders.get(request.kind())) || folder.equals(workspace.runDir(id).toAbsolutePath().normalize())) {
            return folder;
        }
        Optional<OutputFolders.Kind> kind = OutputFolders.Kind.ofJob(request.kind());
        boolean overwrite = request.params() != null && Boolean.TRUE.equals(request.params().get(OVERWRITE));
        if (kind.isPresent()) {
            folder = OutputFolders.check(workspace.root(), kind.get(), folder, overwrite, "the output folder");
        } else {
            OutputFolders.refuseInternal(workspace.root(), folder, "the output folder");
        }
        for (JobRecord job : repository.list(EnumSet.of(JobStatus.PENDING, JobStatus.RUNNING), null, 10_000)) {
            if (job.outputDir() != null && Path.of(job.outputDir()).toAbsolutePath().normalize().equals(folder)) {
                throw new InputException("the output folder " + folder + " is in use by job " + job.id() + " ("
                        + job.status().dbName() + "); wait for it to end or give another folder");
            }
        }
        return folder;
    }

    /** Runs a failed, cancelled or interrupted job again, as a new job with the next attempt number. */
    public JobHandle retry(String jobId) {
        JobRecord old = repository.find(jobId).orElseThrow(() -> new InputException("no job '" + org.riskbench.core.Texts.abbreviate(jobId)
                + "' in this workspace"));
        if (old.status() != JobStatus.FAILED && old.status() != JobStatus.CANCELLED) {
            throw new InputException("job " + jobId + " is " + old.status().dbName() + "; only failed or cancelled jobs can be retried");
        }
        String root = old.retryOf() != null && old.id().contains("-attempt") ? old.id().substring(0, old.id().lastIndexOf("-attempt")) : old.id();
        int attempt = old.attempt() + 1;
        String newId = root + "-attempt" + attempt;
        while (repository.exists(newId)) {
            attempt++;
            newId = root + "-attempt" + attempt;
        }
        Map<String, Object> params = Json.MAPPER.convertValue(readTree(old.paramsJson()), Map.class);
        Duration timeout = old.timeoutSec() == null ? null : Duration.ofSeconds(old.timeoutSec());
        // A folder the user named is where the retry writes too (a run's files are put in place as a whole, so the
        // failed attempt left it as it was); a job's own folder under runs/ is per attempt.
        Path chosen = old.outputDir() == null || Path.of(old.outputDir()).equals(workspace.runDir(old.id()))
                ? null : Path.of(old.outputDir());
        if (chosen != null) {
            params.put(OVERWRITE, true); // what an attempt left there (a timed-out run's artifacts) is the retry's to replace
        }
        return submit(new JobRequest(newId, old.kind(), params, chosen, timeout), null, attempt, old.id());
    }

    /** Asks a job to stop, whichever process runs it. Returns its status after the request. */
    public JobStatus cancel(String jobId) {
        JobContext local = running.get(jobId);
        if (local != null) {
            local.cancel();
        }
        return repository.requestCancel(jobId);
    }

    /**
     * Finds jobs left pending or running by a process that died, and marks them failed (interrupted).
     * Called at start by the GUI and the CLI. Returns the ids it marked.
     */
    public List<String> recoverInterrupted() {
        List<String> recovered = new ArrayList<>();
        Instant now = Instant.now();
        for (JobRecord job : repository.list(EnumSet.of(JobStatus.PENDING, JobStatus.RUNNING), null, 10_000)) {
            if (running.containsKey(job.id()) || ownerAlive(job, now)) {
                continue;
            }
            String message = "interrupted: the process " + (job.ownerPid() == null ? "" : "(pid " + job.ownerPid() + ") ")
                    + "that ran this job ended before it finished; retry it to run it again";
            if (repository.markInterrupted(job.id(), job.status(), message)) {
                repository.appendLog(job.id(), "ERROR", message);
                recovered.add(job.id());
                LOG.warn("job {} marked failed: {}", job.id(), message);
            }
        }
        return recovered;
    }

    /**
     * Whether the process that owns a queued or running job still runs it. On this host: its pid is alive, it is the
     * process that started the job (same start time, where both are known) and its heartbeat is recent; a pid alone
     * is not enough, the system hands ended processes' pids to new ones. On another host: the heartbeat alone.
     */
    boolean ownerAlive(JobRecord job, Instant now) {
        if (job.ownerPid() == null) {
            return false;
        }
        Instant beat = job.heartbeatAt() != null ? job.heartbeatAt() : job.createdAt();
        boolean beating = beat != null && Duration.between(beat, now).compareTo(STALE_HEARTBEAT) < 0;
        if (!host.equals(job.ownerHost())) {
            return beating;
        }
        if (job.ownerPid() == pid) {
            return false; // ours, but not in our running map: left by an earlier process with our pid
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(job.ownerPid()).filter(ProcessHandle::isAlive);
        if (owner.isEmpty()) {
            return false;
        }
        Instant ownerStart = startOf(owner.get());
        if (job.ownerStartedAt() != null && ownerStart != null) {
            return Duration.between(job.ownerStartedAt(), ownerStart).abs().compareTo(SAME_START) <= 0;
        }
        return beating;
    }

    private static Instant startOf(ProcessHandle process) {
        return process.info().startInstant().orElse(null);
    }

    public Optional<JobRecord> find(String id) {
        return repository.find(id);
    }

    /** Jobs newest first, optionally only some statuses and one kind (all processes' jobs). */
    public List<JobRecord> list(java.util.Collection<JobStatus> statuses, String kind, int limit) {
        return repository.list(statuses, kind, limit);
    }

    /** As {@link #list(java.util.Collection, String, int)}, only jobs labelled with {@code sphere} (null: any). */
    public List<JobRecord> list(java.util.Collection<JobStatus> statuses, String kind, String sphere, int limit) {
        return repository.list(statuses, kind, sphere, limit);
    }

    public List<JobLogLine> logTail(String id, int lines) {
        return repository.logTail(id, lines);
    }

    /** The kinds this service can run (and retry). */
    public java.util.Set<String> kinds() {
        return new java.util.TreeSet<>(factories.keySet());
    }

    private void execute(JobContext context, JobTask task, Duration timeout, CompletableFuture<JobRecord> done) {
        String id = context.jobId();
        ScheduledFuture<?> timer = null;
        try {
            if (!repository.markRunning(id, pid, host, started)) {
                LOG.info("job {} was cancelled before it started", id);
                return;
            }
            if (timeout != null) {
                timer = scheduler.schedule(context::timeOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            context.log("started");
            Object result = task.run(context);
            context.flushProgress();
            // A task that returns has finished its work (cancel is cooperative: a task that stopped early
            // throws CancelledException), so a cancel or timeout that arrived after its last unit of work
            // does not discard a complete result, and the job agrees with the run it tracked.
            finish(context, JobStatus.SUCCEEDED, result, null);
        } catch (CancelledException e) {
            context.flushProgress();
            if (context.timedOut()) {
                fail(context, timeoutMessage(timeout));
            } else {
                finish(context, JobStatus.CANCELLED, null, null); // the status says it all: no "cancelled: cancelled"
            }
        } catch (InputException | JobFailedException e) {
            fail(context, e.getMessage());
        } catch (OutOfMemoryError e) {
            // the heap is (nearly) exhausted: drop what we can, say what to change, keep the trace for DEBUG only
            LOG.debug("job {} ran out of memory", id, e);
            String message = outOfMemoryMessage(context, e);
            LOG.error("job {} failed: {}", id, message);
            fail(context, message);
        } catch (Exception | Error e) {
            Optional<DiskFullException> full = DiskFullException.of(e, context.outputDir());
            if (full.isPresent()) {
                LOG.debug("job {} failure", id, e);
                fail(context, full.get().getMessage());
                return;
            }
            // the trace goes to the job's log and, with DEBUG, to stderr: never bare in front of a user
            LOG.error("job {} failed: {}", id, e.toString());
            LOG.debug("job {} failure", id, e);
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            safeLog(id, "ERROR", trace.toString());
            fail(context, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            if (timer != null) {
                timer.cancel(false);
            }
            running.remove(id);
            done.complete(endOf(context));
        }
    }

    private String outOfMemoryMessage(JobContext context, OutOfMemoryError e) {
        JobRecord job = repository.find(context.jobId()).orElse(null);
        String kind = job == null ? "this" : job.kind();
        return String.format(java.util.Locale.ROOT, "not enough memory for the %s job (%s; the heap is at most %,d MB); lower %s"
                        + " or raise -Xmx", kind, e.getMessage() == null ? "OutOfMemoryError" : e.getMessage(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), memoryHints.getOrDefault(kind, "the size of its input"));
    }

    /**
     * The job as it ended. When its end could not be recorded (a full disk refuses even that), the end this process
     * saw, so its caller reports why; the store keeps "running" until the next start marks it interrupted.
     */
    private JobRecord endOf(JobContext context) {
        JobRecord stored;
        try {
            stored = repository.find(context.jobId()).orElse(null);
        } catch (RuntimeException e) {
            stored = null;
        }
        Ending ending = context.ending;
        if (ending == null || (stored != null && stored.status().isTerminal())) {
            return stored;
        }
        if (stored == null) {
            return null;
        }
        return new JobRecord(stored.id(), stored.kind(), ending.status(), stored.progress(), stored.progressMessage(),
                stored.paramsJson(), stored.resultJson(), ending.error(), stored.outputDir(), stored.createdAt(),
                stored.startedAt(), Instant.now(), stored.attempt(), stored.retryOf(), stored.timeoutSec(),
                stored.cancelRequested(), stored.ownerPid(), stored.ownerHost(), stored.heartbeatAt(), stored.ownerStartedAt());
    }

    /** How a job ended in this process, kept until it is recorded. */
    record Ending(JobStatus status, String error) {
    }

    private static String timeoutMessage(Duration timeout) {
        return "timed out after " + (timeout == null ? "its time limit" : timeout.toSeconds() + " s")
                + "; raise the timeout or make the job smaller";
    }

    private void fail(JobContext context, String message) {
        finish(context, JobStatus.FAILED, null, message);
    }

    private void finish(JobContext context, JobStatus status, Object result, String error) {
        context.ending = new Ending(status, error);
        try {
            if (error != null) {
                safeLog(context.jobId(), status == JobStatus.FAILED ? "ERROR" : "INFO", status.dbName() + ": " + error);
            } else {
                safeLog(context.jobId(), "INFO", status.dbName());
            }
            repository.finish(context.jobId(), status, result == null ? null : Json.compact(result), error);
        } catch (DiskFullException e) {
            LOG.error("job {} {}{}; its end could not be recorded: {}", context.jobId(), status.dbName(),
                    error == null ? "" : " (" + error + ")", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("cannot record the end of job {}", context.jobId(), e);
        }
    }

    private void safeLog(String id, String level, String message) {
        try {
            repository.appendLog(id, level, message);
        } catch (DiskFullException e) {
            LOG.debug("cannot store a log line of job {}: {}", id, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("cannot store a log line of job {}", id, e);
        }
    }

    /** Relays cancel requests made by other processes and keeps our running jobs' heartbeats fresh. */
    private void watchRunning() {
        if (running.isEmpty()) {
            return;
        }
        try {
            List<String> ids = new ArrayList<>(running.keySet());
            for (String id : ids) {
                JobContext context = running.get(id);
                if (context != null && !context.isCancelled() && repository.isCancelRequested(id)) {
                    context.cancel();
                }
            }
            repository.heartbeat(ids);
        } catch (DiskFullException e) {
            LOG.debug("job watch: {}", e.getMessage()); // the job itself reports it
        } catch (RuntimeException e) {
            LOG.warn("job watch failed; will try again", e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json == null ? "{}" : json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored job parameters are not JSON", e);
        }
    }

    /**
     * A job id the user chose, checked before any side effect (queueing a file, starting a run, making a folder):
     * valid and not used yet in this workspace. Null (a generated id) passes.
     */
    public String requireNewId(String id) {
        if (id != null && repository.exists(validId(id))) {
            throw new InputException("job id '" + id + "' is already used in this workspace; choose another --job-id");
        }
        return id;
    }

    /** A user-given job id, checked: letters, digits, '.', '_' or '-', at most 100. */
    public static String validId(String id) {
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new InputException("job id '" + org.riskbench.core.Texts.abbreviate(id) + "' is not valid: use letters, digits, '.', '_' or '-' (at most 100)");
        }
        return id;
    }

    /** A fresh job id for a kind: {@code <kind>-<utc time>-<6 hex>}. */
    public static String newId(String kind) {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
        return kind + "-" + stamp + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }

    /** Jobs this process runs or has queued now. */
    public int runningHere() {
        return running.size();
    }

    /** True while the worker pool takes jobs (false once {@link #close} began). */
    public boolean acceptsWork() {
        return !workers.isShutdown();
    }

    /** Waits until this process runs no job, at most {@code limit}; true when none is left. */
    public boolean awaitIdle(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!running.isEmpty()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return running.isEmpty();
            }
        }
        return true;
    }

    /**
     * At the end of this process, leave the jobs still running as a crash would (still "running", marked failed
     * (interrupted) and retryable at the next open) instead of cancelling them: for a server whose grace period for
     * running jobs has passed ({@code riskbench serve}).
     */
    public void leaveRunningJobsAtExit() {
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // the process is exiting already
        }
    }

    /** Stops taking work and cancels what runs; waits briefly so tasks can record their end. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // the process is exiting: the hook is running this, or will
        }
        stopWorkers();
    }

    private void stopWorkers() {
        running.values().forEach(JobContext::cancel);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
    }
}
