package dev.znorm.core.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.znorm.core.state.StateIO;
import dev.znorm.core.transform.Gradients;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.UpdateRule;
import dev.znorm.core.transform.Updates;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One optimizer step over all of a model's gradients at once, for chains that DJL's per-parameter
 * {@code Optimizer} callback cannot run (global-norm clipping, skip-if-non-finite, AGC with head
 * exclusion) and for training loops that want the state in their own hands. Call it where the loop
 * would call {@code trainer.step()}:
 *
 * <pre>{@code
 * WholeStep step = new WholeStep(new SkipIfNonFinite(
 *         Transforms.chain(ClipByGlobalNorm.builder().max(1.0).build(), ZNorm.create(), Adam.builder().build())));
 * // in the loop, after backward:
 * step.step(trainer.getModel().getBlock());
 * }</pre>
 *
 * <p>It works on one device (the parameters' own arrays); with several devices use {@link
 * DjlOptimizer}, whose transforms see the gradient summed over devices.
 */
public final class WholeStep implements AutoCloseable {

    private final UpdateRule rule;
    private TransformState state = new TransformState();
    private boolean initialised;

    /**
     * The block last stepped and its parameter list, walked once: DJL fixes a block's parameters
     * when it is built, and walking the tree (a new list and a new name string per parameter) cost
     * 0.1-0.3 ms of a ResNet-56 step. Which of them train, and their arrays, are read every step;
     * the set of them is built again only when that changes.
     */
    private Block listedBlock;

    private PairList<String, Parameter> listed;

    /** The trainable parameters of the last step, reused while the same arrays train. */
    private ParamSet selected;

    public WholeStep(UpdateRule rule) {
        this.rule = java.util.Objects.requireNonNull(rule, "rule");
    }

    /** The trainable parameters of {@code block}, in model order, by structured name. */
    public static ParamSet parameters(Block block) {
        return trainable(block.getParameters());
    }

    /**
     * Whether {@code all} selects exactly the arrays of {@code known}, in order: true while no
     * layer was frozen, unfrozen or re-initialised, so the step need not build the set again.
     */
    private static boolean selectsTheSame(PairList<String, Parameter> all, ParamSet known) {
        Iterator<Param> it = known.iterator();
        for (Pair<String, Parameter> p : all) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient() && parameter.isInitialized()) {
                if (!it.hasNext() || it.next().value() != parameter.getArray()) {
                    return false;
                }
            }
        }
        return !it.hasNext();
    }

    private static ParamSet trainable(PairList<String, Parameter> all) {
        List<Param> params = new ArrayList<>();
        for (Pair<String, Parameter> p : all) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient() && parameter.isInitialized()) {
                params.add(new Param(p.getKey(), parameter.getArray(), parameter.getType()));
            }
        }
        return ParamSet.of(params);
    }

    /** Steps the parameters of the trainer's model; refuses several devices. */
    public void step(Trainer trainer) {
        if (trainer.getDevices().length > 1) {
            throw new IllegalStateException(
                    "WholeStep works on one device, but the trainer has "
                            + trainer.getDevices().length
                            + "; use DjlOptimizer for data-parallel training");
        }
        step(trainer.getModel().getBlock());
    }

    /** Transforms all gradients of {@code block}, applies the optimizer and zeroes them. */
    public void step(Block block) {
        if (block != listedBlock) {
            listed = block.getParameters();
            listedBlock = block;
            selected = null;
        }
        if (selected == null || !selectsTheSame(listed, selected)) {
            selected = trainable(listed);
        }
        ParamSet params = selected;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            if (!initialised) {
                rule.checkSelection(params);
                rule.init(params, state);
                initialised = true;
            }
            Map<String, NDArray> grads = new LinkedHashMap<>();
            for (Param p : params) {
                grads.put(p.name(), p.value().getGradient());
            }
            // the weights' own gradients, cleared after the step: the chain may overwrite them,
            // and the optimizer's kernels zero those they read last as they go
            Updates own = Updates.ownGradients(grads);
            rule.apply(own, state, params);
            // these are the weights' own gradients (read from the weights above, never a copy),
            // so clearing them is what the next backward pass sees, with no second lookup
            own.unclearedGradients().forEach(Gradients::zero);
        }
    }

    public TransformState state() {
        return state;
    }

    /** Saves the whole optimizer state atomically. */
    public void saveState(Path file) throws IOException {
        StateIO.save(state, file);
    }

    /** Loads a saved state after checking it against {@code block}'s parameters. */
    public void loadState(Path file, Block block, NDManager manager) throws IOException {
        loadState(StateIO.load(file, manager), block, file.toString());
    }

    /**
     * Checks that {@code loaded} holds exactly the state {@code rule} creates for {@code params}
     * and that every selection selects something; closes {@code loaded} and rethrows on failure.
     * Shared by both ways of running a chain.
     */
    static void checkLoadable(
            UpdateRule rule, ParamSet params, TransformState loaded, String source) {
        try (NDScope scope = new NDScope();
                TransformState expected = new TransformState()) {
            scope.suppressNotUsedWarning();
            rule.init(params, expected);
            StateIO.checkCompatible(loaded, expected, source);
            rule.checkSelection(params);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /**
     * Adopts {@code loaded} after checking it against {@code block}'s parameters (closed on
     * failure).
     */
    public void loadState(TransformState loaded, Block block, String source) {
        ParamSet params = parameters(block);
        checkLoadable(rule, params, loaded, source);
        state.close();
        state = loaded;
        initialised = true;
    }

    @Override
    public void close() {
        state.close();
    }
}
