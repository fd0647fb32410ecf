package dev.znorm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The grid most CLI tests compare: the headline pair (Adam against ZNorm + Adam) on ResNet-8 and
 * the bundled sample, one epoch of a few images with one thread, so that a test runs a real
 * comparison in seconds. Tests differ only in the name, the seeds, the images and extra lines.
 */
final class SamplePairGrid {

    private SamplePairGrid() {}

    /** Writes the grid to {@code file}, seeds 0 to seeds - 1, and returns the file. */
    static Path write(Path file, String name, int seeds, int trainSubset, String... extraLines)
            throws IOException {
        String seedList =
                IntStream.range(0, seeds)
                        .mapToObj(Integer::toString)
                        .collect(Collectors.joining(", ", "[", "]"));
        StringBuilder yaml =
                new StringBuilder()
                        .append("name: ")
                        .append(name)
                        .append("\ndata: ")
                        .append(ZnormProcess.sample())
                        .append("\nmodels: [resnet8]\nmethods: [adam, znorm+adam]\nseeds: ")
                        .append(seedList)
                        .append("\nepochs: 1\nbatch: 16\ntrain_subset: ")
                        .append(trainSubset)
                        .append("\nthreads: 1\nsplit: test\n");
        for (String line : extraLines) {
            yaml.append(line).append('\n');
        }
        return Files.writeString(file, yaml.toString());
    }
}
