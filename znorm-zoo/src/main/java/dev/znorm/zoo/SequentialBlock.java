package dev.znorm.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.Function;

/**
 * DJL's {@link ai.djl.nn.SequentialBlock} that lets go of each intermediate result as soon as the
 * next layer has consumed it. DJL keeps every array of a forward pass until its manager closes
 * (after the backward pass), so tensors PyTorch frees at once, such as a BatchNorm output that only
 * ReLU reads, stayed alive through the backward pass: about twice PyTorch's activation memory.
 * Closing the Java handle is safe during training: what autograd saved for the backward pass it
 * holds itself. The class keeps DJL's simple name, which is part of every parameter's structured
 * name (checkpoints and state files are keyed by those names).
 */
public class SequentialBlock extends ai.djl.nn.SequentialBlock {

    @Override
    public SequentialBlock add(Block block) {
        super.add(block);
        return this;
    }

    @Override
    public SequentialBlock add(Function<NDList, NDList> f) {
        super.add(f);
        return this;
    }

    @Override
    @SuppressWarnings("ReferenceEquality") // the caller's own list, never closed, by identity
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList current = inputs;
        for (Block block : children.values()) {
            NDList next = block.forward(parameterStore, current, training);
            if (current != inputs) {
                closeUnlessKept(current, next);
            }
            current = next;
        }
        return current;
    }

    /** Closes the arrays of {@code done} that {@code next} does not pass on (identity layers). */
    private static void closeUnlessKept(NDList done, NDList next) {
        for (NDArray a : done) {
            boolean kept = false;
            for (NDArray b : next) {
                kept |= a == b;
            }
            if (!kept) {
                a.close();
            }
        }
    }
}
