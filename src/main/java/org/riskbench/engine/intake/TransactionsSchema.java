package org.riskbench.engine.intake;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The transactions schema of docs/spec/inference.md: canonical columns with their English/Spanish aliases, matched
 * case- and accent-insensitively (spaces and hyphens count as underscores: "Tipo de operación" does not
 * match, "Tipo operación" does).
 */
public final class TransactionsSchema {
    public static final String CUSTOMER = "customer_id";
    public static final String AMOUNT = "amount";
    public static final String DATE = "date";
    public static final String OPERATION = "operation_type";
    public static final String SECTOR = "sector";
    public static final String CASH = "cash";
    public static final String CHANNEL = "channel";
    /** The LFPIORPI article fraction of the activity (the CSV runner's {@code fraccion}): a category, one-hot encoded. */
    public static final String FRACCION = "fraccion";
    public static final String LABEL = "label";

    /** Canonical name -> accepted names (normalised), the canonical first. Required ones first. */
    static final Map<String, List<String>> ALIASES = new LinkedHashMap<>();
    public static final List<String> REQUIRED = List.of(CUSTOMER, AMOUNT, DATE, OPERATION, SECTOR);
    public static final List<String> OPTIONAL = List.of(CASH, CHANNEL, FRACCION, LABEL);

    static {
        ALIASES.put(CUSTOMER, List.of("customer_id", "cliente_id", "id_cliente", "customer", "cliente"));
        ALIASES.put(AMOUNT, List.of("amount", "monto", "importe"));
        ALIASES.put(DATE, List.of("date", "fecha", "fecha_operacion", "transaction_date"));
        ALIASES.put(OPERATION, List.of("operation_type", "tipo_operacion", "tipo"));
        ALIASES.put(SECTOR, List.of("sector", "sector_actividad"));
        ALIASES.put(CASH, List.of("cash", "efectivo", "es_efectivo"));
        ALIASES.put(CHANNEL, List.of("channel", "canal"));
        ALIASES.put(FRACCION, List.of("fraccion", "fraccion_lfpiorpi", "fraction"));
        ALIASES.put(LABEL, List.of("label", "etiqueta", "clase"));
    }

    /** Matched columns (canonical -> index from 0) and the required ones not found. */
    public record Match(Map<String, Integer> columns, List<String> missing) {
    }

    private TransactionsSchema() {
    }

    /** Lower case, accents removed, trimmed, spaces and hyphens as underscores. */
    public static String normalise(String name) {
        String n = Normalizer.normalize(name.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return n.toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
    }

    public static Match match(List<String> header) {
        Map<String, Integer> found = new LinkedHashMap<>();
        List<String> normalised = new ArrayList<>();
        for (String h : header) {
            normalised.add(normalise(h));
        }
        for (Map.Entry<String, List<String>> e : ALIASES.entrySet()) {
            for (String alias : e.getValue()) {
                int i = normalised.indexOf(alias);
                if (i >= 0) {
                    found.put(e.getKey(), i);
                    break;
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (String r : REQUIRED) {
            if (!found.containsKey(r)) {
                missing.add(r);
            }
        }
        return new Match(found, missing);
    }

    /** "amount (or monto, importe)" for messages. */
    public static String describe(String canonical) {
        List<String> all = ALIASES.get(canonical);
        return canonical + " (or " + String.join(", ", all.subList(1, all.size())) + ")";
    }
}
