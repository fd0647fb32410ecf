package dev.znorm.core.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A chain of gradient transforms ending with an optimizer, as a DJL {@link Optimizer}:
 *
 * <pre>{@code
 * DjlOptimizer opt = DjlOptimizer.of(Transforms.chain(ZNorm.create(), Adam.builder().lr(1e-3).build()));
 * DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
 *         .optOptimizer(opt)
 *         .addTrainingListeners(opt);   // lets it key its state by parameter name
 * }</pre>
 *
 * <p>DJL calls {@link #update} once per parameter (and, with several devices, once per device with
 * the gradient already summed over devices, so ZNorm sees the sum). State is kept per device and
 * keyed by the parameter's structured name once the optimizer knows the block (as a training
 * listener, from {@link #bind}, or from {@link #loadState}); before that, by the order in which
 * parameters are first updated. After the update the weight's own gradient is zeroed, as DJL's
 * native optimizers do on the PyTorch engine; the {@code grad} argument may be a copy (DJL 0.36
 * passes a duplicate of the gradient summed over devices), so it is never what gets cleared.
 * Registered as a training listener on a one-device trainer, the optimizer lets ZNorm write into
 * that private copy instead of allocating (see {@link Updates}); it must be a listener or bound
 * before {@link #saveState}, whose file is keyed by parameter name.
 *
 * <p>Transforms that need every gradient at once (global-norm clipping, skip-if-non-finite, AGC
 * with its head exclusion) cannot run here: use {@link WholeStep}.
 */
public final class DjlOptimizer extends Optimizer implements TrainingListener {

    private final UpdateRule rule;
    private final ParameterNames names = new ParameterNames();
    private final Map<String, String> fallbackNames = new HashMap<>();
    private final Map<Device, TransformState> states = new LinkedHashMap<>();
    private final Map<Device, Set<String>> initialised = new HashMap<>();

    /**
     * The parameters of the first step, by name (one entry per parameter, whatever the devices).
     */
    private final Map<String, Param> firstRound = new LinkedHashMap<>();

    private boolean selectionChecked;

    /**
     * Whether the {@code grad} argument is this update's alone, so transforms may overwrite it.
     * DJL's LocalParameterServer passes a copy of the summed gradient, used for one device and then
     * closed; with several devices the copies for the others are made from it after the first
     * device's update, so it must stay as it was. Known from the trainer's devices once the
     * optimizer is a training listener; false until then.
     */
    private boolean gradientIsOurs;

    private DjlOptimizer(UpdateRule rule) {
        super(new Builder());
        this.rule = rule;
    }

    /** The optimizer for {@code rule}; refuses a chain that needs all gradients at once. */
    public static DjlOptimizer of(UpdateRule rule) {
        if (rule.isGlobal()) {
            throw new IllegalArgumentException(
                    "'"
                            + rule.name()
                            + "' contains a transform that"
                            + " needs all gradients at once (global-norm clipping, skip-if-non-finite or"
                            + " AGC with head exclusion); DJL's Optimizer sees one parameter at a time."
                            + " Use dev.znorm.core.djl.WholeStep in the training loop instead of"
                            + " trainer.step()");
        }
        return new DjlOptimizer(rule);
    }

    /** Uses the structured names of {@code block}'s parameters as state keys from now on. */
    public void bind(Block block) {
        names.bind(block);
    }

    private String nameOf(String parameterId) {
        ParameterNames.Entry e = names.get(parameterId);
        if (e != null) {
            return e.name();
        }
        return fallbackNames.computeIfAbsent(parameterId, id -> "param" + fallbackNames.size());
    }

    private Parameter.Type typeOf(String parameterId) {
        ParameterNames.Entry e = names.get(parameterId);
        return e == null ? Parameter.Type.OTHER : e.type();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        String name = nameOf(parameterId);
        Device device = weight.getDevice();
        TransformState state = states.computeIfAbsent(device, d -> new TransformState());
        Param param = new Param(name, weight, typeOf(parameterId));
        ParamSet params = ParamSet.of(param);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            if (initialised.computeIfAbsent(device, d -> new HashSet<>()).add(name)) {
                rule.init(params, state);
                trackFirstRound(param);
            } else {
                checkSelectionOnce();
            }
            rule.apply(
                    gradientIsOurs ? Updates.singleOwned(name, grad) : Updates.single(name, grad),
                    state,
                    params);
            // Clear the weight's OWN gradient, never the `grad` argument: DJL 0.36's
            // LocalParameterServer passes a duplicate (the sum over devices), so zeroing the
            // argument left the real gradient to accumulate across steps.
            Gradients.zeroOwn(weight);
        }
    }

    /** Collects the parameters of the first step, to check the selections once it is complete. */
    private void trackFirstRound(Param param) {
        if (!selectionChecked) {
            firstRound.putIfAbsent(param.name(), param);
        }
    }

    private void checkSelectionOnce() {
        if (!selectionChecked) {
            selectionChecked = true;
            rule.checkSelection(ParamSet.of(new ArrayList<>(firstRound.values())));
            firstRound.clear();
        }
    }

    /** The state of the first device (all devices hold the same values). */
    public TransformState state() {
        return states.isEmpty() ? new TransformState() : states.values().iterator().next();
    }

    /**
     * Saves the whole optimizer state (every transform's state and step counts) atomically. The
     * state must be keyed by parameter name: an optimizer that has stepped without knowing the
     * block (neither a training listener nor bound) refuses, since its provisional keys could never
     * be loaded back.
     */
    public void saveState(Path file) throws IOException {
        if (!fallbackNames.isEmpty()) {
            throw new IllegalStateException(
                    "cannot save the optimizer state to "
                            + file
                            + ": it is keyed by update order, not by parameter name, so no model"
                            + " could load it; register the optimizer as a training listener"
                            + " (config.addTrainingListeners(opt)) or call opt.bind(block) before"
                            + " training");
        }
        StateIO.save(state(), file);
    }

    /**
     * Loads a state saved by {@link #saveState} for the parameters of {@code block}, after checking
     * that names and shapes match (an error lists every difference). The block must be initialised;
     * the optimizer is bound to its parameter names.
     */
    public void loadState(Path file, Block block, NDManager manager) throws IOException {
        loadState(StateIO.load(file, manager), block, file.toString());
    }

    /**
     * Adopts {@code loaded} (for example read from a checkpoint) as the whole optimizer state,
     * after checking it against {@code block}'s parameters; {@code source} names it in errors. On
     * success the optimizer owns {@code loaded}; on failure it is closed.
     */
    public void loadState(TransformState loaded, Block block, String source) {
        bind(block);
        ParamSet set = WholeStep.parameters(block);
        WholeStep.checkLoadable(rule, set, loaded, source);
        selectionChecked = true;
        firstRound.clear();
        fallbackNames.clear(); // the state keyed by update order is replaced by one keyed by name
        states.values().forEach(TransformState::close);
        states.clear();
        initialised.clear();
        List<Param> params = new ArrayList<>();
        set.forEach(params::add);
        Device device = params.isEmpty() ? Device.cpu() : params.get(0).value().getDevice();
        states.put(device, loaded);
        initialised.computeIfAbsent(device, d -> new HashSet<>()).addAll(set.names());
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        bind(trainer.getModel().getBlock());
        gradientIsOurs = trainer.getDevices().length == 1;
    }

    @Override
    public void onEpoch(Trainer trainer) {}

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {}

    @Override
    public void onValidationBatch(Trainer trainer, BatchData batchData) {}

    @Override
    public void onTrainingEnd(Trainer trainer) {}

    @Override
    public String toString() {
        return "DjlOptimizer[" + rule.name() + "]";
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
