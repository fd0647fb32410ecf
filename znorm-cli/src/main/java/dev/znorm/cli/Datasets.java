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

    static final List<String> KINDS = List.of("cifar10", "imagefolder", "medmnist", "pcam", "lgg");

    /** The LGG split: patients held out for validation and test, chosen once with this seed for every run. */
    static final long PATIENT_SPLIT_SEED = 0;

    /** A loaded dataset: classification splits, or a segmentation split by patient. */
    record Loaded(Splits classification, dev.znorm.data.Lgg.Split segmentation) {

        boolean isSegmentation() {
            return segmentation != null;
        }

        /** The names of the evaluation splits. */
        java.util.Set<String> evalSplits() {
            return isSegmentation() ? java.util.Set.of("val", "test") : classification.eval().keySet();
        }
    }

    /** Loads any kind; {@code imageSize} resizes LGG slices (0: as stored). */
    static Loaded loadAny(String kind, Path path, int imageSize) {
        return loadAny(kind, path, imageSize, 0);
    }

    static Loaded loadAny(String kind, Path path, int imageSize, int trainLimit) {
        if (kind.equals("lgg")) {
            if (!Files.isDirectory(path)) {
                throw new UserError("dataset path " + path + (Files.exists(path) ? " is not a directory" : " does not exist"));
            }
            dev.znorm.data.SegmentationSet all = dev.znorm.data.Lgg.load(path, imageSize);
            int patients = all.patientIds().size();
            if (patients < 3) {
                throw new UserError(path + ": " + patients + " patients; a split into train, validation and test needs at least 3");
            }
            int held = Math.max(1, Math.round(patients * 0.15f)); // 14 patients: 10 / 2 / 2
            return new Loaded(null, dev.znorm.data.Lgg.splitByPatient(all, PATIENT_SPLIT_SEED, held, held));
        }
        return new Loaded(load(kind, path, trainLimit), null);
    }

    /** The task that trains on {@code data} with {@code cfg}, checking that model and data fit. */
    static Task task(RunConfig cfg, Loaded data) {
        boolean segModel = dev.znorm.zoo.Networks.SEGMENTATION.contains(cfg.model().toLowerCase(java.util.Locale.ROOT));
        if (data.isSegmentation() != segModel) {
            throw new UserError("model '" + cfg.model() + "' does not fit dataset kind '" + cfg.dataset() + "': "
                    + (data.isSegmentation() ? "segmentation data needs " + dev.znorm.zoo.Networks.SEGMENTATION
                            : "classification data needs a classifier such as " + dev.znorm.zoo.Networks.EXAMPLES));
        }
        if (data.isSegmentation()) {
            dev.znorm.data.SegmentationSet t = data.segmentation().train();
            if (t.height() % 16 != 0 || t.width() % 16 != 0) {
                throw new UserError("model '" + cfg.model() + "' needs image sides divisible by 16, but the slices are "
                        + t.height() + "x" + t.width() + "; pass --image-size (e.g. 128)");
            }
            return new SegmentationTask(cfg, data.segmentation());
        }
        ImageSet t = data.classification().train();
        if (t.height() < 8 || t.width() < 8) {
            throw new UserError("images of " + t.height() + "x" + t.width() + " are too small for " + cfg.model());
        }
        return new ClassificationTask(cfg, data.classification());
    }

    private Datasets() {}

    /** A training split and the held-out splits to evaluate on, by name ("val", "test"). */
    record Splits(ImageSet train, Map<String, ImageSet> eval) {}

    static Splits load(String kind, Path path) {
        return load(kind, path, 0);
    }

    /**
     * Loads a classification dataset; {@code trainLimit} (0: none) caps how many training images
     * are read where a split is too large to read whole (PatchCamelyon's 262,144 patches).
     */
    static Splits load(String kind, Path path, int trainLimit) {
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
                try {
                    return new Splits(PatchCamelyon.load(path, "train", trainLimit), eval);
                } catch (dev.znorm.data.BadDataException e) {
                    if (e.getMessage().contains("pass a limit")) {
                        throw new UserError(e.getMessage() + " (with --train-subset, or train_subset in a comparison config)");
                    }
                    throw e;
                }
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
