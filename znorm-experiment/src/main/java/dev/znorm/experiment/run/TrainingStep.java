package dev.znorm.experiment.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.znorm.core.djl.WholeStep;
import dev.znorm.core.transform.Gradients;
import dev.znorm.core.transform.Param;
import dev.znorm.data.BatchSource;
import dev.znorm.experiment.io.Json;
import java.io.IOException;
import java.io.Writer;

/**
 * One training step and its bookkeeping: forward, backward, the gradient record every K steps, a
 * non-finite loss skipped and counted (or failing the run), the optimizer step, the position moved.
 */
final class TrainingStep {

    /**
     * Consecutive non-finite losses after which a run counts as diverged (skipping cannot recover
     * it).
     */
    static final int DIVERGED_AFTER = TrainingRun.DIVERGED_AFTER;

    private final RunSpec spec;
    private final BatchSource batches;
    private final RunHooks hooks;

    TrainingStep(RunSpec spec, BatchSource batches, RunHooks hooks) {
        this.spec = spec;
        this.batches = batches;
        this.hooks = hooks;
    }

    void run(
            Trainer trainer,
            int[] order,
            Position pos,
            Block net,
            OptimizerStep optimizer,
            Writer gradients)
            throws IOException {
        float loss;
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList batch = batches.batch(order, pos.epoch, pos.batch, sub);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList pred = trainer.forward(new NDList(batch.get(0)));
                NDArray l = trainer.getLoss().evaluate(new NDList(batch.get(1)), pred);
                gc.backward(l);
                loss = l.getFloat();
            }
        }
        if (spec.gradStatsEvery() > 0 && pos.step % spec.gradStatsEvery() == 0) {
            gradients.write(Json.write(GradientStats.of(pos.step, net)) + "\n");
        }
        if (!Float.isFinite(loss)) {
            if (spec.stopOnNonFinite()) {
                throw new Failed(
                        "non-finite loss "
                                + loss
                                + " at step "
                                + pos.step
                                + " (epoch "
                                + (pos.epoch + 1)
                                + ", batch "
                                + pos.batch
                                + ")");
            }
            pos.skipped++;
            pos.nonFiniteInARow++;
            for (Param p : WholeStep.parameters(net)) {
                Gradients.zeroOwn(p.value());
            }
            if (pos.nonFiniteInARow >= DIVERGED_AFTER) {
                throw new Failed(
                        "diverged: "
                                + DIVERGED_AFTER
                                + " non-finite losses in a row up to step "
                                + pos.step
                                + " (epoch "
                                + (pos.epoch + 1)
                                + ")");
            }
        } else {
            pos.nonFiniteInARow = 0;
            hooks.backward(pos.step, net);
            optimizer.step(trainer);
            pos.lossSum += loss;
            pos.lossCount++;
        }
        pos.batch++;
        pos.step++;
    }

    /** A run that diverged or hit a non-finite value with stop-on-non-finite. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }
}
