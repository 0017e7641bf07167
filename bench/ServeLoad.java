import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load driver for `riskbench serve` (run by bench/serve-load.sh; JDK only: `java bench/ServeLoad.java ...`).
 * UPLOADERS clients POST transaction files for SECONDS while POLLERS clients GET /api/v1/jobs; then it waits for every
 * accepted upload to end and checks that each ended processed exactly once with all its rows.
 * Arguments: ADDRESS SECONDS UPLOADERS POLLERS ROWS_PER_FILE FILE...
 */
public final class ServeLoad {
    private static final Pattern ID = Pattern.compile("\"analysis_id\":\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");
    private static final Pattern COUNT = Pattern.compile("\"(limpio|relevante|inusual|preocupante)\":(\\d+)");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int seconds = Integer.parseInt(args[1]);
        int uploaders = Integer.parseInt(args[2]);
        int pollers = Integer.parseInt(args[3]);
        long rowsPerFile = Long.parseLong(args[4]);
        List<Path> files = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> getNanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> uploadNanos = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int u = 0; u < uploaders; u++) {
            Path file = files.get(u % files.size());
            threads.add(new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/analyses?name="
                                + file.getFileName())).timeout(Duration.ofMinutes(2)).header("Content-Type", "text/csv")
                                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
                        uploadNanos.add(System.nanoTime() - t0);
                        Matcher m = ID.matcher(r.body());
                        if (r.statusCode() == 202 && m.find()) {
                            accepted.add(m.group(1));
                        } else {
                            failures.add("upload " + r.statusCode() + ": " + r.body());
                        }
                    } catch (IOException | InterruptedException e) {
                        failures.add("upload: " + e);
                    }
                }
            }));
        }
        for (int p = 0; p < pollers; p++) {
            threads.add(new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
                                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        getNanos.add(System.nanoTime() - t0);
                        if (r.statusCode() != 200) {
                            failures.add("GET /api/v1/jobs " + r.statusCode());
                        }
                    } catch (IOException | InterruptedException e) {
                        failures.add("GET: " + e);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        double uploadWindow = (System.nanoTime() - start) / 1e9;

        // every accepted upload must end processed, once, with all its rows
        List<String> ids = new ArrayList<>(accepted);
        AtomicLong rows = new AtomicLong();
        long processed = 0;
        long waitUntil = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        for (String id : ids) {
            while (true) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/analyses/" + id)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher s = STATUS.matcher(r.body());
                String status = s.find() ? s.group(1) : "?";
                if (status.equals("processed")) {
                    processed++;
                    Matcher c = COUNT.matcher(r.body().substring(r.body().indexOf("\"counts\"")));
                    long n = 0;
                    for (int k = 0; k < 4 && c.find(); k++) {
                        n += Long.parseLong(c.group(2));
                    }
                    rows.addAndGet(n);
                    if (n != rowsPerFile) {
                        failures.add(id + ": " + n + " rows scored, expected " + rowsPerFile);
                    }
                    break;
                }
                if (status.equals("failed") || System.nanoTime() > waitUntil) {
                    failures.add(id + " ended " + status + ": " + r.body());
                    break;
                }
                Thread.sleep(200);
            }
        }
        double allDone = (System.nanoTime() - start) / 1e9;
        List<Long> gets = new ArrayList<>(getNanos);
        Collections.sort(gets);
        List<Long> ups = new ArrayList<>(uploadNanos);
        Collections.sort(ups);
        System.out.printf(Locale.ROOT, "uploads accepted: %d in %.1f s (%.2f uploads/s), each %d rows; upload answer p50 %.0f ms, p95 %.0f ms%n",
                ids.size(), uploadWindow, ids.size() / uploadWindow, rowsPerFile, pct(ups, 0.50), pct(ups, 0.95));
        System.out.printf(Locale.ROOT, "processed: %d of %d, %d rows; all done %.1f s after the start: %.0f rows/s end to end%n",
                processed, ids.size(), rows.get(), allDone, rows.get() / allDone);
        System.out.printf(Locale.ROOT, "GET /api/v1/jobs while uploading: %d requests, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                gets.size(), pct(gets, 0.50), pct(gets, 0.95), pct(gets, 0.99), gets.isEmpty() ? 0 : gets.get(gets.size() - 1) / 1e6);
        System.out.println("failed requests or uploads: " + failures.size());
        failures.stream().limit(10).forEach(f -> System.out.println("  " + f));
        System.exit(failures.isEmpty() && processed == ids.size() ? 0 : 1);
    }

    private static double pct(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }
}
