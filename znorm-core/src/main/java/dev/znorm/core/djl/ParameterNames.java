package dev.znorm.core.djl;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps DJL's per-run parameter ids to the stable structured names of a block's parameters ({@code
 * block.getParameters()} keys, e.g. {@code 01Conv2d_weight}), with their types.
 */
final class ParameterNames {

    record Entry(String name, Parameter.Type type) {}

    private final Map<String, Entry> byId = new HashMap<>();

    void bind(Block block) {
        byId.clear();
        for (Pair<String, Parameter> p : block.getParameters()) {
            byId.put(p.getValue().getId(), new Entry(p.getKey(), p.getValue().getType()));
        }
    }

    /** The entry of {@code id}, or null when it is not one of the bound block's parameters. */
    Entry get(String id) {
        return byId.get(id);
    }
}
