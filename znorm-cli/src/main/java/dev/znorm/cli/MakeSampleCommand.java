package dev.znorm.cli;

import dev.znorm.data.ImageFolderSample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code znorm make-sample}: cuts the demo's CIFAR-10 sample from the image-folder tree by copying
 * files unchanged: the first N training images of each class (file-name order, which is the
 * original order) and the test images with the M smallest original indices.
 */
@Command(
        name = "make-sample",
        hidden = true,
        mixinStandardHelpOptions = true,
        description =
                "Copy a small CIFAR-10 sample (image folders) out of a larger image-folder tree.")
public final class MakeSampleCommand implements Callable<Integer> {

    @Option(
            names = "--from",
            required = true,
            description = "CIFAR-10 image-folder tree with train/ and test/.")
    Path from;

    @Option(names = "--per-class", defaultValue = "150", description = "Training images per class.")
    int perClass;

    @Option(
            names = "--test",
            defaultValue = "500",
            description = "Test images (the first ones by original index).")
    int test;

    @Option(names = "--out", defaultValue = "demo/cifar10", description = "Output folder.")
    Path out;

    @Override
    public Integer call() throws IOException {
        ImageFolderSample.Copied c = ImageFolderSample.cut(from, perClass, test, out);
        System.out.println(
                "copied " + c.train() + " training and " + c.test() + " test images to " + out);
        return 0;
    }
}
