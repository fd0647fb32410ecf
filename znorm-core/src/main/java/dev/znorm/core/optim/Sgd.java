package dev.znorm.core.optim;

import ai.djl.ndarray.NDArray;
import dev.znorm.core.Checks;
import dev.znorm.core.schedule.Schedule;
import dev.znorm.core.spec.MethodInfo;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.TransformState;

/**
 * torch.optim.SGD: L2 weight decay, momentum with dampening (the buffer starts as the first
 * gradient, as in torch), Nesterov momentum.
 */
public final class Sgd extends PerParameterOptimizer {

    /** torch.optim.SGD's default learning rate (torch 2.x). */
    public static final double DEFAULT_LR = 1e-3;

    public static final MethodInfo SPEC =
            MethodInfo.optimizer(
                            "sgd",
                            30,
                            "torch.optim.SGD; the momentum buffer starts as the first gradient")
                    .javaApi("Sgd.builder()")
                    .main("lr")
                    .number("lr", DEFAULT_LR, "learning rate (the run's schedule scales it)")
                    .number("momentum", 0, "momentum factor")
                    .number("dampening", 0, "dampening of the momentum")
                    .flag("nesterov", false, "Nesterov momentum (needs momentum > 0, dampening 0)")
                    .number("wd", 0, "L2 weight decay")
                    .creates(
                            o ->
                                    builder()
                                            .lr(o.schedule("lr"))
                                            .momentum(o.number("momentum"))
                                            .dampening(o.number("dampening"))
                                            .nesterov(o.flag("nesterov"))
                                            .weightDecay(o.number("wd"))
                                            .build());

    private static final String BUF = "momentum_buffer";
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final DirectSgdKernel direct = new DirectSgdKernel();

    private Sgd(Builder b) {
        super(b.lr, b.weightDecay);
        this.momentum = b.momentum;
        this.dampening = b.dampening;
        this.nesterov = b.nesterov;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void initSlots(Param p, TransformState state) {
        // torch creates the momentum buffer at the first step, from that step's gradient
        state.declareLazy(p.name(), BUF);
    }

    @Override
    protected NDArray delta(Param p, NDArray grad, TransformState state, long step, double rate) {
        NDArray d = withL2(grad, p);
        if (momentum != 0) {
            NDArray buf;
            if (!state.hasTensor(p.name(), BUF)) {
                buf = d.duplicate();
                state.putTensor(p.name(), BUF, buf);
            } else {
                buf = state.tensor(p.name(), BUF);
                buf.muli(momentum).addi(dampening == 0 ? d : d.mul(1 - dampening));
            }
            d = nesterov ? d.add(buf.mul(momentum)) : buf;
        }
        return d.mul(-rate);
    }

    /** One Java pass on float32 CPU memory ({@link DirectSgdKernel}); NOT_TAKEN elsewhere. */
    @Override
    protected InPlaceStep stepInPlace(
            Param p, NDArray grad, boolean zeroGrad, TransformState state, long step, double rate) {
        boolean first = momentum != 0 && !state.hasTensor(p.name(), BUF);
        NDArray buf =
                momentum == 0 ? null : first ? p.value().zerosLike() : state.tensor(p.name(), BUF);
        SgdStepConstants c =
                new SgdStepConstants(
                        (float) rate,
                        (float) weightDecay,
                        (float) momentum,
                        (float) (1 - dampening),
                        nesterov,
                        first);
        InPlaceStep done = direct.step(p.name(), p.value(), grad, buf, c, zeroGrad);
        if (first) {
            if (done == InPlaceStep.NOT_TAKEN) {
                buf.close();
            } else {
                state.putTensor(p.name(), BUF, buf);
            }
        }
        return done;
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public String stateKey() {
        return "sgd";
    }

    public double momentum() {
        return momentum;
    }

    public double dampening() {
        return dampening;
    }

    public boolean nesterov() {
        return nesterov;
    }

    public static final class Builder {
        private Schedule lr = Schedule.constant(DEFAULT_LR);

        private Builder() {}

        private double momentum;
        private double dampening;
        private double weightDecay;
        private boolean nesterov;

        public Builder lr(double lr) {
            this.lr = Schedule.constant(Checks.nonNegative("sgd lr", lr));
            return this;
        }

        public Builder lr(Schedule schedule) {
            this.lr = schedule;
            return this;
        }

        public Builder momentum(double momentum) {
            this.momentum = Checks.nonNegative("sgd momentum", momentum);
            return this;
        }

        public Builder dampening(double dampening) {
            this.dampening = Checks.inRange("sgd dampening", dampening, 0, 1);
            return this;
        }

        public Builder weightDecay(double weightDecay) {
            this.weightDecay = Checks.nonNegative("sgd weight decay", weightDecay);
            return this;
        }

        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        public Sgd build() {
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException(
                        "sgd: Nesterov momentum requires momentum > 0"
                                + " and dampening = 0 (got momentum "
                                + momentum
                                + ", dampening "
                                + dampening
                                + ")");
            }
            return new Sgd(this);
        }
    }
}
