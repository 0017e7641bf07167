package org.riskbench.engine.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.riskbench.core.InputException;
import org.riskbench.core.Json;

/**
 * A project's {@code models/model.json}, written by the train step and read by evaluate, deploy, monitor and update.
 * Every key sorted as the file has always had them; {@code kind}, {@code target} and {@code features} always, the
 * rest only for the model kind that has them: {@code logistic} (encoding, weights, intercept, positive, threshold),
 * {@code blrm} (intercept, coefficients, r2, residual_sd, hit_band), {@code command} (command, model_dir),
 * {@code acceptance} (profile, rank, score, params).
 *
 * @param params the tuned profile's grid parameters by dotted key ({@code kappa.tau_pass}); a map because the
 *               project's grid names them
 */
@JsonPropertyOrder(alphabetic = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelDocument(
        @JsonProperty("kind") @JsonInclude(JsonInclude.Include.ALWAYS) String kind,
        @JsonProperty("target") @JsonInclude(JsonInclude.Include.ALWAYS) String target,
        @JsonProperty("features") @JsonInclude(JsonInclude.Include.ALWAYS) List<String> features,
        @JsonProperty("encoding") List<FeatureEncoding> encoding,
        @JsonProperty("weights") double[] weights,
        @JsonProperty("intercept") Double intercept,
        @JsonProperty("positive") String positive,
        @JsonProperty("threshold") Double threshold,
        @JsonProperty("coefficients") double[] coefficients,
        @JsonProperty("r2") Double r2,
        @JsonProperty("residual_sd") Double residualSd,
        @JsonProperty("hit_band") Double hitBand,
        @JsonProperty("command") List<String> command,
        @JsonProperty("model_dir") String modelDir,
        @JsonProperty("profile") String profile,
        @JsonProperty("rank") Integer rank,
        @JsonProperty("score") Double score,
        @JsonProperty("params") Map<String, Object> params) {

    /**
     * How a logistic model encodes one feature: {@code numeric} standardised with the training {@code mean} and
     * {@code std}, {@code categorical} one-hot over the training {@code levels}.
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeatureEncoding(
            @JsonProperty("name") String name,
            @JsonProperty("type") String type,
            @JsonProperty("mean") Double mean,
            @JsonProperty("std") Double std,
            @JsonProperty("levels") List<String> levels) {

        static FeatureEncoding numeric(String name, double mean, double std) {
            return new FeatureEncoding(name, "numeric", mean, std, null);
        }

        static FeatureEncoding categorical(String name, List<String> levels) {
            return new FeatureEncoding(name, "categorical", null, null, levels);
        }

        boolean isNumeric() {
            return "numeric".equals(type);
        }
    }

    static ModelDocument logistic(String target, List<String> features, Logistic.Model m) {
        return new ModelDocument("logistic", target, features, m.features(), m.weights(), m.intercept(), m.positive(),
                m.threshold(), null, null, null, null, null, null, null, null, null, null);
    }

    static ModelDocument blrm(String target, List<String> features, double intercept, double[] coefficients, double r2,
                              double residualSd, double hitBand) {
        return new ModelDocument("blrm", target, features, null, null, intercept, null, null, coefficients, r2, residualSd,
                hitBand, null, null, null, null, null, null);
    }

    static ModelDocument command(String target, List<String> features, List<String> command, String modelDir) {
        return new ModelDocument("command", target, features, null, null, null, null, null, null, null, null, null,
                command, modelDir, null, null, null, null);
    }

    static ModelDocument acceptance(String target, List<String> features, String profile, int rank, double score,
                                    Map<String, Object> params) {
        return new ModelDocument("acceptance", target, features, null, null, null, null, null, null, null, null, null,
                null, null, profile, rank, score, params);
    }

    /** The logistic model this document holds. */
    Logistic.Model logisticModel() {
        return new Logistic.Model(encoding, weights, intercept, positive, target, threshold);
    }

    /** The model in {@code file}; "no model; run the train step first" when there is none. */
    static ModelDocument read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no model; run the train step first.");
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), ModelDocument.class);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the model: " + e.getMessage(), e);
        }
    }
}
