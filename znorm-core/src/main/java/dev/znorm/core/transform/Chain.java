package dev.znorm.core.transform;

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

    Chain(List<? extends GradientTransform> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one transform");
        }
        rejectOptimizers(members, members.size());
        this.members = List.copyOf(members);
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

    /** The view of {@code state} that member {@code i} of {@code members} works in. */
    static TransformState scopeOf(
            List<? extends GradientTransform> members, int i, TransformState state) {
        return state.scope(scopeName(i, members.get(i)));
    }

    /** The scope name of member {@code i}: its position and state key, {@code "1.adam"}. */
    static String scopeName(int i, GradientTransform member) {
        return i + "." + member.stateKey();
    }

    public List<GradientTransform> members() {
        return members;
    }

    @Override
    public void init(ParamSet params, TransformState state) {
        for (int i = 0; i < members.size(); i++) {
            members.get(i).init(params, scopeOf(members, i, state));
        }
    }

    @Override
    public Updates update(Updates grads, TransformState state, ParamSet params) {
        Updates u = grads;
        for (int i = 0; i < members.size(); i++) {
            u = members.get(i).update(u, scopeOf(members, i, state), params);
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
