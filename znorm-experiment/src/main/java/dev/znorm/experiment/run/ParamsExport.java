package dev.znorm.experiment.run;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.znorm.core.state.AtomicFiles;
import dev.znorm.data.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every parameter of a network (running statistics included) by name, as a float32 .npz for other
 * tools.
 */
public final class ParamsExport {

    private ParamsExport() {}

    public static void write(Block net, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Map<String, float[]> arrays = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            arrays.put(p.getKey(), p.getValue().getArray().toFloatArray());
            shapes.put(p.getKey(), p.getValue().getArray().getShape().getShape());
        }
        AtomicFiles.write(file, os -> Npy.writeNpz(os, arrays, shapes));
    }
}
