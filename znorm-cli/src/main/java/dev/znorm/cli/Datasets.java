package dev.znorm.cli;

import dev.znorm.data.CifarBinary;
import dev.znorm.data.ImageFolder;
import dev.znorm.data.ImageSet;
import dev.znorm.data.MedMnist;
import dev.znorm.data.PatchCamelyon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads a classification dataset by kind and path into a training split and evaluation splits. */
final class Datasets {

    static final List<String> KINDS = List.of("cifar10", "imagefolder", "medmnist", "pcam");

    private Datasets() {}

    /** A training split and the held-out splits to evaluate on, by name ("val", "test"). */
    record Splits(ImageSet train, Map<String, ImageSet> eval) {}

    static Splits load(String kind, Path path) {
        if (!Files.exists(path)) {
            throw new UserError("dataset path " + path + " does not exist");
        }
        switch (kind) {
            case "cifar10":
                if (CifarBinary.isBinaryDir(path)) {
                    return new Splits(CifarBinary.train(path), Map.of("test", CifarBinary.test(path)));
                }
                return folders(path, 3, 32);
            case "imagefolder":
                return folders(path, 0, 0);
            case "medmnist": {
                if (!Files.isRegularFile(path)) {
                    throw new UserError(path + ": a MedMNIST dataset is one .npz file");
                }
                List<String> names = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).startsWith("breastmnist")
                        ? List.of("malignant", "normal-benign") : null;
                Map<String, ImageSet> eval = new LinkedHashMap<>();
                eval.put("val", MedMnist.load(path, "val", names));
                eval.put("test", MedMnist.load(path, "test", names));
                return new Splits(MedMnist.load(path, "train", names), eval);
            }
            case "pcam": {
                Map<String, ImageSet> eval = new LinkedHashMap<>();
                eval.put("val", PatchCamelyon.load(path, "valid", 0));
                eval.put("test", PatchCamelyon.load(path, "test", 0));
                return new Splits(PatchCamelyon.load(path, "train", 0), eval);
            }
            default:
                throw new UserError("unknown dataset kind '" + kind + "'; known: " + KINDS);
        }
    }

    private static Splits folders(Path root, int channels, int size) {
        Path train = root.resolve("train");
        if (!Files.isDirectory(train)) {
            throw new UserError(root + ": expected a train/ folder (and test/, optionally val/)"
                    + " of class folders, or CIFAR-10 binary batches");
        }
        ImageSet trainSet = ImageFolder.load(train, channels, size);
        Map<String, ImageSet> eval = new LinkedHashMap<>();
        for (String split : List.of("val", "test")) {
            Path dir = root.resolve(split);
            if (Files.isDirectory(dir)) {
                ImageSet s = ImageFolder.load(dir, trainSet.channels(), trainSet.height());
                if (!s.classes().equals(trainSet.classes())) {
                    throw new UserError(dir + ": classes " + s.classes() + " differ from train/ "
                            + trainSet.classes());
                }
                eval.put(split, s);
            }
        }
        if (eval.isEmpty()) {
            throw new UserError(root + ": no test/ or val/ folder to evaluate on");
        }
        return new Splits(trainSet, eval);
    }
}
