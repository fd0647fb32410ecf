package dev.znorm.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * One training step of a benchmark variant on a fixed batch, with the clock read at the end of each
 * phase: the step the end-to-end benchmark times whole and {@link StepProfile} times phase by
 * phase.
 */
final class TimedStep {

    /** Indexes of {@link #run}'s marks: the step's start and the end of each phase. */
    static final int START = 0;

    static final int FORWARD = 1;
    static final int LOSS = 2;
    static final int BACKWARD = 3;
    static final int FREED = 4;
    static final int OPTIMIZER = 5;

    private TimedStep() {}

    /**
     * Forward, loss, backward, freeing the step's arrays (closing its manager), optimizer step;
     * returns {@code System.nanoTime()} at the start and after each.
     */
    static long[] run(TrainingStepBenchmark.Variant v, float[] xs, long[] ys, Shape input) {
        long[] t = new long[6];
        t[START] = System.nanoTime();
        try (NDManager sub = v.trainer().getManager().newSubManager();
                GradientCollector gc = v.trainer().newGradientCollector()) {
            NDArray x = sub.create(xs, input);
            NDArray y = sub.create(ys, new Shape(ys.length));
            NDList pred = v.trainer().forward(new NDList(x));
            t[FORWARD] = System.nanoTime();
            NDArray loss = v.trainer().getLoss().evaluate(new NDList(y), pred);
            loss.getFloat();
            t[LOSS] = System.nanoTime();
            gc.backward(loss);
            t[BACKWARD] = System.nanoTime();
        }
        t[FREED] = System.nanoTime();
        v.optimizerStep();
        t[OPTIMIZER] = System.nanoTime();
        return t;
    }
}
