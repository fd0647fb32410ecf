package dev.znorm.core.optim;

/**
 * One Adam step's constants in the form both kernels take (float32, as DJL's native kernel receives
 * them): the learning rate, the step size with the bias corrections folded in, weight decay, the
 * betas, eps scaled by the second bias correction, and whether decay is decoupled.
 */
record AdamStepConstants(
        float rate,
        float rateBc,
        float weightDecay,
        float beta1,
        float beta2,
        float eps,
        boolean decoupled) {

    /** {@code 1 - beta} as the float32 kernels form it (exact: Sterbenz). */
    static double kernelComplement(double beta) {
        return 1.0 - (double) (float) beta;
    }

    /**
     * The factor between the kernels' moment and torch's, whose coefficient is float(1 - beta): see
     * {@link Adam} on why both paths keep the moments in the kernels' convention.
     */
    static double momentScale(double beta) {
        return kernelComplement(beta) / (double) (float) (1 - beta);
    }
}
