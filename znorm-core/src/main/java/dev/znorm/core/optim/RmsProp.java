package dev.znorm.core.optim;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.Checks;
import dev.znorm.core.schedule.Schedule;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.TransformState;

/** torch.optim.RMSprop, with its centred and momentum variants and L2 weight decay. */
public final class RmsProp extends PerParameterOptimizer {

    public static final double DEFAULT_LR = 1e-2;
    public static final double DEFAULT_ALPHA = 0.99;
    public static final double DEFAULT_EPS = 1e-8;

    public static final MethodInfo SPEC =
            MethodInfo.optimizer("rmsprop", 40, "torch.optim.RMSprop")
                    .javaApi("RmsProp.builder()")
                    .main("lr")
                    .number("lr", DEFAULT_LR, "learning rate (the run's schedule scales it)")
                    .number("alpha", DEFAULT_ALPHA, "smoothing constant")
                    .number("eps", DEFAULT_EPS, "added to the root mean square")
                    .number("momentum", 0, "momentum factor")
                    .flag("centered", false, "divide by the centred (variance) estimate")
                    .number("wd", 0, "L2 weight decay")
                    .creates(
                            o ->
                                    builder()
                                            .lr(o.schedule("lr"))
                                            .alpha(o.number("alpha"))
                                            .eps(o.number("eps"))
                                            .momentum(o.number("momentum"))
                                            .centered(o.flag("centered"))
                                            .weightDecay(o.number("wd"))
                                            .build());

    private static final String SQ = "square_avg";
    private static final String BUF = "momentum_buffer";
    private static final String GAVG = "grad_avg";
    private final double alpha;
    private final double eps;
    private final double momentum;
    private final boolean centered;

    private RmsProp(Builder b) {
        super(b.lr, b.weightDecay);
        this.alpha = b.alpha;
        this.eps = b.eps;
        this.momentum = b.momentum;
        this.centered = b.centered;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void initSlots(Param p, TransformState state) {
        state.putTensor(p.name(), SQ, p.value().zerosLike());
        if (momentum > 0) {
            state.putTensor(p.name(), BUF, p.value().zerosLike());
        }
        if (centered) {
            state.putTensor(p.name(), GAVG, p.value().zerosLike());
        }
    }

    @Override
    protected NDArray delta(Param p, NDArray grad, TransformState state, long step, double rate) {
        NDArray g = withL2(grad, p);
        NDArray sq = state.tensor(p.name(), SQ);
        sq.muli(alpha).addi(g.square().muli(1 - alpha));
        NDArray avg;
        if (centered) {
            NDArray gavg = state.tensor(p.name(), GAVG);
            gavg.muli(alpha).addi(g.mul(1 - alpha));
            avg = sq.sub(gavg.square()).sqrt();
        } else {
            avg = sq.sqrt();
        }
        avg.addi(eps);
        if (momentum > 0) {
            NDArray buf = state.tensor(p.name(), BUF);
            buf.muli(momentum).addi(g.div(avg));
            return buf.mul(-rate);
        }
        return g.div(avg).muli(-rate);
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public String stateKey() {
        return "rmsprop";
    }

    public double alpha() {
        return alpha;
    }

    public double eps() {
        return eps;
    }

    public double momentum() {
        return momentum;
    }

    public boolean centered() {
        return centered;
    }

    public static final class Builder {
        private Schedule lr = Schedule.constant(DEFAULT_LR);
        private double alpha = DEFAULT_ALPHA;
        private double eps = DEFAULT_EPS;

        private Builder() {}

        private double weightDecay;
        private double momentum;
        private boolean centered;

        public Builder lr(double lr) {
            this.lr = Schedule.constant(Checks.nonNegative("rmsprop lr", lr));
            return this;
        }

        public Builder lr(Schedule schedule) {
            this.lr = schedule;
            return this;
        }

        public Builder alpha(double alpha) {
            this.alpha = Checks.unitInterval("rmsprop alpha", alpha);
            return this;
        }

        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("rmsprop eps", eps);
            return this;
        }

        public Builder weightDecay(double weightDecay) {
            this.weightDecay = Checks.nonNegative("rmsprop weight decay", weightDecay);
            return this;
        }

        public Builder momentum(double momentum) {
            this.momentum = Checks.nonNegative("rmsprop momentum", momentum);
            return this;
        }

        public Builder centered(boolean centered) {
            this.centered = centered;
            return this;
        }

        public RmsProp build() {
            return new RmsProp(this);
        }
    }
}
