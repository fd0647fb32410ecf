package dev.znorm.core.optim;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.Checks;
import dev.znorm.core.schedule.Schedule;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.TransformState;

/**
 * torch.optim.Adam and, with {@link Builder#decoupled()}, torch.optim.AdamW.
 *
 * <p>Per step t: {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2}, {@code w -= lr /
 * (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}; Adam adds the L2 term {@code wd * w} to g first,
 * AdamW multiplies w by {@code 1 - lr wd} instead (torch's order).
 *
 * <p>Fused (the default), the step is one pass per tensor: in Java on float32 CPU memory ({@link
 * DirectAdamKernel}, which reads and writes each array once), else one native call (DJL's {@code
 * adamUpdate}, e.g. on a GPU). Both fold bias correction into the rate: passing {@code lr
 * sqrt(1-b2^t) / (1-b1^t)} as the rate and {@code eps sqrt(1-b2^t)} as eps computes torch's formula
 * exactly, since {@code m / (sqrt(v)/s + eps) = s m / (sqrt(v) + eps s)}. The golden tests check
 * every path against PyTorch.
 *
 * <p>One subtlety makes this exact to float32 precision rather than to 1e-5: the kernel takes its
 * betas as float32 and forms {@code 1 - b2} in float32, which for b2 = 0.999 is 1.3e-5 away from
 * the {@code 0.001} torch uses. Since both moments are linear recurrences with the same decay, the
 * kernel's moments are torch's times constant factors {@code k1 = (1-b1f)/(1-b1)} and {@code k2 =
 * (1-b2f)/(1-b2)}; the step size and eps passed to it are corrected by those factors. Both paths
 * keep the moments in this convention, so a state saved by one resumes in the other; they differ
 * from torch's {@code state_dict} values by k1, k2 (1 + 2e-7, 1 + 1.3e-5 at the defaults).
 */
public final class Adam extends PerParameterOptimizer {

    public static final double DEFAULT_LR = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;

    public static final MethodInfo SPEC =
            MethodInfo.optimizer(
                            "adam",
                            10,
                            "torch.optim.Adam; L2 weight decay added to the (transformed) gradient")
                    .javaApi("Adam.builder()")
                    .main("lr")
                    .number("lr", DEFAULT_LR, "learning rate (the run's schedule scales it)")
                    .number("beta1", DEFAULT_BETA1, "first-moment decay")
                    .number("beta2", DEFAULT_BETA2, "second-moment decay")
                    .number("eps", DEFAULT_EPS, "added to sqrt(v_hat)")
                    .number("wd", 0, "L2 weight decay")
                    .creates(
                            o ->
                                    builder()
                                            .lr(o.schedule("lr"))
                                            .betas(o.number("beta1"), o.number("beta2"))
                                            .eps(o.number("eps"))
                                            .weightDecay(o.number("wd"))
                                            .build());

    private static final String M = "exp_avg";
    private static final String V = "exp_avg_sq";
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean decoupled;
    private final boolean fused;
    private final DirectAdamKernel direct = new DirectAdamKernel();

