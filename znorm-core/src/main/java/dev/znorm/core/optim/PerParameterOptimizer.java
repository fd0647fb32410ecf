package dev.znorm.core.optim;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.schedule.Schedule;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.UpdateRule;
import dev.znorm.core.transform.Updates;

/**
 * The frame shared by the torch.optim optimizers: each parameter has its own step count (as torch's
 * {@code state['step']}) and its own state slots; the learning rate comes from a {@link Schedule}
 * evaluated at the parameter's step count.
 */
abstract class PerParameterOptimizer implements UpdateRule {

    static final String STEP = "step";
    protected final Schedule lr;
    protected final double weightDecay;

    PerParameterOptimizer(Schedule lr, double weightDecay) {
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    /** The learning rate as a function of the step count. */
    public final Schedule learningRate() {
        return lr;
    }

    /** The L2 (or, for AdamW, decoupled) weight decay. */
    public final double weightDecay() {
        return weightDecay;
    }

    /** Creates the slots of one parameter; called once per parameter. */
    protected abstract void initSlots(Param p, TransformState state);

    /**
     * Advances the state of {@code p} by one step and returns the delta to add to its weight.
     * {@code step} is the 1-based step count, {@code rate} the learning rate of this step.
     */
    protected abstract NDArray delta(
            Param p, NDArray grad, TransformState state, long step, double rate);

    @Override
    public void init(ParamSet params, TransformState state) {
        for (Param p : params) {
            if (!state.hasCounter(p.name(), STEP)) {
                state.setCounter(p.name(), STEP, 0);
                initSlots(p, state);
            }
        }
    }

    /** Increments and returns the 1-based step count of {@code name}. */
    protected final long nextStep(String name, TransformState state) {
        long step = state.counter(name, STEP) + 1;
        state.setCounter(name, STEP, step);
        return step;
    }

    protected final double rateAt(long step) {
        double rate = lr.at(step - 1);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalStateException(
                    name()
                            + ": the schedule gave learning rate "
                            + rate
                            + " at step "
                            + step
                            + "; it must be a finite number >= 0");
        }
        return rate;
    }

    /**
     * Steps {@code p} in place in one pass if a kernel can (Adam's and SGD's Java kernels), having
     * advanced its state, and zeroes {@code grad} as it reads it if {@code zeroGrad} asks and it
     * can write there; NOT_TAKEN, having changed nothing, and {@link #apply} adds {@link #delta}.
     */
    protected InPlaceStep stepInPlace(
            Param p, NDArray grad, boolean zeroGrad, TransformState state, long step, double rate) {
        return InPlaceStep.NOT_TAKEN;
    }

    /**
     * Steps every weight: {@link #stepInPlace} where it can, else by adding {@link #delta}. A
     * weight's own gradient that the caller clears after the step ({@link
     * Updates#clearsAfterReading}) the kernel zeroes as it reads, and reports.
     */
    @Override
    public void apply(Updates grads, TransformState state, ParamSet params) {
        for (String name : grads.names()) {
            Param p = params.get(name);
            NDArray grad = grads.get(name);
            long step = nextStep(name, state);
            double rate = rateAt(step);
            boolean zero = grads.clearsAfterReading(name);
            InPlaceStep done = stepInPlace(p, grad, zero, state, step, rate);
            if (done == InPlaceStep.NOT_TAKEN) {
                p.value().addi(delta(p, grad, state, step, rate));
            } else if (done == InPlaceStep.STEPPED_AND_ZEROED) {
                grads.cleared(name);
            }
        }
    }

    /** {@code grad + weightDecay * weight} (torch's L2 penalty), or {@code grad} without decay. */
    protected final NDArray withL2(NDArray grad, Param p) {
        return weightDecay == 0 ? grad : grad.add(p.value().mul(weightDecay));
    }

    @Override
    public Updates update(Updates grads, TransformState state, ParamSet params) {
        return grads.map(
                (name, g) -> {
                    long step = nextStep(name, state);
                    return delta(params.get(name), g, state, step, rateAt(step));
                });
    }
}
