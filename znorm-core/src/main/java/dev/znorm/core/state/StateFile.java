package dev.znorm.core.state;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The contents of one state file: named tensors, named counters and text metadata (for a
 * checkpoint, the machine and versions that wrote it). Tensors belong to the manager they were read
 * into.
 */
public record StateFile(
        Map<String, NDArray> tensors, Map<String, Long> counters, Map<String, String> metadata) {

    public StateFile {
        tensors = Map.copyOf(tensors);
        counters = Map.copyOf(counters);
        metadata = Map.copyOf(metadata);
    }
}