    private Adam(Builder b) {
        super(b.lr, b.weightDecay);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.decoupled = b.decoupled;
        this.fused = b.fused;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void initSlots(Param p, TransformState state) {
        state.putTensor(p.name(), M, p.value().zerosLike());
        state.putTensor(p.name(), V, p.value().zerosLike());
    }

    private double[] biasCorrections(long step) {
        return new double[] {
            1 - Math.pow(beta1, (double) step), 1 - Math.pow(beta2, (double) step)
        };
    }

    @Override
    protected NDArray delta(Param p, NDArray grad, TransformState state, long step, double rate) {
        NDArray g = decoupled ? grad : withL2(grad, p);
        NDArray m = state.tensor(p.name(), M);
        NDArray v = state.tensor(p.name(), V);
        m.muli((float) beta1).addi(g.mul((float) AdamStepConstants.kernelComplement(beta1)));
        v.muli((float) beta2)
                .addi(g.square().muli((float) AdamStepConstants.kernelComplement(beta2)));
        double[] bc = biasCorrections(step);
        NDArray denom =
                v.sqrt().divi(Math.sqrt(bc[1] * AdamStepConstants.momentScale(beta2))).addi(eps);
        NDArray delta = m.div(denom).muli(-rate / (bc[0] * AdamStepConstants.momentScale(beta1)));
        if (decoupled && weightDecay != 0) {
            delta.subi(p.value().mul(rate * weightDecay));
        }
        return delta;
    }

    /**
     * One pass per tensor: in Java on CPU memory, else DJL's native kernel on the PyTorch engine;
     * NOT_TAKEN (not fused, or neither applies) for the NDArray path. The Java kernel zeroes the
     * gradient as it reads it when {@code zeroGrad} asks.
     */
    @Override
    protected InPlaceStep stepInPlace(
            Param p, NDArray grad, boolean zeroGrad, TransformState state, long step, double rate) {
        if (!fused) {
            return InPlaceStep.NOT_TAKEN;
        }
        String name = p.name();
        NDArray w = p.value();
        AdamStepConstants c = kernelConstants(step, rate);
        NDArray m = state.tensor(name, M);
        NDArray v = state.tensor(name, V);
        InPlaceStep done = direct.step(name, w, grad, m, v, c, zeroGrad);
        if (done != InPlaceStep.NOT_TAKEN) {
            return done;
        }
        if (FusedAdamKernel.applies(w, grad)) {
            // it also zeroes w's gradient natively, which the caller then does again: on a GPU
            // one cheap call per tensor, against every caller having to know which path ran
            FusedAdamKernel.step(w, grad, m, v, c);
            return InPlaceStep.STEPPED;
        }
        return InPlaceStep.NOT_TAKEN;
    }

    /** The step's constants in the kernels' form (bias corrections folded in; see the class). */
    private AdamStepConstants kernelConstants(long step, double rate) {
        double[] bc = biasCorrections(step);
        double s = Math.sqrt(bc[1] * AdamStepConstants.momentScale(beta2));
        return new AdamStepConstants(
                (float) rate,
                (float) (rate * s / (bc[0] * AdamStepConstants.momentScale(beta1))),
                (float) weightDecay,
                (float) beta1,
                (float) beta2,
                (float) (eps * s),
                decoupled);
    }

    @Override
    public String name() {
        return decoupled ? "adamw" : "adam";
    }

    @Override
    public String stateKey() {
        return decoupled ? "adamw" : "adam";
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double eps() {
        return eps;
    }

    public boolean decoupled() {
        return decoupled;
    }

    public boolean fused() {
        return fused;
    }

    public static final class Builder {
        private Schedule lr = Schedule.constant(DEFAULT_LR);
        private double beta1 = DEFAULT_BETA1;
        private double beta2 = DEFAULT_BETA2;
        private double eps = DEFAULT_EPS;
        private double weightDecay;
        private boolean decoupled;
        private boolean fused = true;

        Builder() {}

        public Builder lr(double lr) {
            this.lr = Schedule.constant(Checks.nonNegative("adam lr", lr));
            return this;
        }

        public Builder lr(Schedule schedule) {
            this.lr = schedule;
            return this;
        }

        public Builder betas(double beta1, double beta2) {
            this.beta1 = Checks.unitInterval("adam beta1", beta1);
            this.beta2 = Checks.unitInterval("adam beta2", beta2);
            return this;
        }

        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("adam eps", eps);
            return this;
        }

        public Builder weightDecay(double weightDecay) {
            this.weightDecay = Checks.nonNegative("adam weight decay", weightDecay);
            return this;
        }

        /** Decoupled weight decay: torch.optim.AdamW. */
        public Builder decoupled() {
            this.decoupled = true;
            return this;
        }

        /**
         * Whether to step each tensor in one pass (default true): in Java on float32 CPU memory,
         * else DJL's native kernel on the PyTorch engine; false runs NDArray operations.
         */
        public Builder fused(boolean fused) {
            this.fused = fused;
            return this;
        }

        public Adam build() {
            return new Adam(this);
        }
    }
}
