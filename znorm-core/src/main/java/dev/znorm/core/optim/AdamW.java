package dev.znorm.core.optim;

import dev.znorm.core.spec.MethodInfo;

/** torch.optim.AdamW: {@link Adam} with decoupled weight decay (torch's default 0.01). */
public final class AdamW {

    public static final double DEFAULT_WEIGHT_DECAY = 0.01;

    public static final MethodInfo SPEC =
            MethodInfo.optimizer("adamw", 20, "torch.optim.AdamW: decoupled decay w *= 1 - lr wd")
                    .javaApi("AdamW.builder()")
                    .main("lr")
                    .number("lr", Adam.DEFAULT_LR, "learning rate (the run's schedule scales it)")
                    .number("beta1", Adam.DEFAULT_BETA1, "first-moment decay")
                    .number("beta2", Adam.DEFAULT_BETA2, "second-moment decay")
                    .number("eps", Adam.DEFAULT_EPS, "added to sqrt(v_hat)")
                    .number("wd", DEFAULT_WEIGHT_DECAY, "decoupled weight decay")
                    .creates(
                            o ->
                                    builder()
                                            .lr(o.schedule("lr"))
                                            .betas(o.number("beta1"), o.number("beta2"))
                                            .eps(o.number("eps"))
                                            .weightDecay(o.number("wd"))
                                            .build());

    private AdamW() {}

    /** A builder preset to AdamW with weight decay 0.01, torch's default. */
    public static Adam.Builder builder() {
        return Adam.builder().decoupled().weightDecay(DEFAULT_WEIGHT_DECAY);
    }
}
