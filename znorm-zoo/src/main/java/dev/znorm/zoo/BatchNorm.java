package dev.znorm.zoo;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Batch normalisation over axis 1 (the channels of NCHW), the same computation, parameters and
 * saved form as DJL's {@link ai.djl.nn.norm.BatchNorm} with its default axis, without the two no-op
 * transposes DJL's PyTorch engine puts around each call: it swaps the normalised axis with axis 1
 * and back even when the two are the same, which on a ResNet-56 step made 110 extra operator calls
 * forward and 110 backward nodes (1 to 3 ms a step, and every transposed view a Java wrapper). On
 * the PyTorch engine the engine's batch norm is asked for axis -1, which it passes straight to
 * torch's {@code batch_norm} (channels at axis 1); other engines get axis 1.
 *
 * <p>The class keeps DJL's simple name, which is part of every parameter's structured name
 * (checkpoints and optimizer state files are keyed by those names), and DJL's parameter names,
 * types and order, version and metadata, so models saved with either load into the other.
 */
final class BatchNorm extends AbstractBlock {

    private static final byte VERSION = 2;

    private final float epsilon;
    private final float momentum;
    private long inChannels;

    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    /**
     * @param epsilon added to the variance, as torch's eps
     * @param momentum DJL's convention: the running statistics keep this share (torch's 1 -
     *     momentum)
     */
    BatchNorm(float epsilon, float momentum) {
        super(VERSION);
        this.epsilon = epsilon;
        this.momentum = momentum;
        gamma = addParameter(parameter("gamma", Parameter.Type.GAMMA, true));
        beta = addParameter(parameter("beta", Parameter.Type.BETA, true));
        runningMean = addParameter(parameter("runningMean", Parameter.Type.RUNNING_MEAN, false));
        runningVar = addParameter(parameter("runningVar", Parameter.Type.RUNNING_VAR, false));
    }

    private static Parameter parameter(String name, Parameter.Type type, boolean trained) {
        return Parameter.builder().setName(name).setType(type).optRequiresGrad(trained).build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        int axis = "PyTorch".equals(input.getManager().getEngine().getEngineName()) ? -1 : 1;
        return input.getNDArrayInternal()
                .batchNorm(
                        input,
                        parameterStore.getValue(runningMean, device, training),
                        parameterStore.getValue(runningVar, device, training),
                        parameterStore.getValue(gamma, device, training),
                        parameterStore.getValue(beta, device, training),
                        axis,
                        momentum,
                        epsilon,
                        training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        inChannels = inputShapes[0].get(1);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Shape channels = new Shape(inChannels);
        gamma.setShape(channels);
        beta.setShape(channels);
        runningMean.setShape(channels);
        runningVar.setShape(channels);
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(inChannels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion == VERSION) {
            readInputShapes(is);
        } else if (loadVersion != 1) {
            throw new MalformedModelException("Unsupported encoding version: " + loadVersion);
        }
        inChannels = is.readLong();
    }
}
