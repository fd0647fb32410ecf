package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.UpdateRule;
import dev.znorm.core.transform.Updates;

/**
 * Runs the wrapped optimizer step only when every gradient of the step is finite; otherwise the
 * step is skipped (zero updates, the wrapped state untouched) and counted in the counter {@code
 * skipped} (optax's {@code apply_if_finite}). Needs all gradients at once, so it runs with {@code
 * WholeStep}, not inside DJL's per-parameter callback.
 */
public final class SkipIfNonFinite implements UpdateRule {

    public static final String SKIPPED = "skipped";

    public static final MethodInfo SPEC =
            MethodInfo.wrapper(
                            "skip-non-finite",
                            10,
                            "skip the whole step (and count it) when any gradient is non-finite")
                    .appliesTo("wraps the chain (global: WholeStep)")
                    .javaApi("new SkipIfNonFinite(chain)")
                    .wraps((inner, o) -> new SkipIfNonFinite(inner));

    private final UpdateRule inner;

    public SkipIfNonFinite(UpdateRule inner) {
        this.inner = java.util.Objects.requireNonNull(inner, "inner");
    }

    public UpdateRule inner() {
        return inner;
    }

    /** Whether every entry of every gradient is finite. */
    public static boolean allFinite(Updates grads) {
        for (String name : grads.names()) {
            // A float64 sum of float32 values cannot overflow, so it is finite iff every entry is.
            try (NDArray sum = grads.get(name).toType(DataType.FLOAT64, false).sum()) {
                if (!Double.isFinite(sum.getDouble())) {
                    return false;
                }
            }
        }
        return true;
    }

    private TransformState innerState(TransformState state) {
        return state.scope("inner." + inner.stateKey());
    }

    @Override
    public void init(ParamSet params, TransformState state) {
        if (!state.hasCounter(SKIPPED)) {
            state.setCounter(SKIPPED, 0);
        }
        inner.init(params, innerState(state));
    }

    @Override
    public Updates update(Updates grads, TransformState state, ParamSet params) {
        if (allFinite(grads)) {
            return inner.update(grads, innerState(state), params);
        }
        state.setCounter(SKIPPED, state.counter(SKIPPED) + 1);
        return grads.map((name, g) -> g.zerosLike());
    }

    @Override
    public void apply(Updates grads, TransformState state, ParamSet params) {
        if (allFinite(grads)) {
            inner.apply(grads, innerState(state), params);
        } else {
            state.setCounter(SKIPPED, state.counter(SKIPPED) + 1);
        }
    }

    @Override
    public void checkSelection(ParamSet all) {
        inner.checkSelection(all);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String name() {
        return "skip-non-finite";
    }

    @Override
    public String stateKey() {
        return "skip-non-finite";
    }
}
