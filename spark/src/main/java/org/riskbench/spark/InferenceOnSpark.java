package org.riskbench.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.SerializableConfiguration;
import org.riskbench.app.ScoringStage;
import org.riskbench.app.SparkInferenceResult;
import org.riskbench.core.AtomicFiles;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;
import org.riskbench.core.Progress;
import org.riskbench.core.table.CsvRecords;
import org.riskbench.engine.intake.CsvInspector;
import org.riskbench.engine.intake.EnrichmentConfig;
import org.riskbench.engine.intake.Enricher;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.Problem;
import org.riskbench.engine.scoring.ModelBundle;
import scala.Tuple2;

/**
 * Batch inference of a transactions file on Spark (docs/scale-out.md), with the local inbox's code at every step:
 * <ol>
 * <li>the driver validates the file as {@code riskbench infer} does ({@link CsvInspector}); a refusal is the job's
 * reason;</li>
 * <li>the lines are keyed by customer and hash-partitioned, so a partition holds each of its customers' whole history;
 * each task writes its lines in file order as a CSV with the file's header and enriches it with {@link Enricher} and
 * the driver's report (same dialect, date format, columns), giving the rows their line in the file;</li>
 * <li>the driver learns which lines no partition kept (blank, unreadable) and so each kept line's row number in the
 * whole file; each task then numbers its rows, scores them and applies the guardrails with
 * {@link ScoringStage#start}, and writes its results CSV part;</li>
 * <li>the driver turns the CSV parts into Parquet and moves the staging folder to the output folder; only then are
 * there results.</li>
 * </ol>
 * A row's results depend on its customer's rows only, so any partitioning (and a retried task) gives the same rows.
 */
final class InferenceOnSpark {
    static final int SAMPLE_ROWS = 20;
    static final long ROWS_PER_PARTITION = 250_000;
    /** The results' numeric columns, typed in the Parquet copy (the others are strings). */
    private static final Map<String, String> TYPES = Map.of("row", "long", "line", "long", "amount", "double", "cash", "int",
            "anomaly", "double", "cluster", "int", "cluster_distance", "double");

    private InferenceOnSpark() {
    }

    /** What stage 1 tells the driver about a partition. */
    record Enriched(int partition, int rows, long[] notKept, long millis) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What stage 2 tells the driver about a partition. */
    record Scored(int partition, int rows, LinkedHashMap<String, Long> counts, int raised, ArrayList<String> sample,
                  long millis) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    static SparkInferenceResult.DriverResult run(JavaSparkContext sc, JsonNode p, DriverStatus status) throws IOException {
        long t0 = System.nanoTime();
        Map<String, Long> timings = new LinkedHashMap<>();
        String runId = p.path("run_id").asText();
        String input = p.path("input").asText();
        String output = p.path("output").asText().replaceAll("(?<=.)/+$", "");
        Configuration hadoop = sc.hadoopConfiguration();
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(URI.create(output));
        FileSystem fs = out.getFileSystem(hadoop);
        if (fs.exists(out) && (!fs.getFileStatus(out).isDirectory() || fs.listStatus(out).length > 0)) {
            throw new InputException(output + " already holds files: the results go into a new or empty folder.");
        }
        org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(out.getParent(), "." + out.getName() + ".riskbench-" + runId);
        fs.delete(staging, true); // a previous attempt of this job
        try {
            SparkInferenceResult.DriverResult result = run(sc, p, status, runId, input, output, hadoop, fs, out, staging, timings);
            timings.put("total", (System.nanoTime() - t0) / 1_000_000); // the result's timings_ms is this map
            return result;
        } finally {
            if (fs.exists(staging)) {
                fs.delete(staging, true); // a failed run leaves nothing that could pass for results
            }
        }
    }

