package dev.znorm.core.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies a transform to the selected parameters only; the others pass through bitwise unchanged
 * (optax's {@code masked}).
 */
public final class Masked implements GradientTransform {

    private final GradientTransform inner;
    private final ParamSelector selector;

    public Masked(GradientTransform inner, ParamSelector selector) {
        this.inner = inner;
        this.selector = selector;
    }

    public GradientTransform inner() {
        return inner;
    }

    public ParamSelector selector() {
        return selector;
    }

    private ParamSet selected(ParamSet params) {
        List<Param> chosen = new ArrayList<>();
        for (Param p : params) {
            if (selector.test(p)) {
                chosen.add(p);
            }
        }
        return ParamSet.of(chosen);
    }

    @Override
    public void init(ParamSet params, TransformState state) {
        inner.init(selected(params), state);
    }

    @Override
    public Updates update(Updates grads, TransformState state, ParamSet params) {
        List<String> chosen = new ArrayList<>();
        for (String name : grads.names()) {
            if (selector.test(params.get(name))) {
                chosen.add(name);
            }
        }
        if (chosen.isEmpty()) {
            return grads;
        }
        Updates changed = inner.update(grads.subset(chosen), state, params);
        return grads.map((name, g) -> chosen.contains(name) ? changed.get(name) : g);
    }

    @Override
    public void checkSelection(ParamSet all) {
        selector.requireAnyOf(all, name());
        inner.checkSelection(all);
    }

    @Override
    public boolean isGlobal() {
        return inner.isGlobal();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String stateKey() {
        return inner.stateKey();
    }

    @Override
    public String toString() {
        return inner + " on " + selector;
    }
}
