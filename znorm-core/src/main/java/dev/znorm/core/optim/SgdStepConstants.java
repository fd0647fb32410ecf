package dev.znorm.core.optim;

/**
 * One SGD step's constants in float32, as libtorch's kernels receive torch.optim.SGD's scalars: the
 * learning rate, L2 decay, momentum, {@code 1 - dampening}, Nesterov, and whether this is the
 * momentum buffer's first step (torch then sets the buffer to the gradient itself).
 */
record SgdStepConstants(
        float rate,
        float weightDecay,
        float momentum,
        float dampingComplement,
        boolean nesterov,
        boolean firstStep) {}
