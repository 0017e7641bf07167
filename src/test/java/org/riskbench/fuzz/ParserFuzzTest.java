package org.riskbench.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.riskbench.app.AppContext;
import org.riskbench.core.InputException;
import org.riskbench.engine.acceptance.ProfileLoader;
import org.riskbench.engine.acceptance.SeriesLoader;
import org.riskbench.engine.calibration.Grid;
import org.riskbench.engine.intake.CsvInspector;
import org.riskbench.engine.intake.EnrichmentConfig;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.pipeline.ProjectConfig;
import org.riskbench.engine.scenario.ScenarioConfig;
import org.riskbench.engine.scoring.Guardrails;

/**
 * Every parser of user input, fed random bytes and mutations of the real sample files (bytes flipped, lines cut,
 * doubled and swapped, tokens such as quotes, NUL, YAML anchors or huge numbers inserted): it answers or raises an
 * {@link InputException}, nothing else; it ends within a few seconds; and it allocates within a bound of the input's
 * size. Seeds are fixed, so a failure repeats; each bug found has its own regression test beside its parser's tests.
 */
class ParserFuzzTest {
    /** Per case: a parser taking longer is taken for hung (generous: the machine is shared while the suite runs). */
    private static final Duration CASE_TIMEOUT = Duration.ofSeconds(10);
    /** Per case: bytes a parser may allocate on top of a fixed allowance per input byte. */
    private static final long ALLOCATION_BASE = 96L * 1024 * 1024;
    private static final long ALLOCATION_PER_INPUT_BYTE = 4_096;

    private static final String[] TOKENS = {",", ";", "\"", "'", "\n", "\r\n", "\r", "\t", "\u0000", ":", ": ", "- ", "{", "}",
        "[", "]", "#", "&a ", "*a", "!!binary ", "<<: ", "---\n", "...\n", "?", "|", ">", "%YAML 1.1\n", "1e309", "-1", "NaN",
        "99999999999999999999999", "\uFEFF", "\u00E9", "\uD83D\uDE00", "\\", "=", "..", "and", "or", "not", "(", ")", "metrics.",
        "params.", "  ", "\u2028"};

