package org.riskbench.engine.intake;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.riskbench.core.AtomicFiles;

/**
 * Seeded, labelled synthetic transactions for trying intake and inference. Customers are written one after
 * another, each history in date order over 2024. Most customers are ordinary ({@code limpio}; amounts at or
 * above the sector threshold are {@code relevante}); a few carry a planted pattern:
 * <ul>
 *   <li>structuring (6%): three to five cash deposits between 90% and 99.9% of the threshold within seven
 *       days, {@code preocupante};</li>
 *   <li>cash bursts (5%): six to ten cash deposits within three days, {@code inusual};</li>
 *   <li>dormant then active (6%): a few operations in January, nothing for months, then a burst of
 *       transfers in November-December ({@code inusual} for the burst).</li>
 * </ul>
 * Cash at or above the cash limit outside these patterns is {@code inusual} too. Same arguments, same bytes.
 */
public final class SyntheticTransactions {
    /** English: comma, dot decimals, ISO dates, UTF-8. Spanish: semicolon, decimal commas, dd/MM/yyyy, Windows-1252. */
    public enum Dialect { EN, ES }

    static final String[] SECTORS = {"comercio", "construccion", "inmobiliario", "servicios_financieros", "agricultura", "tecnologia"};
    static final String[] SECTORS_ES = {"comercio", "construcción", "inmobiliario", "servicios financieros", "agricultura", "tecnología"};
    static final String[] OPERATIONS = {"transferencia", "deposito_efectivo", "retiro_efectivo", "pago_tarjeta", "pago_servicios"};
    static final String[] OPERATIONS_ES = {"transferencia", "depósito efectivo", "retiro efectivo", "pago tarjeta", "pago servicios"};
    static final String[] CHANNELS = {"sucursal", "cajero", "web", "movil"};
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final int DAYS = 366;

    private SyntheticTransactions() {
    }

    public static void write(Path out, long rows, long seed, Dialect dialect) {
        EnrichmentConfig config = EnrichmentConfig.defaults();
        Charset charset = dialect == Dialect.ES ? Charset.forName("windows-1252") : StandardCharsets.UTF_8;
        char sep = dialect == Dialect.ES ? ';' : ',';
        AtomicFiles.write(out, os -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, charset), 1 << 16);
            w.write(dialect == Dialect.ES ? "cliente_id;monto;fecha;tipo_operacion;sector_actividad;efectivo;canal;etiqueta\n"
                    : "customer_id,amount,date,operation_type,sector,cash,channel,label\n");
            SplittableRandom rng = new SplittableRandom(seed);
            long written = 0;
            int customer = 0;
            StringBuilder sb = new StringBuilder(128);
            while (written < rows) {
                customer++;
                int k = (int) Math.min(rows - written, 5 + rng.nextInt(36));
                int sector = rng.nextInt(SECTORS.length);
                double threshold = config.threshold(SECTORS[sector]);
                double scale = Math.exp(5 + 3.2 * rng.nextDouble());
                double p = rng.nextDouble();
                int pattern = p < 0.06 ? 1 : p < 0.11 ? 2 : p < 0.17 ? 3 : 0;
                int[] days = new int[k];
                int[] ops = new int[k];
                double[] amounts = new double[k];
                String[] labels = new String[k];
                int special = pattern == 0 ? 0 : Math.min(k, pattern == 1 ? 3 + rng.nextInt(3) : pattern == 2 ? 6 + rng.nextInt(5)
                        : Math.max(1, k * 2 / 3));
                int anchor = 30 + rng.nextInt(300);
                for (int i = 0; i < k; i++) {
                    boolean planted = i >= k - special;
                    int op = pickOperation(rng);
                    double amount = Math.round(scale * Math.exp(0.8 * nextGaussian(rng)) * 100) / 100.0;
                    if (rng.nextInt(10) == 0) {
                        amount = Math.max(100, Math.round(amount / 100) * 100.0);
                    }
                    int day = rng.nextInt(DAYS);
                    String label = amount >= threshold ? "relevante" : "limpio";
                    if (pattern == 3 && !planted) {
                        day = rng.nextInt(31);
                    }
                    if (planted && pattern == 1) {
                        op = 1;
                        amount = Math.round(threshold * (0.90 + 0.099 * rng.nextDouble()) * 100) / 100.0;
                        day = anchor + rng.nextInt(7);
                        label = "preocupante";
                    } else if (planted && pattern == 2) {
                        op = 1;
                        amount = Math.round(threshold * (0.2 + 0.5 * rng.nextDouble()));
                        day = anchor + rng.nextInt(3);
                        label = "inusual";
                    } else if (planted && pattern == 3) {
                        op = 0;
                        amount = Math.round(scale * (3 + 4 * rng.nextDouble()) * 100) / 100.0;
                        day = 305 + rng.nextInt(61);
                        label = amount >= threshold ? "preocupante" : "inusual";
                    } else if ((op == 1 || op == 2) && amount >= config.cashLimit()) {
                        label = "inusual";
                    }
                    days[i] = Math.min(DAYS - 1, day);
                    ops[i] = op;
                    amounts[i] = amount;
                    labels[i] = label;
                }
                Integer[] order = new Integer[k];
                for (int i = 0; i < k; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (x, y) -> Integer.compare(days[x], days[y]));
                String id = String.format(Locale.ROOT, "C%06d", customer);
                for (int o : order) {
                    sb.setLength(0);
                    boolean cash = ops[o] == 1 || ops[o] == 2;
                    String channel = cash ? CHANNELS[rng.nextInt(2)] : CHANNELS[rng.nextInt(4)];
                    LocalDate date = START.plusDays(days[o]);
                    sb.append(id).append(sep);
                    if (dialect == Dialect.ES) {
                        sb.append(spanishAmount(amounts[o])).append(sep)
                                .append(String.format(Locale.ROOT, "%02d/%02d/%04d", date.getDayOfMonth(), date.getMonthValue(), date.getYear()))
                                .append(sep).append(OPERATIONS_ES[ops[o]]).append(sep).append(SECTORS_ES[sector]).append(sep)
                                .append(cash ? "sí" : "no");
                    } else {
                        sb.append(String.format(Locale.ROOT, "%.2f", amounts[o])).append(sep).append(date).append(sep)
                                .append(OPERATIONS[ops[o]]).append(sep).append(SECTORS[sector]).append(sep).append(cash ? 1 : 0);
                    }
                    sb.append(sep).append(channel).append(sep).append(labels[o]).append('\n');
                    w.append(sb);
                }
                written += k;
            }
            w.flush();
        });
    }

    private static int pickOperation(SplittableRandom rng) {
        int r = rng.nextInt(100);
        return r < 35 ? 0 : r < 45 ? 1 : r < 55 ? 2 : r < 80 ? 3 : 4;
    }

    private static double nextGaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** 1234.5 -> "1.234,50". */
    static String spanishAmount(double v) {
        String s = String.format(Locale.ROOT, "%,.2f", v);
        return s.replace(',', '_').replace('.', ',').replace('_', '.');
    }
}
