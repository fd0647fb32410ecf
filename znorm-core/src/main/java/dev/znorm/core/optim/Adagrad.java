package dev.znorm.core.optim;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.Checks;
import dev.znorm.core.schedule.Schedule;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.TransformState;

/**
 * torch.optim.Adagrad: {@code sum += g^2}, {@code w -= clr g / (sqrt(sum) + eps)} with {@code clr =
 * lr / (1 + (t-1) lr_decay)}, L2 weight decay, initial accumulator value.
 */
public final class Adagrad extends PerParameterOptimizer {

    public static final double DEFAULT_LR = 1e-2;
    public static final double DEFAULT_EPS = 1e-10;

    public static final MethodInfo SPEC =
            MethodInfo.optimizer("adagrad", 50, "torch.optim.Adagrad")
                    .javaApi("Adagrad.builder()")
                    .main("lr")
                    .number("lr", DEFAULT_LR, "learning rate (the run's schedule scales it)")
                    .number("lr-decay", 0, "clr = lr / (1 + (t - 1) lr_decay)")
                    .number("eps", DEFAULT_EPS, "added to sqrt(sum)")
                    .number("initial-accumulator", 0, "initial value of the sum of squares")
                    .number("wd", 0, "L2 weight decay")
                    .creates(
                            o ->
                                    builder()
                                            .lr(o.schedule("lr"))
                                            .lrDecay(o.number("lr-decay"))
                                            .eps(o.number("eps"))
                                            .initialAccumulatorValue(
                                                    o.number("initial-accumulator"))
                                            .weightDecay(o.number("wd"))
                                            .build());

    private static final String SUM = "sum";
    private final double lrDecay;
    private final double initialAccumulator;
    private final double eps;

    private Adagrad(Builder b) {
        super(b.lr, b.weightDecay);
        this.lrDecay = b.lrDecay;
        this.initialAccumulator = b.initialAccumulator;
        this.eps = b.eps;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void initSlots(Param p, TransformState state) {
        NDArray sum = p.value().zerosLike();
        if (initialAccumulator != 0) {
            sum.addi(initialAccumulator);
        }
        state.putTensor(p.name(), SUM, sum);
    }

    @Override
    protected NDArray delta(Param p, NDArray grad, TransformState state, long step, double rate) {
        NDArray g = withL2(grad, p);
        double clr = rate / (1 + (step - 1) * lrDecay);
        NDArray sum = state.tensor(p.name(), SUM);
        sum.addi(g.square());
        return g.div(sum.sqrt().addi(eps)).muli(-clr);
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public String stateKey() {
        return "adagrad";
    }

    public double lrDecay() {
        return lrDecay;
    }

    public double eps() {
        return eps;
    }

    public double initialAccumulatorValue() {
        return initialAccumulator;
    }

    public static final class Builder {
        private Schedule lr = Schedule.constant(DEFAULT_LR);
        private double lrDecay;
        private double weightDecay;
        private double initialAccumulator;
        private double eps = DEFAULT_EPS;

        private Builder() {}

        public Builder lr(double lr) {
            this.lr = Schedule.constant(Checks.nonNegative("adagrad lr", lr));
            return this;
        }

        public Builder lr(Schedule schedule) {
            this.lr = schedule;
            return this;
        }

        public Builder lrDecay(double lrDecay) {
            this.lrDecay = Checks.nonNegative("adagrad lr decay", lrDecay);
            return this;
        }

        public Builder weightDecay(double weightDecay) {
            this.weightDecay = Checks.nonNegative("adagrad weight decay", weightDecay);
            return this;
        }

        public Builder initialAccumulatorValue(double value) {
            this.initialAccumulator =
                    Checks.nonNegative("adagrad initial accumulator value", value);
            return this;
        }

        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("adagrad eps", eps);
            return this;
        }

        public Adagrad build() {
            return new Adagrad(this);
        }
    }
}
