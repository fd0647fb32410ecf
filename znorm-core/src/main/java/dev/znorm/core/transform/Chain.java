package dev.znorm.core.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Gradient transforms applied one after another (optax's {@code chain}), without an optimizer: a
 * building block for an {@link OptimizerChain}, or for measuring what transforms do.
 *
 * <p>Each member's state lives under the scope {@code <index>.<stateKey>}, so two members of the
 * same kind never share state.
 */
public final class Chain implements GradientTransform {

    private final List<GradientTransform> members;

    /** Each member's scope name, made once rather than at every step. */
    private final List<String> scopes;

    Chain(List<? extends GradientTransform> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one transform");
        }
        rejectOptimizers(members, members.size());
        this.members = List.copyOf(members);
        this.scopes = scopeNames(members);
    }

    /** Refuses an optimizer among the first {@code count} members: an optimizer comes last. */
    static void rejectOptimizers(List<? extends GradientTransform> members, int count) {
        for (int i = 0; i < count; i++) {
            if (members.get(i) instanceof UpdateRule) {
                throw new IllegalArgumentException(
                        "optimizer '"
                                + members.get(i).name()
                                + "' can only end a chain, but is at position "
                                + i
                                + " of "
                                + describe(members)
                                + "; write Transforms.chain(transforms..., optimizer)");
            }
        }
    }

    static String describe(List<? extends GradientTransform> members) {
        return members.stream().map(GradientTransform::name).collect(Collectors.joining("+"));
    }

    static String keys(List<? extends GradientTransform> members) {
        return members.stream().map(GradientTransform::stateKey).collect(Collectors.joining("+"));
    }

    /**
     * The scope each member's state lives in: its position and state key, {@code "1.adam"} (the
     * layout saved states and checkpoints use).
     */
    static List<String> scopeNames(List<? extends GradientTransform> members) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            names.add(i + "." + members.get(i).stateKey());
        }
        return List.copyOf(names);
    }

    public List<GradientTransform> members() {
        return members;
    }

    @Override
    public void init(ParamSet params, TransformState state) {
        for (int i = 0; i < members.size(); i++) {
            members.get(i).init(params, state.scope(scopes.get(i)));
        }
    }

    @Override
    public Updates update(Updates grads, TransformState state, ParamSet params) {
        Updates u = grads;
        for (int i = 0; i < members.size(); i++) {
            u = members.get(i).update(u, state.scope(scopes.get(i)), params);
        }
        return u;
    }

    @Override
    public void checkSelection(ParamSet all) {
        members.forEach(m -> m.checkSelection(all));
    }

    @Override
    public boolean isGlobal() {
        return members.stream().anyMatch(GradientTransform::isGlobal);
    }

    @Override
    public String name() {
        return describe(members);
    }

    @Override
    public String stateKey() {
        return keys(members);
    }

    @Override
    public String toString() {
        return name();
    }
}
