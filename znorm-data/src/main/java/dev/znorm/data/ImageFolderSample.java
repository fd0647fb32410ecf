package dev.znorm.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A small sample cut from an image-folder tree (train/ and test/, a folder per class) by copying
 * files unchanged: the first {@code perClass} training images of each class in file-name order (the
 * original order), and the {@code test} test images whose names sort first (the smallest original
 * indices). How the demo's CIFAR-10 sample was made.
 */
public final class ImageFolderSample {

    /** What was copied. */
    public record Copied(int train, int test) {}

    private ImageFolderSample() {}

    public static Copied cut(Path from, int perClass, int test, Path out) throws IOException {
        List<Path> trainClasses = list(from.resolve("train"));
        List<Path> testClasses = list(from.resolve("test")); // both checked before any copy
        int trainCount = 0;
        for (Path cls : trainClasses) {
            List<Path> files = list(cls);
            for (Path f : files.subList(0, Math.min(perClass, files.size()))) {
                copy(f, out.resolve("train").resolve(cls.getFileName().toString()));
                trainCount++;
            }
        }
        List<Path> tests = new ArrayList<>();
        for (Path cls : testClasses) {
            tests.addAll(list(cls));
        }
        tests.sort(Comparator.comparing(p -> p.getFileName().toString()));
        List<Path> chosen = tests.subList(0, Math.min(test, tests.size()));
        for (Path f : chosen) {
            copy(f, out.resolve("test").resolve(f.getParent().getFileName().toString()));
        }
        return new Copied(trainCount, chosen.size());
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new BadDataException(
                    dir,
                    "is not a directory (an image-folder tree has train/ and test/, a folder per class)");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static void copy(Path file, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