    private static SparkInferenceResult.DriverResult run(JavaSparkContext sc, JsonNode p, DriverStatus status, String runId,
            String input, String output, Configuration hadoop, FileSystem fs, org.apache.hadoop.fs.Path out,
            org.apache.hadoop.fs.Path staging, Map<String, Long> timings) throws IOException {
        long t = System.nanoTime();
        status.report(0.0, "validating " + input);
        Path local = SharedFiles.local(input, hadoop);
        IntakeOptions options = IntakeOptions.transactions()
                .withMaxBadRatio(p.path("max_bad_ratio").asDouble(IntakeOptions.DEFAULT_MAX_BAD_RATIO))
                .withSizeLimitBytes(p.path("size_limit_mb").asLong(IntakeOptions.DEFAULT_SIZE_LIMIT >> 20) << 20);
        InspectionReport report = CsvInspector.inspect(local, options, Progress.NONE);
        if (!report.accepted()) {
            throw new InputException(input + ": refused: " + report.refusal());
        }
        String charset = report.encoding() == null ? "" : report.encoding().startsWith("UTF-8") ? "UTF-8"
                : report.encoding().equals("windows-1252") ? "windows-1252" : "";
        if (charset.isEmpty()) {
            throw new InputException(input + " is " + report.encoding() + "; Spark splits files into lines as bytes, so"
                    + " it reads UTF-8 or windows-1252: convert it first (iconv -f UTF-16 -t UTF-8).");
        }
        Integer customerCol = report.schemaColumns().get("customer_id");
        if (customerCol == null) {
            throw new InputException(input + ": the required column customer_id is missing");
        }
        // partition files are written as UTF-8 without a byte order mark (a windows-1252 file's lines are decoded first)
        InspectionReport forParts = new InspectionReport(report.file(), report.sizeBytes(), true, null, "UTF-8",
                report.delimiter(), "LF", report.header(), report.columns(), report.dataRows(), report.badRows(),
                report.problems(), report.problemCount(), report.preview(), report.schemaColumns(), report.millis());
        String header;
        try (BufferedReader r = Files.newBufferedReader(local, java.nio.charset.Charset.forName(charset))) {
            header = r.readLine();
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        Path bundleDir = Path.of(p.path("model").asText());
        ModelBundle bundle = ModelBundle.load(bundleDir);
        String rulesFile = p.hasNonNull("guardrails") ? p.get("guardrails").asText() : null;
        InferenceInputs inputs = new InferenceInputs(runId + ":" + bundle.version(), Json.MAPPER.writeValueAsString(forParts),
                header, InferenceInputs.bundleFiles(bundleDir), rulesFile == null ? null : Path.of(rulesFile).getFileName().toString(),
                rulesFile == null ? null : Files.readAllBytes(Path.of(rulesFile)), staging.toUri().toString());
        timings.put("validate", lap(t));

        // two tasks per core, and at most ROWS_PER_PARTITION rows in one (a task holds its partition's table)
        int parts = p.hasNonNull("partitions") ? p.get("partitions").asInt()
                : (int) Math.max(sc.defaultParallelism() * 2L, Math.min(100_000, (report.dataRows() + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION));
        Broadcast<InferenceInputs> shared = sc.broadcast(inputs);
        Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(hadoop));
        char delimiter = report.delimiterChar();
        int column = customerCol;
        try {
            // 1. by customer: enrich
            t = System.nanoTime();
            sc.setJobDescription("riskbench infer " + runId + ": enrich by customer");
            TaskProgress progress1 = TaskProgress.attach(sc, parts, "enriching", new Scaled(status, 0.0, 0.5));
            List<Enriched> enriched;
            try {
                String encoding = charset;
                enriched = sc.hadoopFile(input, TextInputFormat.class, LongWritable.class, Text.class, parts)
                        .map(line -> new String(line._2().getBytes(), 0, line._2().getLength(), encoding))
                        .zipWithIndex()
                        .filter(lineAt -> lineAt._2() > 0) // the header
                        .mapToPair(lineAt -> new Tuple2<>(customer(lineAt._1(), lineAt._2() + 1, delimiter, column),
                                new Tuple2<>(lineAt._2() + 1, lineAt._1())))
                        .partitionBy(new HashPartitioner(parts))
                        .mapPartitionsWithIndex((Integer part, Iterator<Tuple2<String, Tuple2<Long, String>>> it) ->
                                List.of(enrich(part, it, shared.value(), conf.value().value())).iterator(), true)
                        .collect();
            } finally {
                progress1.detach();
            }
            timings.put("enrich", lap(t));

            // 2. row numbers in the whole file, then score each partition
            t = System.nanoTime();
            long[] notKept = enriched.stream().flatMapToLong(e -> Arrays.stream(e.notKept())).sorted().toArray();
            Broadcast<long[]> skipped = sc.broadcast(notKept);
            List<Integer> withRows = enriched.stream().filter(e -> e.rows() > 0).map(Enriched::partition).sorted().toList();
            sc.setJobDescription("riskbench infer " + runId + ": score");
            TaskProgress progress2 = TaskProgress.attach(sc, Math.max(1, withRows.size()), "scoring", new Scaled(status, 0.5, 0.4));
            List<Scored> scored;
            try {
                scored = withRows.isEmpty() ? List.of() : sc.parallelize(withRows, withRows.size())
                        .map(part -> score(part, shared.value(), skipped.value(), conf.value().value()))
                        .collect();
            } finally {
                progress2.detach();
                skipped.destroy();
            }
            timings.put("score", lap(t));

            // 3. Parquet beside the CSV parts; then the staging folder becomes the output folder
            t = System.nanoTime();
            status.report(0.9, "writing Parquet");
            org.apache.hadoop.fs.Path csv = new org.apache.hadoop.fs.Path(staging, "csv");
            org.apache.hadoop.fs.Path parquet = new org.apache.hadoop.fs.Path(staging, "parquet");
            if (!scored.isEmpty()) {
                SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
                Dataset<Row> rows = spark.read().option("header", "true").option("inferSchema", "false").csv(globEscaped(csv.toString()));
                for (String c : rows.columns()) {
                    String type = TYPES.get(c) != null ? TYPES.get(c) : c.startsWith("p_") ? "double" : null;
                    if (type != null) {
                        rows = rows.withColumn(c, functions.col(c).cast(type));
                    }
                }
                rows.write().parquet(parquet.toString());
            }
            fs.delete(new org.apache.hadoop.fs.Path(staging, "enriched"), true);
            if (fs.exists(out)) {
                fs.delete(out, true); // empty, checked above
            }
            if (!fs.rename(staging, out)) {
                throw new IOException("cannot move " + staging + " to " + out);
            }
            timings.put("parquet", lap(t));

            Map<String, Long> counts = new LinkedHashMap<>();
            int raised = 0;
            long rows = 0;
            long taskMillis = 0;
            List<String[]> sample = new ArrayList<>();
            String resultsHeader = null;
            for (Scored s : scored) {
                s.counts().forEach((k, v) -> counts.merge(k, v, Long::sum));
                raised += s.raised();
                rows += s.rows();
                taskMillis += s.millis();
                resultsHeader = s.sample().get(0);
                for (String line : s.sample().subList(1, s.sample().size())) {
                    sample.add(new String[] {line.substring(0, line.indexOf(',')), line});
                }
            }
            sample.sort(Comparator.comparingLong(a -> Long.parseLong(a[0])));
            List<String> sampleLines = new ArrayList<>();
            if (resultsHeader != null) {
                sampleLines.add(resultsHeader);
            }
            sample.stream().limit(SAMPLE_ROWS).forEach(a -> sampleLines.add(a[1]));
            timings.put("tasks_enrich", enriched.stream().mapToLong(Enriched::millis).sum());
            timings.put("tasks_score", taskMillis);

            return new SparkInferenceResult.DriverResult(input, out.toUri().toString(),
                    new org.apache.hadoop.fs.Path(out, "csv").toUri().toString(),
                    scored.isEmpty() ? null : new org.apache.hadoop.fs.Path(out, "parquet").toUri().toString(),
                    bundle.version(), rows, counts, raised, notKept.length, parts, sampleLines, timings);
        } finally {
            shared.destroy();
            conf.destroy();
        }
    }

    /** A line's customer (its partitioning key); a blank line's key is empty. */
    static String customer(String line, long lineNo, char delimiter, int column) {
        if (line.isBlank()) {
            return "";
        }
        List<CsvRecords.Record> records;
        try {
            records = CsvRecords.read(line, "line " + lineNo, delimiter);
        } catch (InputException e) {
            throw new InputException("line " + lineNo + " has an unclosed quote; on Spark every record must be on one line.");
        }
        if (records.size() != 1) {
            throw new InputException("line " + lineNo + " holds a line break inside quotes; on Spark every record"
                    + " must be on one line.");
        }
        CsvRecords.Record r = records.get(0);
        return column < r.size() ? r.get(column) : ""; // a short row: the enrichment skips it wherever it lands
    }

    /** Stage 1 of a partition: its lines in file order as a CSV, enriched, the enriched rows given their file lines. */
    static Enriched enrich(int part, Iterator<Tuple2<String, Tuple2<Long, String>>> it, InferenceInputs in, Configuration hadoop)
            throws IOException {
        long t = System.nanoTime();
        List<Tuple2<Long, String>> lines = new ArrayList<>();
        List<Long> notKept = new ArrayList<>();
        while (it.hasNext()) {
            Tuple2<Long, String> line = it.next()._2();
            if (line._2().isBlank()) {
                notKept.add(line._1());
            } else {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            return new Enriched(part, 0, notKept.stream().mapToLong(Long::longValue).toArray(), lap(t));
        }
        lines.sort(Comparator.comparingLong(Tuple2::_1));
        long[] lineOf = new long[lines.size() + 2]; // a line of the partition's file -> its line in the input
        Path dir = Files.createTempDirectory("riskbench-infer-" + part + "-");
        try {
            Path partFile = dir.resolve("part.csv");
            try (BufferedWriter w = Files.newBufferedWriter(partFile, StandardCharsets.UTF_8)) {
                w.write(in.header());
                w.write('\n');
                for (int k = 0; k < lines.size(); k++) {
                    lineOf[k + 2] = lines.get(k)._1();
                    w.write(lines.get(k)._2());
                    w.write('\n');
                }
            }
            InferenceInputs.Loaded loaded = in.loaded();
            Path enrichedFile = dir.resolve("enriched.csv");
            Enricher.Result r = Enricher.enrich(partFile, loaded.report(), EnrichmentConfig.defaults(), enrichedFile, 1, Progress.NONE);
            if (r.skippedCount() > r.skipped().size()) {
                throw new InputException(in.header() + ": more than " + r.skipped().size() + " unreadable rows among the"
                        + " customers of one partition; check the file with 'riskbench validate'.");
            }
            for (Problem skipped : r.skipped()) {
                notKept.add(lineOf[(int) skipped.line()]);
            }
            Path numbered = dir.resolve("numbered.csv");
            rewriteLeadingNumbers(enrichedFile, numbered, (row, line) -> new long[] {row, lineOf[(int) line]});
            SharedFiles.put(numbered, in.staging() + "/enriched/" + partName(part), hadoop);
            return new Enriched(part, (int) r.rowsEnriched(), notKept.stream().mapToLong(Long::longValue).toArray(), lap(t));
        } finally {
            org.riskbench.core.Folders.deleteTree(dir);
        }
    }

    /** Stage 2 of a partition: its rows numbered as in the whole file, scored with the guardrails, the results part written. */
    static Scored score(int part, InferenceInputs in, long[] notKept, Configuration hadoop) throws IOException {
        long t = System.nanoTime();
        Path enriched = SharedFiles.local(in.staging() + "/enriched/" + partName(part), hadoop);
        Path dir = Files.createTempDirectory("riskbench-score-" + part + "-");
        try {
            Path numbered = dir.resolve("enriched.csv");
            // a kept line L is row (L - 1) - (lines before L that are not rows): the header is line 1
            rewriteLeadingNumbers(enriched, numbered, (row, line) -> new long[] {line - 1 - lowerBound(notKept, line), line});
            InferenceInputs.Loaded loaded = in.loaded();
            ScoringStage.Scoring scoring = ScoringStage.start(numbered, loaded.model(), loaded.rules(), null, Progress.NONE,
                    new LinkedHashMap<>(), System.nanoTime());
            scoring.running().await();
            Path results = dir.resolve("results.csv");
            AtomicFiles.write(results, scoring.results()::writeCsv);
            ArrayList<String> sample = new ArrayList<>();
            try (BufferedReader r = Files.newBufferedReader(results, StandardCharsets.UTF_8)) {
                for (String line = r.readLine(); line != null && sample.size() <= SAMPLE_ROWS; line = r.readLine()) {
                    sample.add(line);
                }
            }
            SharedFiles.put(results, in.staging() + "/csv/" + partName(part), hadoop);
            return new Scored(part, scoring.results().rows(), new LinkedHashMap<>(scoring.counts()), scoring.raised(), sample, lap(t));
        } finally {
            org.riskbench.core.Folders.deleteTree(dir);
        }
    }

    interface Renumber {
        long[] apply(long row, long line);
    }

    /** Copies an enriched CSV with its first two fields (row, line: integers) replaced. */
    static void rewriteLeadingNumbers(Path in, Path out, Renumber renumber) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8);
             BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            w.write(header);
            w.write('\n');
            StringBuilder sb = new StringBuilder();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int a = line.indexOf(',');
                int b = line.indexOf(',', a + 1);
                long[] v = renumber.apply(Long.parseLong(line.substring(0, a)), Long.parseLong(line.substring(a + 1, b)));
                sb.setLength(0);
                sb.append(v[0]).append(',').append(v[1]).append(line, b, line.length()).append('\n');
                w.append(sb);
            }
        }
    }

    /** How many values of the sorted {@code a} are below {@code x}. */
    static int lowerBound(long[] a, long x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A path as Spark's reader takes it literally: it reads its argument as a Hadoop glob ([2] is a character class). */
    static String globEscaped(String path) {
        return path.replaceAll("([\\[\\]{}*?\\\\])", "\\\\$1");
    }

    static String partName(int part) {
        return String.format(java.util.Locale.ROOT, "part-%05d.csv", part);
    }

    private static long lap(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    /** A stage's progress as a share of the whole run's. */
    private record Scaled(Progress to, double from, double width) implements Progress {
        @Override
        public void report(double fraction, String message) {
            to.report(from + width * Math.min(1.0, fraction), message);
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }

}
