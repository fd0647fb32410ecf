package dev.znorm.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.znorm.core.method.ZNorm;
import dev.znorm.core.optim.Adam;
import dev.znorm.core.transform.Transforms;
import dev.znorm.data.Augmentation;
import dev.znorm.data.Batches;
import dev.znorm.data.CifarBinary;
import dev.znorm.data.ImageFolder;
import dev.znorm.data.ImageSet;
import dev.znorm.data.Lgg;
import dev.znorm.data.Normalization;
import dev.znorm.data.PrefetchedBatches;
import dev.znorm.data.SegmentationBatches;
import dev.znorm.data.SegmentationSet;
import dev.znorm.zoo.Networks;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loader speed side by side in one run: decoding (first pass) and batching with augmentation (every
 * later pass) for CIFAR-10 from the PNG tree and from binary batches, and LGG; then ResNet-20
 * training steps fed by the real loader against the same steps fed by one pre-built batch,
 * interleaved.
 *
 * <pre>java ... dev.znorm.bench.LoaderBenchmark ../shared/data [steps]</pre>
 */
public final class LoaderBenchmark {

    private LoaderBenchmark() {}

    private static double batchingRate(Batches b, int epochs) {
        long images = 0;
        long t0 = System.nanoTime();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int e = 0; e < epochs; e++) {
                int[] order = b.order(e);
                for (int i = 0; i < b.batchesPerEpoch(); i++) {
                    try (NDManager sub = m.newSubManager()) {
                        images += b.batch(order, e, i, sub).get(1).size();
                    }
                }
            }
        }
        return images / ((System.nanoTime() - t0) / 1e9);
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        System.out.printf(
                "intra-op threads %s, %d cores, DJL %s%n",
                System.getProperty("ai.djl.pytorch.num_threads"),
                Runtime.getRuntime().availableProcessors(),
                Engine.getDjlVersion());

        long t0 = System.nanoTime();
        ImageSet png = ImageFolder.load(data.resolve("cifar10/train"), 3, 0);
        double pngSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "CIFAR-10 PNG tree, first pass (decode %d images): %,.0f images/s%n",
                png.size(), png.size() / pngSeconds);

        Path tmp = Files.createTempDirectory("znorm-bench");
        CifarBinary.write(png, tmp.resolve("data_batch_1.bin"));
        t0 = System.nanoTime();
        ImageSet bin = CifarBinary.train(tmp);
        double binSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "CIFAR-10 binary batch, first pass (read %d images): %,.0f images/s%n",
                bin.size(), bin.size() / binSeconds);
        Files.delete(tmp.resolve("data_batch_1.bin"));
        Files.delete(tmp);

        Normalization norm = Normalization.of(png);
        Batches aug = new Batches(png, 128, 1, true, Augmentation.CIFAR, norm);
        batchingRate(aug, 1); // warm-up
        System.out.printf(
                "CIFAR-10 batches of 128 after the first pass, with crop+flip augmentation: %,.0f images/s%n",
                batchingRate(aug, 3));
        System.out.printf(
                "CIFAR-10 batches of 128 after the first pass, no augmentation: %,.0f images/s%n",
                batchingRate(new Batches(png, 128, 1, true, Augmentation.NONE, norm), 3));

        t0 = System.nanoTime();
        SegmentationSet lgg = Lgg.load(data.resolve("lgg/kaggle_3m"), 128);
        double lggSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "LGG .tif pairs, first pass (decode + resize to 128, %d slices): %,.0f slices/s%n",
                lgg.size(), lgg.size() / lggSeconds);
        double[][] stats = SegmentationBatches.channelStats(lgg);
        SegmentationBatches seg =
                new SegmentationBatches(
                        lgg, 16, 1, true, new Augmentation(8, true, true), stats[0], stats[1]);
        long images = 0;
        t0 = System.nanoTime();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int e = 0; e < 5; e++) {
                int[] order = seg.order(e);
                for (int i = 0; i < seg.batchesPerEpoch(); i++) {
                    try (NDManager sub = m.newSubManager()) {
                        images += seg.batch(order, e, i, sub).get(0).getShape().get(0);
                    }
                }
            }
        }
        System.out.printf(
                "LGG segmentation batches of 16 (128x128, joint crop+flips) after the first pass: %,.0f slices/s%n",
                images / ((System.nanoTime() - t0) / 1e9));

        Engine.getInstance().setRandomSeed(1);
        try (Model model = Model.newInstance("r20")) {
            Block net = Networks.byName("resnet20", 10);
            net.setInitializer(Networks.heNormal(), Parameter.Type.WEIGHT);
            model.setBlock(net);
            try (Trainer trainer =
                            model.newTrainer(
                                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                            .optOptimizer(
                                                    dev.znorm.core.djl.DjlOptimizer.of(
                                                            Transforms.chain(
                                                                    ZNorm.create(),
                                                                    Adam.builder().build()))));
                    NDManager keep = NDManager.newBaseManager()) {
                trainer.initialize(new Shape(128, 3, 32, 32));
                NDList prebuilt = aug.batch(aug.order(0), 0, 0, keep);
                float[] px = prebuilt.get(0).toFloatArray();
                long[] lb = prebuilt.get(1).toLongArray();
                double[][] times = new double[3][steps];
                int[] order = aug.order(1);
                PrefetchedBatches prefetched = new PrefetchedBatches(aug);
                for (int s = -3; s < steps; s++) {
                    // round robin: the loader on the step's thread, the loader one batch ahead on
                    // its own thread (as training runs it), one pre-built batch
                    for (int variant = 0; variant < 3; variant++) {
                        int index = Math.floorMod(s, aug.batchesPerEpoch());
                        long start = System.nanoTime();
                        try (NDManager sub = trainer.getManager().newSubManager()) {
                            NDList b =
                                    switch (variant) {
                                        case 0 -> aug.batch(order, 1, index, sub);
                                        case 1 -> prefetched.batch(order, 1, index, sub);
                                        default ->
                                                new NDList(
                                                        sub.create(px, new Shape(128, 3, 32, 32)),
                                                        sub.create(lb, new Shape(128)));
                                    };
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDArray loss =
                                        trainer.getLoss()
                                                .evaluate(
                                                        new NDList(b.get(1)),
                                                        trainer.forward(new NDList(b.get(0))));
                                gc.backward(loss);
                                loss.getFloat();
                            }
                        }
                        trainer.step();
                        if (s >= 0) {
                            times[variant][s] = (System.nanoTime() - start) / 1e6;
                        }
                    }
                }
                prefetched.close();
                double r = Stats.median(times[0]);
                double p = Stats.median(times[1]);
                double f = Stats.median(times[2]);
                System.out.printf(
                        "ResNet-20 step, batch 128: fed by one pre-built batch %.1f ms; by the loader"
                                + " on the step's thread %.1f ms (%+.2f%%); by the loader one batch ahead"
                                + " %.1f ms (%+.2f%%)%n",
                        f, r, 100 * (r - f) / f, p, 100 * (p - f) / f);
            }
        }
    }
}
