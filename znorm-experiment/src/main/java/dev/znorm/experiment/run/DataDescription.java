package dev.znorm.experiment.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What a run's data turned out to be, recorded in config.json beside its spec: the training-set
 * size, the classes, the input shape and the normalisation computed from the training split (and,
 * for LGG, the patients of each split). A resumed or reused run must find the same.
 */
@JsonPropertyOrder({
    "train_images",
    "train_slices",
    "classes",
    "input",
    "normalization",
    "patients"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataDescription(
        Integer trainImages,
        Integer trainSlices,
        List<String> classes,
        List<Integer> input,
        Normalization normalization,
        Map<String, List<String>> patients) {

    /** Per-channel mean and standard deviation of the training split, in 0..1 pixel units. */
    @JsonPropertyOrder({"mean", "std"})
    public record Normalization(List<Double> mean, List<Double> std) {

        public static Normalization of(double[] mean, double[] std) {
            return new Normalization(
                    java.util.Arrays.stream(mean).boxed().toList(),
                    java.util.Arrays.stream(std).boxed().toList());
        }

        public double[] meanArray() {
            return mean.stream().mapToDouble(Double::doubleValue).toArray();
        }

        public double[] stdArray() {
            return std.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** (channels, height, width) of one input. */
    public int[] inputShape() {
        return input == null || input.size() != 3
                ? new int[3]
                : input.stream().mapToInt(Integer::intValue).toArray();
    }
}
