package dev.znorm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
        int trainCount = 0;
        for (Path cls : list(from.resolve("train"))) {
            List<Path> files = list(cls);
            for (Path f : files.subList(0, Math.min(perClass, files.size()))) {
                copy(f, out.resolve("train").resolve(cls.getFileName().toString()));
                trainCount++;
            }
        }
        List<Path> tests = new ArrayList<>();
        for (Path cls : list(from.resolve("test"))) {
            tests.addAll(list(cls));
        }
        tests.sort(Comparator.comparing(p -> p.getFileName().toString()));
        List<Path> chosen = tests.subList(0, Math.min(test, tests.size()));
        for (Path f : chosen) {
            copy(f, out.resolve("test").resolve(f.getParent().getFileName().toString()));
        }
        System.out.println(
                "copied "
                        + trainCount
                        + " training and "
                        + chosen.size()
                        + " test images to "
                        + out);
        return 0;
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new dev.znorm.experiment.BadInputException(dir + " is not a directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static void copy(Path file, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.copy(
                file,
                dir.resolve(file.getFileName()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
