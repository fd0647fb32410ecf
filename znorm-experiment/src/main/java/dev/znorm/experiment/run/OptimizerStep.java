package dev.znorm.experiment.run;

import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import dev.znorm.core.djl.DjlOptimizer;
import dev.znorm.core.djl.WholeStep;
import dev.znorm.core.method.SkipIfNonFinite;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.UpdateRule;

/**
 * The optimizer step of a run, whichever way the chain must run: inside DJL's {@code
 * trainer.step()} as a {@link DjlOptimizer}, or as a {@link WholeStep} for chains that need every
 * gradient at once (global-norm clipping, skip-if-non-finite, AGC with its head).
 */
final class OptimizerStep implements AutoCloseable {

    private final DjlOptimizer djl;
    private final WholeStep whole;

    private OptimizerStep(DjlOptimizer djl, WholeStep whole) {
        this.djl = djl;
        this.whole = whole;
    }

    static OptimizerStep of(UpdateRule rule) {
        return rule.isGlobal()
                ? new OptimizerStep(null, new WholeStep(rule))
                : new OptimizerStep(DjlOptimizer.of(rule), null);
    }

    /**
     * Plugs the optimizer into DJL's config where it runs there (a WholeStep needs nothing:
     * trainer.step() is never called).
     */
    DefaultTrainingConfig configure(DefaultTrainingConfig config) {
        return djl == null ? config : config.optOptimizer(djl).addTrainingListeners(djl);
    }

    void step(Trainer trainer) {
        if (djl != null) {
            trainer.step();
        } else {
            whole.step(trainer);
        }
    }

    TransformState state() {
        return djl != null ? djl.state() : whole.state();
    }

    /**
     * Adopts a checkpoint's optimizer state after checking it against the model (closed on
     * failure).
     */
    void adopt(TransformState loaded, Block block, String source) {
        if (djl != null) {
            djl.loadState(loaded, block, source);
        } else {
            whole.loadState(loaded, block, source);
        }
    }

    /**
     * Steps skipped for non-finite gradients so far (skip-if-non-finite keeps the count in its
     * state).
     */
    long skippedByTransform() {
        return whole == null ? 0 : whole.state().counter(SkipIfNonFinite.SKIPPED);
    }

    @Override
    public void close() {
        if (whole != null) {
            whole.close();
        }
    }
}
