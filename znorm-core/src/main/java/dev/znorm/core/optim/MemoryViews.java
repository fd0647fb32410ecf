package dev.znorm.core.optim;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.transform.TensorMemory;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writable memory of each parameter's weight and optimizer slots, for the Java kernels: found
 * once (each lookup is a handful of native calls and a write-through probe) and used while those
 * arrays are the same objects and open. Loading a model or an optimizer state replaces the arrays,
 * and the next lookup finds the new ones.
 */
final class MemoryViews {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** The arrays last seen under one name, and their views (null: not writable from Java). */
    private record Entry(NDArray[] arrays, FloatBuffer[] views) {

        boolean isFor(NDArray[] others) {
            if (others.length != arrays.length) {
                return false;
            }
            for (int i = 0; i < arrays.length; i++) {
                if (arrays[i] != others[i] || arrays[i].isReleased()) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Views of {@code arrays}' own memory, in order, or null when one is not float32 CPU memory
     * Java can write into or their sizes differ.
     */
    FloatBuffer[] of(String name, NDArray... arrays) {
        Entry e = entries.get(name);
        if (e == null || !e.isFor(arrays)) {
            e = new Entry(arrays.clone(), find(arrays));
            entries.put(name, e);
        }
        return e.views;
    }

    private static FloatBuffer[] find(NDArray[] arrays) {
        long size = arrays[0].size();
        FloatBuffer[] views = new FloatBuffer[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            if (!TensorMemory.applies(arrays[i]) || arrays[i].size() != size) {
                return null;
            }
            views[i] = TensorMemory.writable(arrays[i]);
            if (views[i] == null) {
                return null;
            }
        }
        return views;
    }
}
