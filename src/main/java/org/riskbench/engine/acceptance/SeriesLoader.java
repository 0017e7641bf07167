package org.riskbench.engine.acceptance;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.riskbench.core.InputException;
import org.riskbench.core.LineIndex;
import org.riskbench.core.InputFiles;
import org.riskbench.core.TextFiles;

/**
 * Reads a {@link Series} from a CSV file with a header (docs/spec/acceptance.md, "Input: a series").
 * Columns are found by case-insensitive name; other columns are ignored. Every refusal is an
 * {@link InputException} located as {@code file:line:column} (column = 1-based field number).
 * Empty cells: refused in {@code y}, {@code mu}, {@code sigma}; in {@code latency_ms} they mean 0 and
 * in {@code kappa} they mean "compute kappa for this row" (docs/acceptance-notes.md).
 */
public final class SeriesLoader {

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[-+]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    private SeriesLoader() {
    }

    public static Series load(Path file) {
        return parse(TextFiles.read(file, file.toString(), InputFiles.Kind.SERIES), file.toString());
    }

    /** Parses CSV text; {@code source} names it in error messages. */
    public static Series parse(String text, String source) {
        text = TextFiles.withoutBom(text);
        LineIndex lines = LineIndex.of(text);
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).build();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            var it = parser.iterator();
            if (!it.hasNext()) {
                throw InputException.at(source, 1, 0, "the series file is empty; it needs a header with a 'y' column.");
            }
            CSVRecord header = it.next();
            long headerLine = lines.lineOf(header.getCharacterPosition());
            List<String> names = new ArrayList<>();
            for (String h : header) {
                names.add(h.trim().toLowerCase(Locale.ROOT));
            }
            for (int i = 0; i < names.size(); i++) {
                if (names.indexOf(names.get(i)) != i && isKnown(names.get(i))) {
                    throw InputException.at(source, headerLine, i + 1, "column '" + org.riskbench.core.Texts.abbreviate(header.get(i))
                            + "' appears twice in the header (names are case-insensitive).");
                }
            }
            int yCol = names.indexOf("y");
            int tsCol = names.indexOf("ts");
            int muCol = names.indexOf("mu");
            int sigmaCol = names.indexOf("sigma");
            int latCol = names.indexOf("latency_ms");
            int kappaCol = names.indexOf("kappa");
            if (yCol < 0) {
                throw InputException.at(source, headerLine, 0, "the header has no 'y' column (columns found: "
                        + org.riskbench.core.Texts.abbreviate(String.join(", ", header.toList()), 4 * org.riskbench.core.Texts.VALUE_LENGTH) + "); rename the value column to y.");
            }
            if ((muCol < 0) != (sigmaCol < 0)) {
                int present = muCol >= 0 ? muCol : sigmaCol;
                throw InputException.at(source, headerLine, present + 1, "column '" + (muCol >= 0 ? "mu" : "sigma")
                        + "' needs column '" + (muCol >= 0 ? "sigma" : "mu") + "' too: give both or neither.");
            }
            Columns c = new Columns(tsCol >= 0, muCol >= 0, latCol >= 0, kappaCol >= 0);
            long lastLine = headerLine;
            while (it.hasNext()) {
                CSVRecord r = it.next();
                long line = lines.lineOfRecord(r.getCharacterPosition());
                lastLine = line;
                if (r.size() < names.size()) {
                    throw InputException.at(source, line, r.size() + 1, "the row has " + r.size()
                            + " fields but the header has " + names.size() + ".");
                }
                int i = c.n;
                c.grow();
                c.y[i] = number(r.get(yCol), "y", source, line, yCol);
                if (c.ts != null) {
                    c.ts[i] = r.get(tsCol);
                }
                if (c.mu != null) {
                    c.mu[i] = number(r.get(muCol), "mu", source, line, muCol);
                    double s = number(r.get(sigmaCol), "sigma", source, line, sigmaCol);
                    if (!(s > 0)) {
                        throw InputException.at(source, line, sigmaCol + 1, "sigma is " + r.get(sigmaCol).trim()
                                + " but must be greater than 0.");
                    }
                    c.sigma[i] = s;
                }
                if (c.lat != null) {
                    double l = r.get(latCol).isBlank() ? 0.0 : number(r.get(latCol), "latency_ms", source, line, latCol);
                    if (l < 0) {
                        throw InputException.at(source, line, latCol + 1, "latency_ms is " + r.get(latCol).trim()
                                + " but must not be negative.");
                    }
                    c.lat[i] = l;
                }
                if (c.kappa != null) {
                    c.kappa[i] = r.get(kappaCol).isBlank() ? Double.NaN
                            : number(r.get(kappaCol), "kappa", source, line, kappaCol);
                }
                c.n++;
            }
            return c.toSeries(source, lastLine);
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new InputException(source + ": not a readable CSV file: " + e.getMessage(), e);
        }
    }

    private static boolean isKnown(String name) {
        return switch (name) {
            case "y", "ts", "mu", "sigma", "latency_ms", "kappa" -> true;
            default -> false;
        };
    }

    private static double number(String cell, String column, String source, long line, int col) {
        String s = cell.trim();
        if (s.isEmpty()) {
            throw InputException.at(source, line, col + 1, column + " is empty; every row needs a " + column + " value.");
        }
        if (NON_FINITE.matcher(s).matches()) {
            throw InputException.at(source, line, col + 1, column + " is '" + s + "' but must be a finite number.");
        }
        if (!NUMBER.matcher(s).matches()) {
            throw InputException.at(source, line, col + 1, column + " is '" + org.riskbench.core.Texts.abbreviate(s) + "' which is not a number.");
        }
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) {
            throw InputException.at(source, line, col + 1, column + " is '" + s + "' which is too large to be a finite number.");
        }
        return v;
    }

    /** Growable primitive columns. */
    private static final class Columns {
        int n;
        double[] y = new double[1024];
        String[] ts;
        double[] mu;
        double[] sigma;
        double[] lat;
        double[] kappa;

        Columns(boolean hasTs, boolean hasForecast, boolean hasLat, boolean hasKappa) {
            ts = hasTs ? new String[1024] : null;
            mu = hasForecast ? new double[1024] : null;
            sigma = hasForecast ? new double[1024] : null;
            lat = hasLat ? new double[1024] : null;
            kappa = hasKappa ? new double[1024] : null;
        }

        void grow() {
            if (n < y.length) {
                return;
            }
            int cap = y.length * 2;
            y = Arrays.copyOf(y, cap);
            ts = ts == null ? null : Arrays.copyOf(ts, cap);
            mu = mu == null ? null : Arrays.copyOf(mu, cap);
            sigma = sigma == null ? null : Arrays.copyOf(sigma, cap);
            lat = lat == null ? null : Arrays.copyOf(lat, cap);
            kappa = kappa == null ? null : Arrays.copyOf(kappa, cap);
        }

        Series toSeries(String source, long lastLine) {
            return new Series(source, lastLine, ts == null ? null : Arrays.copyOf(ts, n), Arrays.copyOf(y, n),
                    mu == null ? null : Arrays.copyOf(mu, n), sigma == null ? null : Arrays.copyOf(sigma, n),
                    lat == null ? null : Arrays.copyOf(lat, n), kappa == null ? null : Arrays.copyOf(kappa, n));
        }
    }
}
