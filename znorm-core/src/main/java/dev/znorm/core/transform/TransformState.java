package dev.znorm.core.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The explicit state of a transform chain: tensors (moment estimates, momentum buffers) and
 * counters (step counts, skipped steps), each under a key that is stable across runs.
 *
 * <p>Keys have the form {@code <scope>/<parameter name>/<slot>} for tensors and {@code
 * <scope>/<counter>} for counters, where the scope is the transform's position and name in its
 * chain (for example {@code 1.adam}). One object holds the state of a whole chain; each transform
 * sees a {@link #scope(String) scoped view}. The whole state is saved and loaded exactly by {@code
 * dev.znorm.core.state.StateIO}.
 *
 * <p>Tensors held here are owned by the state: they are unregistered from any {@link NDScope} so a
 * step's scope does not close them, and {@link #close()} frees them.
 */
public final class TransformState implements AutoCloseable {

    private final Map<String, NDArray> tensors;
    private final Map<String, Long> counters;
    private final Map<String, Double> metrics;
    private final Set<String> lazy;
    private final String prefix;
    private final Map<String, TransformState> views = new HashMap<>();
    private final Map<String, Map<String, String>> keys = new HashMap<>();

    /**
     * Hash maps: every optimizer step looks up each parameter's slots and step count (about a
     * thousand lookups a step for a ResNet-56), and keys share long prefixes, which made each
     * sorted-map lookup a dozen long string comparisons. The views below sort on request.
     */
    public TransformState() {
        this(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashSet<>(), "");
    }

    private TransformState(
            Map<String, NDArray> tensors,
            Map<String, Long> counters,
            Map<String, Double> metrics,
            Set<String> lazy,
            String prefix) {
        this.tensors = tensors;
        this.counters = counters;
        this.metrics = metrics;
        this.lazy = lazy;
        this.prefix = prefix;
    }

    /**
     * A view whose keys are placed under {@code child}; it shares storage with this state. Views
     * are kept, so a chain asking for the same scope every step does not build it again.
     */
    public TransformState scope(String child) {
        return views.computeIfAbsent(
                child, c -> new TransformState(tensors, counters, metrics, lazy, prefix + c + "/"));
    }

    /**
     * The full key of {@code param}'s {@code slot}, built once: an optimizer looks up several per
     * parameter per step, and building each string anew (and hashing it) cost more than the
     * lookups.
     */
    private String key(String param, String slot) {
        Map<String, String> slots = keys.get(param);
        if (slots == null) {
            slots = new HashMap<>();
            keys.put(param, slots);
        }
        String key = slots.get(slot);
        if (key == null) {
            key = prefix + param + "/" + slot;
            slots.put(slot, key);
        }
        return key;
    }

    public boolean hasTensor(String param, String slot) {
        return tensors.containsKey(key(param, slot));
    }

    public NDArray tensor(String param, String slot) {
        NDArray a = tensors.get(key(param, slot));
        if (a == null) {
            throw new IllegalStateException(
                    "no state '"
                            + key(param, slot)
                            + "': the transform was not initialised for"
                            + " parameter '"
                            + param
                            + "'");
        }
        return a;
    }

    /** Stores {@code array} (taking ownership) and closes any array it replaces. */
    public void putTensor(String param, String slot, NDArray array) {
        putTensorByKey(key(param, slot), array);
    }

    public long counter(String name) {
        return counters.getOrDefault(prefix + name, 0L);
    }

    /** The counter {@code slot} of {@code param} (the key {@code param/slot}), 0 if unset. */
    public long counter(String param, String slot) {
        return counters.getOrDefault(key(param, slot), 0L);
    }

    public void setCounter(String param, String slot, long value) {
        counters.put(key(param, slot), value);
    }

    public boolean hasCounter(String param, String slot) {
        return counters.containsKey(key(param, slot));
    }

    public void setCounter(String name, long value) {
        counters.put(prefix + name, value);
    }

    public boolean hasCounter(String name) {
        return counters.containsKey(prefix + name);
    }

    /** Records a diagnostic value of the last step (not saved with the state). */
    public void setMetric(String name, double value) {
        metrics.put(prefix + name, value);
    }

    /**
     * Declares a slot that is created at the first step rather than at init (as torch creates SGD's
     * momentum buffer), so a state saved before that step is still complete.
     */
    public void declareLazy(String param, String slot) {
        lazy.add(key(param, slot));
    }

    /** Whether the tensor under this full key is created lazily (see {@link #declareLazy}). */
    public boolean isLazy(String fullKey) {
        return lazy.contains(fullKey);
    }

    /** Every diagnostic metric of the whole state, by full key, sorted (a copy). */
    public Map<String, Double> allMetrics() {
        return Collections.unmodifiableMap(new TreeMap<>(metrics));
    }

    /** Every tensor of the whole state (not only this view), by full key, sorted (a copy). */
    public Map<String, NDArray> allTensors() {
        return Collections.unmodifiableMap(new TreeMap<>(tensors));
    }

    /** Every counter of the whole state, by full key, sorted (a copy). */
    public Map<String, Long> allCounters() {
        return Collections.unmodifiableMap(new TreeMap<>(counters));
    }

    /**
     * Stores a tensor under its full key (state loading uses it directly), taking it out of any
     * NDScope and closing the one it replaces.
     */
    public void putTensorByKey(String fullKey, NDArray array) {
        NDScope.unregister(array);
        NDArray old = tensors.put(fullKey, array);
        if (old != null && old != array) {
            old.close();
        }
    }

    /** Used by state loading: sets a counter under its full key. */
    public void putCounterByKey(String fullKey, long value) {
        counters.put(fullKey, value);
    }

    @Override
    public void close() {
        if (!prefix.isEmpty()) {
            return; // a view does not own the storage
        }
        tensors.values().forEach(NDArray::close);
        tensors.clear();
        counters.clear();
    }
}
