package dev.znorm.examples;

import ai.djl.Model;
import ai.djl.basicdataset.cv.classification.ImageFolder;
import ai.djl.engine.Engine;
import ai.djl.modality.cv.transform.Normalize;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import dev.znorm.core.djl.DjlOptimizer;
import dev.znorm.core.method.ZNorm;
import dev.znorm.core.optim.Adam;
import dev.znorm.core.optim.Sgd;
import dev.znorm.core.transform.Transforms;
import java.nio.file.Path;

/**
 * The README's library quick start: an ordinary DJL program (an image folder, a small conv net,
 * EasyTrain.fit) whose optimizer is chosen in one line, once SGD with momentum and once ZNorm +
 * Adam. It prints the mean training loss before and after and exits 1 unless the loss falls.
 */
public final class Quickstart {

    private static final int EPOCHS = 2;
    private static final int BATCH = 32;

    private Quickstart() {}

    public static void main(String[] args) throws Exception {
        Path images = Path.of(args.length > 0 ? args[0] : "demo/cifar10/train");
        // tag::optimizers[]
        DjlOptimizer sgd = DjlOptimizer.of(Sgd.builder().lr(0.05).momentum(0.9).build());
        DjlOptimizer znorm =
                DjlOptimizer.of(Transforms.chain(ZNorm.create(), Adam.builder().lr(1e-3).build()));
        // end::optimizers[]
        boolean fell = train("SGD + momentum", sgd, images) & train("ZNorm + Adam", znorm, images);
        System.exit(fell ? 0 : 1);
    }

    /** Trains a fresh net with {@code optimizer}; true when the training loss fell by 10%. */
    private static boolean train(String name, DjlOptimizer optimizer, Path images)
            throws Exception {
        Engine.getInstance().setRandomSeed(0);
        ImageFolder data =
                ImageFolder.builder()
                        .setRepositoryPath(images)
                        .addTransform(new ToTensor())
                        .addTransform(
                                new Normalize(
                                        new float[] {0.4914f, 0.4822f, 0.4465f},
                                        new float[] {0.2470f, 0.2435f, 0.2616f}))
                        .setSampling(BATCH, true)
                        .build();
        data.prepare();
        try (Model model = Model.newInstance("quickstart")) {
            model.setBlock(network(data.getSynset().size()));
            // tag::config[]
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(optimizer)
                            .addTrainingListeners(optimizer); // keys its state by parameter name
            // end::config[]
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, 3, 32, 32));
                float before = meanLoss(trainer, data);
                EasyTrain.fit(trainer, EPOCHS, data, null);
                float after = meanLoss(trainer, data);
                System.out.printf(
                        "%-15s mean training loss %.3f -> %.3f after %d epochs of %d images%n",
                        name, before, after, EPOCHS, data.size());
                return after < 0.9f * before;
            }
        }
    }

    /** Two conv-BatchNorm-ReLU stages, global average pooling and a linear classifier. */
    private static Block network(int classes) {
        SequentialBlock net = new SequentialBlock();
        for (int filters : new int[] {16, 32}) {
            net.add(
                            Conv2d.builder()
                                    .setFilters(filters)
                                    .setKernelShape(new Shape(3, 3))
                                    .optPadding(new Shape(1, 1))
                                    .optStride(new Shape(2, 2))
                                    .build())
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu);
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    /** The mean loss over the whole dataset, in inference mode. */
    private static float meanLoss(Trainer trainer, ImageFolder data) throws Exception {
        double sum = 0;
        int batches = 0;
        for (Batch b : trainer.iterateDataset(data)) {
            NDList predictions = trainer.evaluate(b.getData());
            sum += trainer.getLoss().evaluate(b.getLabels(), predictions).getFloat();
            batches++;
            b.close();
        }
        return (float) (sum / batches);
    }
}
