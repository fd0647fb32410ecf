package dev.znorm.experiment.run;

import ai.djl.nn.Block;

/**
 * Where a program may look into a run without a loop of its own: after the network is initialised
 * (before the first step of a fresh run) and after every backward pass, before the optimizer step,
 * when the raw gradients are in place. The gradient study uses both.
 */
public interface RunHooks {

    RunHooks NONE = new RunHooks() {};

    /** The network is initialised and the run starts from step 0; a hook may set its weights. */
    default void initialized(Block net) {}

    /**
     * The raw gradients of {@code step} are in the parameters (not called for a skipped, non-finite
     * step).
     */
    default void backward(long step, Block net) {}
}