    private static Path dir;
    private static AppContext app;

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("riskbench-fuzz");
        app = AppContext.open(dir.resolve("ws"), 1);
    }

    @AfterContainer
    static void close() throws IOException {
        app.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- the properties, one per parser

    @Property(tries = 500, seed = "23001")
    void csvInspector(@ForAll("transactions") byte[] input) throws IOException {
        Path file = write("t.csv", input);
        parses(input.length, () -> CsvInspector.inspect(file, IntakeOptions.transactions()));
    }

    @Property(tries = 500, seed = "23002")
    void series(@ForAll("series") byte[] input) throws IOException {
        Path file = write("series.csv", input);
        parses(input.length, () -> SeriesLoader.load(file));
    }

    @Property(tries = 500, seed = "23003")
    void profile(@ForAll("profile") byte[] input) throws IOException {
        Path file = write("profile.yaml", input);
        parses(input.length, () -> ProfileLoader.loadAll(file));
    }

    @Property(tries = 300, seed = "23004")
    void gridFile(@ForAll("gridFile") byte[] input) throws IOException {
        Path file = write("grid.yaml", input);
        parses(input.length, () -> Grid.parse("@" + file));
    }

    @Property(tries = 300, seed = "23005")
    void inlineGrid(@ForAll("gridInline") byte[] input) {
        String spec = new String(input, StandardCharsets.UTF_8);
        parses(input.length, () -> Grid.parse(spec));
    }

    @Property(tries = 400, seed = "23006")
    void scenarioConfig(@ForAll("scenarioYaml") byte[] yaml, @ForAll("scenarioJson") byte[] json) throws IOException {
        Path yamlFile = write("config.yaml", yaml);
        Path jsonFile = write("config.json", json);
        parses(yaml.length, () -> ScenarioConfig.load(yamlFile));
        parses(json.length, () -> ScenarioConfig.load(jsonFile));
    }

    @Property(tries = 400, seed = "23007")
    void guardrails(@ForAll("guardrails") byte[] input) throws IOException {
        Path file = write("rules.yaml", input);
        parses(input.length, () -> Guardrails.load(file, EnrichmentConfig.defaults()));
    }

    @Property(tries = 300, seed = "23008")
    void projectYaml(@ForAll("project") byte[] input) throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        write("project/project.yaml", input);
        parses(input.length, () -> ProjectConfig.load(project));
    }

    @Property(tries = 300, seed = "23009")
    void feedback(@ForAll("feedback") byte[] input) throws IOException {
        Path file = write("feedback.csv", input);
        parses(input.length, () -> app.models().importFeedback(file));
    }

    @Property(tries = 600, seed = "23010")
    void runQuery(@ForAll("query") byte[] input) {
        String query = new String(input, StandardCharsets.UTF_8);
        parses(input.length, () -> app.tracking().parse(query));
    }

    // ---- inputs: mutations of the real sample files, and random text

    @Provide
    Arbitrary<byte[]> transactions() {
        return inputs(head("sample-data/transactions/transactions.csv", 40), head("sample-data/transactions/transacciones_es.csv", 40));
    }

    @Provide
    Arbitrary<byte[]> series() {
        return inputs(head("sample-data/series/synthetic-regime.csv", 60), head("sample-data/series/co2.csv", 60));
    }

    @Provide
    Arbitrary<byte[]> profile() {
        return inputs(read("sample-data/profiles/profiles.yaml"), read("sample-data/profiles/default.yaml"));
    }

    @Provide
    Arbitrary<byte[]> gridFile() {
        return inputs(read("sample-data/grids/basic.yaml"));
    }

    @Provide
    Arbitrary<byte[]> gridInline() {
        return inputs("hysteresis.dwell_pass=[5,10];kappa.tau_pass=0.40,0.45".getBytes(StandardCharsets.UTF_8),
                new String(read("sample-data/grids/basic.txt"), StandardCharsets.UTF_8).replace('\n', ';').getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<byte[]> scenarioYaml() {
        return inputs(read("sample-data/scenarios/blrm.yaml"));
    }

    @Provide
    Arbitrary<byte[]> scenarioJson() {
        return inputs(read("sample-data/scenarios/synthetic.json"));
    }

    @Provide
    Arbitrary<byte[]> guardrails() {
        return inputs(read("resources/scoring/guardrails.yaml"));
    }

    @Provide
    Arbitrary<byte[]> project() {
        return inputs(read("projects-templates/risk-scenarios/project.yaml"), read("projects-templates/tabular-classification/project.yaml"));
    }

    @Provide
    Arbitrary<byte[]> feedback() {
        return inputs("analysis_id,row,true_class\na-20261205-1,1,limpio\na-20261205-1,2,preocupante\n".getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<byte[]> query() {
        return inputs("metrics.pass_share > 0.5 and params.seed = 42".getBytes(StandardCharsets.UTF_8),
                "kind = inference and metrics.preocupante > 0 or not (name = 'x')".getBytes(StandardCharsets.UTF_8));
    }

    /** Three in four cases mutate one of the samples; the rest are random text. */
    private static Arbitrary<byte[]> inputs(byte[]... samples) {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 1), Arbitraries.bytes().array(byte[].class).ofMaxSize(12)).as(Mutation::new);
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.integers().between(0, samples.length - 1),
                mutation.list().ofMinSize(1).ofMaxSize(8)).as((i, ms) -> apply(samples[i], ms));
        Arbitrary<byte[]> random = Arbitraries.strings().all().ofMaxLength(400).map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, mutated), net.jqwik.api.Tuple.of(1, random));
    }

    /** One change to a file: what, where (a share of its length), a second place, and bytes to put in. */
    record Mutation(int op, double at, double other, byte[] payload) {
    }

    static byte[] apply(byte[] sample, List<Mutation> mutations) {
        byte[] b = sample;
        for (Mutation m : mutations) {
            int at = (int) (m.at() * b.length);
            switch (m.op()) {
                case 0 -> { // flip a byte
                    if (b.length > 0) {
                        b = b.clone();
                        b[Math.min(at, b.length - 1)] ^= (byte) (1 + (m.payload().length == 0 ? 0x20 : m.payload()[0]));
                    }
                }
                case 1 -> b = insert(b, at, m.payload());
                case 2 -> { // delete a range
                    int end = Math.min(b.length, at + 1 + (int) (m.other() * 40));
                    b = concat(Arrays.copyOfRange(b, 0, at), Arrays.copyOfRange(b, end, b.length));
                }
                case 3, 6 -> { // double a line, or swap two
                    List<String> lines = new ArrayList<>(List.of(new String(b, StandardCharsets.ISO_8859_1).split("\n", -1)));
                    int i = (int) (m.at() * lines.size());
                    int j = (int) (m.other() * lines.size());
                    if (m.op() == 3) {
                        lines.add(i, lines.get(Math.min(i, lines.size() - 1)));
                    } else {
                        java.util.Collections.swap(lines, Math.min(i, lines.size() - 1), Math.min(j, lines.size() - 1));
                    }
                    b = String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
                }
                case 4 -> b = Arrays.copyOfRange(b, 0, at); // cut short
                default -> b = insert(b, at, TOKENS[(int) (m.other() * TOKENS.length) % TOKENS.length].getBytes(StandardCharsets.UTF_8));
            }
        }
        return b;
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        return concat(concat(Arrays.copyOfRange(b, 0, at), what), Arrays.copyOfRange(b, at, b.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---- the check every case passes

    /**
     * Runs {@code parse} on its own thread: it must end within {@link #CASE_TIMEOUT}, raise nothing but an
     * {@link InputException} (whose message is a sentence, never empty) and allocate within the bound.
     */
    private static void parses(long inputBytes, Callable<?> parse) {
        long bound = ALLOCATION_BASE + ALLOCATION_PER_INPUT_BYTE * inputBytes;
        long allocated = assertTimeoutPreemptively(CASE_TIMEOUT, () -> {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            try {
                parse.call();
            } catch (InputException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
            return threads.getCurrentThreadAllocatedBytes() - before;
        });
        assertThat(allocated).as("bytes allocated").isLessThan(bound);
    }

    private static Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] read(String file) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first lines of a sample, so a case stays small and quick. */
    private static byte[] head(String file, int lines) {
        byte[] all = read(file);
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n' && ++n == lines) {
                return Arrays.copyOf(all, i + 1);
            }
        }
        return all;
    }
}
