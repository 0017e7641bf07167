package org.riskbench.engine.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The prepare step's {@code data/prepared/split.json}, every key sorted as the file has always had them; the class
 * counts of each part only for a stratified split, {@code rows_kept_from_previous_split} only for update's unordered
 * split.
 *
 * @param trainClasses rows per class of the train part; a map (as the val and test ones) because the target's values
 *                     are its keys
 */
@JsonPropertyOrder(alphabetic = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SplitInfo(
        @JsonProperty("features") @JsonInclude(JsonInclude.Include.ALWAYS) List<String> features,
        @JsonProperty("ordered") boolean ordered,
        @JsonProperty("rows_kept_from_previous_split") Integer rowsKeptFromPreviousSplit,
        @JsonProperty("seed") long seed,
        @JsonProperty("stratified") boolean stratified,
        @JsonProperty("target") @JsonInclude(JsonInclude.Include.ALWAYS) String target,
        @JsonProperty("test_classes") Map<String, Long> testClasses,
        @JsonProperty("train_classes") Map<String, Long> trainClasses,
        @JsonProperty("val_classes") Map<String, Long> valClasses) {
}
