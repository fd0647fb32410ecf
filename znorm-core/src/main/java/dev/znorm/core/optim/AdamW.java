package dev.znorm.core.optim;

/** torch.optim.AdamW: {@link Adam} with decoupled weight decay (torch's default 0.01). */
public final class AdamW {

    private AdamW() {}

    /** A builder preset to AdamW with weight decay 0.01, torch's default. */
    public static Adam.Builder builder() {
        return Adam.builder().decoupled().weightDecay(0.01);
    }
}
