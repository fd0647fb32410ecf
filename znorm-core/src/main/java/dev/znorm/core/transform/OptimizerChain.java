package dev.znorm.core.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient transforms followed by an optimizer: a complete optimizer step, typed as one, so that
 * "ends with an optimizer" is a fact of the type rather than a check at run time. {@link #apply}
 * runs the transforms and then the rule's in-place step.
 *
 * <p>State scopes are {@code <index>.<stateKey>} over transforms and rule together (the rule's
 * index is the number of transforms), which is the layout saved states and checkpoints use.
 *
 * <pre>{@code
 * OptimizerChain opt = Transforms.chain(ZNorm.create(), Adam.builder().lr(1e-3).build());
 * config.optOptimizer(DjlOptimizer.of(opt));
 * }</pre>
 */
public final class OptimizerChain implements UpdateRule {

    private final List<GradientTransform> transforms;
    private final UpdateRule rule;
    private final List<GradientTransform> all;

    /** Each member's scope name, made once rather than at every step. */
    private final List<String> scopes;

    OptimizerChain(List<? extends GradientTransform> transforms, UpdateRule rule) {
        Chain.rejectOptimizers(transforms, transforms.size());
        this.transforms = List.copyOf(transforms);
        this.rule = java.util.Objects.requireNonNull(rule, "optimizer");
        List<GradientTransform> members = new ArrayList<>(transforms);
        members.add(rule);
        this.all = List.copyOf(members);
        this.scopes = Chain.scopeNames(all);
    }

    /** The gradient transforms, in order, before the optimizer. */
    public List<GradientTransform> transforms() {
        return transforms;
    }

    /** The optimizer that ends the chain. */
    public UpdateRule rule() {
        return rule;
    }

    @Override
    public void init(ParamSet params, TransformState state) {
        for (int i = 0; i < all.size(); i++) {
            all.get(i).init(params, state.scope(scopes.get(i)));
        }
    }

    private Updates transformed(Updates grads, TransformState state, ParamSet params) {
        Updates u = grads;
        for (int i = 0; i < transforms.size(); i++) {
            u = transforms.get(i).update(u, state.scope(scopes.get(i)), params);
        }
        return u;
    }

    @Override
    public Updates update(Updates grads, TransformState state, ParamSet params) {
        return rule.update(
                transformed(grads, state, params),
                state.scope(scopes.get(transforms.size())),
                params);
    }

    @Override
    public void apply(Updates grads, TransformState state, ParamSet params) {
        rule.apply(
                transformed(grads, state, params),
                state.scope(scopes.get(transforms.size())),
                params);
    }

    @Override
    public void checkSelection(ParamSet params) {
        all.forEach(m -> m.checkSelection(params));
    }

    @Override
    public boolean isGlobal() {
        return all.stream().anyMatch(GradientTransform::isGlobal);
    }

    @Override
    public String name() {
        return Chain.describe(all);
    }

    @Override
    public String stateKey() {
        return Chain.keys(all);
    }

    @Override
    public String toString() {
        return name();
    }
}
