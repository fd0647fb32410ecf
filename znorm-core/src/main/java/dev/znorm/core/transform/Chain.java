package dev.znorm.core.transform;

import dev.znorm.core.djl.DjlOptimizer;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Transforms applied one after another (optax's {@code chain}). When the last one is an
 * {@link UpdateRule} the chain is a complete optimizer: {@link #apply} runs the gradient
 * transforms and then the rule's in-place step, and {@link #asDjl()} plugs it into DJL.
 *
 * <p>Each member's state lives under the scope {@code <index>.<name>}, so two members of the
 * same kind never share state.
 */
public final class Chain implements UpdateRule {

    private final List<GradientTransform> members;

    public Chain(List<GradientTransform> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one transform");
        }
        for (int i = 0; i < members.size() - 1; i++) {
            if (members.get(i) instanceof UpdateRule && !(members.get(i) instanceof Chain)) {
                throw new IllegalArgumentException("optimizer '" + members.get(i).name()
                        + "' must be the last transform of a chain, but is at position " + i
                        + " of " + describe(members));
            }
        }
        this.members = List.copyOf(members);
    }

    public List<GradientTransform> members() {
        return members;
    }

    private static String describe(List<GradientTransform> members) {
        return members.stream().map(GradientTransform::name).collect(Collectors.joining("+"));
    }

    private TransformState scopeOf(int i, TransformState state) {
        return state.scope(i + "." + members.get(i).name());
    }

    @Override
    public void init(ParamSet params, TransformState state) {
        for (int i = 0; i < members.size(); i++) {
            members.get(i).init(params, scopeOf(i, state));
        }
    }

    @Override
    public Updates update(Updates grads, TransformState state, ParamSet params) {
        Updates u = grads;
        for (int i = 0; i < members.size(); i++) {
            u = members.get(i).update(u, scopeOf(i, state), params);
        }
        return u;
    }

    /** Whether the last member is an optimizer, so that {@link #apply} can change the weights. */
    public boolean hasUpdateRule() {
        return members.get(members.size() - 1) instanceof UpdateRule;
    }

    @Override
    public void apply(Updates grads, TransformState state, ParamSet params) {
        int last = members.size() - 1;
        if (!(members.get(last) instanceof UpdateRule rule)) {
            throw new IllegalStateException("the chain " + name() + " ends with '"
                    + members.get(last).name() + "', not an optimizer: add one (e.g. adam) last");
        }
        Updates u = grads;
        for (int i = 0; i < last; i++) {
            u = members.get(i).update(u, scopeOf(i, state), params);
        }
        rule.apply(u, scopeOf(last, state), params);
    }

    @Override
    public boolean zeroesGradients() {
        return members.get(members.size() - 1) instanceof UpdateRule rule && rule.zeroesGradients();
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

    /** This chain as a DJL optimizer for {@code DefaultTrainingConfig.optOptimizer(...)}. */
    public DjlOptimizer asDjl() {
        return DjlOptimizer.of(this);
    }

    @Override
    public String toString() {
        return name();
    }
}
