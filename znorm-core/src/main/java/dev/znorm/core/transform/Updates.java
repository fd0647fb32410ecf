package dev.znorm.core.transform;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Gradients on their way to becoming weight updates: an ordered map from parameter name to tensor.
 * Transforms return a new {@code Updates}; arrays they do not touch are shared.
 *
 * <p>Ownership: an array is <em>owned</em> when nothing outside the chain reads it after the step,
 * so a transform may write its result into it instead of allocating a new one (as a PyTorch user
 * writes ZNorm in place into {@code p.grad}). {@link #of} owns nothing: the arrays are the
 * caller's. {@link #owned} owns every array: the caller hands them over (the weights' own
 * gradients, cleared after the step anyway, or a copy made for this update alone). An array a
 * transform creates is owned by the chain from then on; one passed through keeps its ownership.
 *
 * <p>Own gradients: {@link #ownGradients} hands over the weights' own gradients, which the step
 * sets to zero after the optimizer has read them. An optimizer kernel that reads such an array for
 * the last time may write the zeros itself while the memory is in its cache, and says so with
 * {@link #cleared}; the caller clears the {@link #unclearedGradients} left. The record is shared by
 * every {@code Updates} derived from the first, and an array a transform replaces is no longer
 * among them (its replacement is not a weight's gradient).
 */
public final class Updates {

    private final Map<String, NDArray> arrays;
    private final Set<String> owned;

    /** The weights' own gradients not yet cleared, by identity; empty when there are none. */
    private final Set<NDArray> uncleared;

    private Updates(Map<String, NDArray> arrays, Set<String> owned) {
        this(arrays, owned, Set.of());
    }

    private Updates(Map<String, NDArray> arrays, Set<String> owned, Set<NDArray> uncleared) {
        this.arrays = arrays;
        this.owned = owned;
        this.uncleared = uncleared;
    }

    /** The caller's arrays: no transform may change them. */
    public static Updates of(Map<String, NDArray> arrays) {
        return new Updates(new LinkedHashMap<>(arrays), Set.of());
    }

    /** Arrays handed over to the chain, which may overwrite them (see the class comment). */
    public static Updates owned(Map<String, NDArray> arrays) {
        return new Updates(new LinkedHashMap<>(arrays), new HashSet<>(arrays.keySet()));
    }

    /**
     * The weights' own gradients, handed over to the chain like {@link #owned}; the caller sets
     * them to zero after the step, except those a kernel reports {@link #cleared}.
     */
    public static Updates ownGradients(Map<String, NDArray> gradients) {
        Set<NDArray> uncleared = Collections.newSetFromMap(new IdentityHashMap<>());
        uncleared.addAll(gradients.values());
        return new Updates(
                new LinkedHashMap<>(gradients), new HashSet<>(gradients.keySet()), uncleared);
    }

    public static Updates single(String name, NDArray array) {
        // built directly (no defensive copy): DJL's adapter makes one per parameter and step
        LinkedHashMap<String, NDArray> map = new LinkedHashMap<>(2);
        map.put(name, array);
        return new Updates(map, Set.of());
    }

    /** One array handed over to the chain. */
    public static Updates singleOwned(String name, NDArray array) {
        LinkedHashMap<String, NDArray> map = new LinkedHashMap<>(2);
        map.put(name, array);
        return new Updates(map, Set.of(name));
    }

    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no update for parameter '" + name + "'");
        }
        return a;
    }

    /** Whether a transform may write into the array of {@code name}. */
    public boolean isOwned(String name) {
        return owned.contains(name);
    }

    /**
     * Whether the array of {@code name} is a weight's own gradient that the step sets to zero once
     * the optimizer has read it: an optimizer may then zero it as it reads (and must say {@link
     * #cleared}), since nothing reads it after the optimizer.
     */
    public boolean clearsAfterReading(String name) {
        return !uncleared.isEmpty() && uncleared.contains(get(name));
    }

    /** Records that the optimizer has set the own gradient of {@code name} to zero. */
    public void cleared(String name) {
        if (!clearsAfterReading(name)) {
            throw new IllegalStateException(
                    "the array of '" + name + "' is not a weight's own gradient left to clear");
        }
        uncleared.remove(get(name));
    }

    /** The own gradients handed over by {@link #ownGradients} that no kernel has cleared. */
    public List<NDArray> unclearedGradients() {
        return new ArrayList<>(uncleared);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(arrays.keySet());
    }

    public int size() {
        return arrays.size();
    }

    /**
     * A copy in which every array is replaced by {@code fn(name, array)}. A new array is the
     * chain's own; an array passed through keeps its ownership.
     */
    public Updates map(BiFunction<String, NDArray, NDArray> fn) {
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        Set<String> nowOwned = new HashSet<>();
        arrays.forEach(
                (name, a) -> {
                    NDArray b = fn.apply(name, a);
                    out.put(name, b);
                    if (b != a || owned.contains(name)) {
                        nowOwned.add(name);
                    }
                });
        return new Updates(out, nowOwned, uncleared);
    }

    /** The arrays of {@code names} only, with their ownership. */
    public Updates subset(Collection<String> names) {
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        Set<String> keep = new HashSet<>();
        for (String name : names) {
            out.put(name, get(name));
            if (owned.contains(name)) {
                keep.add(name);
            }
        }
        return new Updates(out, keep, uncleared);
    }
}
