package dev.znorm.core.transform;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Gradients on their way to becoming weight updates: an ordered map from parameter name to tensor.
 * Transforms return a new {@code Updates}; arrays they do not touch are shared.
 */
public final class Updates {

    private final Map<String, NDArray> arrays;

    private Updates(Map<String, NDArray> arrays) {
        this.arrays = arrays;
    }

    public static Updates of(Map<String, NDArray> arrays) {
        return new Updates(new LinkedHashMap<>(arrays));
    }

    public static Updates single(String name, NDArray array) {
        LinkedHashMap<String, NDArray> map = new LinkedHashMap<>();
        map.put(name, array);
        return new Updates(map);
    }

    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no update for parameter '" + name + "'");
        }
        return a;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(arrays.keySet());
    }

    public int size() {
        return arrays.size();
    }

    /** A copy in which every array is replaced by {@code fn(name, array)}. */
    public Updates map(BiFunction<String, NDArray, NDArray> fn) {
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        arrays.forEach((name, a) -> out.put(name, fn.apply(name, a)));
        return new Updates(out);
    }
}
