package dev.znorm.experiment.task;

import dev.znorm.data.BadDataException;
import dev.znorm.data.CifarBinary;
import dev.znorm.data.ImageFolder;
import dev.znorm.data.ImageSet;
import dev.znorm.data.Lgg;
import dev.znorm.data.MedMnist;
import dev.znorm.data.PatchCamelyon;
import dev.znorm.data.SegmentationSet;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.run.RunSpec;
import dev.znorm.experiment.run.Task;
import dev.znorm.zoo.Networks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Loads a dataset by kind and path, and makes the task that trains a model on it. */
public final class Datasets {

    public static final List<String> KINDS =
            List.of("cifar10", "imagefolder", "medmnist", "pcam", "lgg");

    /**
     * The LGG split: patients held out for validation and test, chosen once with this seed for
     * every run.
     */
    static final long PATIENT_SPLIT_SEED = 0;

    private Datasets() {}

    /**
     * Whether datasets of this kind are segmentation (masks) rather than classification (labels).
     */
    public static boolean isSegmentation(String kind) {
        return "lgg".equals(kind);
    }

    /** A loaded dataset: classification splits, or a segmentation split by patient. */
    public record Loaded(ClassificationData classification, Lgg.Split segmentation) {

        public boolean isSegmentation() {
            return segmentation != null;
        }

        /** The names of the evaluation splits. */
        public Set<String> evalSplits() {
            return isSegmentation() ? Set.of("val", "test") : classification.eval().keySet();
        }
    }

    /**
     * Loads any kind; {@code imageSize} resizes LGG slices (0: as stored); {@code trainLimit} (0:
     * none) caps how many training images are read where a split is too large to read whole (PCam).
     */
    public static Loaded load(String kind, Path path, int imageSize, int trainLimit) {
        if (!KINDS.contains(kind)) {
            throw new BadInputException("unknown dataset kind '" + kind + "'; known: " + KINDS);
        }
        if (kind.equals("lgg")) {
            if (!Files.isDirectory(path)) {
                throw new BadInputException(
                        "dataset path "
                                + path
                                + (Files.exists(path) ? " is not a directory" : " does not exist"));
            }
            SegmentationSet all = Lgg.load(path, imageSize);
            int patients = all.patientIds().size();
            if (patients < 3) {
                throw new BadInputException(
                        path
                                + ": "
                                + patients
                                + " patients; a split into train, validation and test needs at least 3");
            }
            int held = Math.max(1, Math.round(patients * 0.15f)); // 14 patients: 10 / 2 / 2
            return new Loaded(null, Lgg.splitByPatient(all, PATIENT_SPLIT_SEED, held, held));
        }
        return new Loaded(classification(kind, path, trainLimit), null);
    }

    /** The data of {@code spec}. */
    public static Loaded load(RunSpec spec) {
        return load(
                spec.dataset(),
                spec.data(),
                spec.imageSize() == null ? 0 : spec.imageSize(),
                spec.trainSubset());
    }

    /**
     * The task that trains {@code spec}'s model on {@code data}, after checking that model and data
     * fit.
     */
    public static Task task(RunSpec spec, Loaded data) {
        boolean segModel = Networks.SEGMENTATION.contains(spec.model().toLowerCase(Locale.ROOT));
        if (data.isSegmentation() != segModel) {
            throw new BadInputException(
                    "model '"
                            + spec.model()
                            + "' does not fit dataset kind '"
                            + spec.dataset()
                            + "': "
                            + (data.isSegmentation()
                                    ? "segmentation data needs " + Networks.SEGMENTATION
                                    : "classification data needs a classifier such as "
                                            + Networks.EXAMPLES));
        }
        if (data.isSegmentation()) {
            SegmentationSet t = data.segmentation().train();
            if (t.height() % 16 != 0 || t.width() % 16 != 0) {
                throw new BadInputException(
                        "model '"
                                + spec.model()
                                + "' needs image sides divisible by 16, but the slices are "
                                + t.height()
                                + "x"
                                + t.width()
                                + "; pass --image-size (e.g. 128)");
            }
            return new SegmentationTask(spec, data.segmentation());
        }
        ImageSet t = data.classification().train();
        if (t.height() < 8 || t.width() < 8) {
            throw new BadInputException(
                    "images of "
                            + t.height()
                            + "x"
                            + t.width()
                            + " are too small for "
                            + spec.model());
        }
        return new ClassificationTask(spec, data.classification());
    }

    /** A classification dataset of {@code kind} at {@code path}. */
    public static ClassificationData classification(String kind, Path path, int trainLimit) {
        if (!Files.exists(path)) {
            throw new BadInputException("dataset path " + path + " does not exist");
        }
        return switch (kind) {
            case "cifar10" ->
                    CifarBinary.isBinaryDir(path)
                            ? new ClassificationData(
                                    CifarBinary.train(path), Map.of("test", CifarBinary.test(path)))
                            : folders(path, 3, 32);
            case "imagefolder" -> folders(path, 0, 0);
            case "medmnist" -> medmnist(path);
            case "pcam" -> pcam(path, trainLimit);
            default ->
                    throw new BadInputException(
                            "dataset kind '"
                                    + kind
                                    + "' is not a classification dataset; classification: "
                                    + KINDS.subList(0, 4));
        };
    }

    private static ClassificationData medmnist(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new BadInputException(path + ": a MedMNIST dataset is one .npz file");
        }
        List<String> names =
                path.getFileName().toString().toLowerCase(Locale.ROOT).startsWith("breastmnist")
                        ? List.of("malignant", "normal-benign")
                        : null;
        Map<String, ImageSet> splits = MedMnist.loadAll(path, names);
        Map<String, ImageSet> eval = new LinkedHashMap<>();
        eval.put("val", splits.get("val"));
        eval.put("test", splits.get("test"));
        return new ClassificationData(splits.get("train"), eval);
    }

    private static ClassificationData pcam(Path path, int trainLimit) {
        Map<String, ImageSet> eval = new LinkedHashMap<>();
        eval.put("val", PatchCamelyon.load(path, "valid", 0));
        eval.put("test", PatchCamelyon.load(path, "test", 0));
        try {
            return new ClassificationData(PatchCamelyon.load(path, "train", trainLimit), eval);
        } catch (BadDataException e) {
            if (e.getMessage().contains("pass a limit")) {
                throw new BadInputException(
                        e.getMessage()
                                + " (with --train-subset, or train_subset in a comparison config)");
            }
            throw e;
        }
    }

    private static ClassificationData folders(Path root, int channels, int size) {
        Path train = root.resolve("train");
        if (!Files.isDirectory(train)) {
            throw new BadInputException(
                    root
                            + ": expected a train/ folder (and test/, optionally val/)"
                            + " of class folders, or CIFAR-10 binary batches");
        }
        ImageSet trainSet = ImageFolder.load(train, channels, size);
        Map<String, ImageSet> eval = new LinkedHashMap<>();
        for (String split : List.of("val", "test")) {
            Path dir = root.resolve(split);
            if (Files.isDirectory(dir)) {
                ImageSet s = ImageFolder.load(dir, trainSet.channels(), trainSet.height());
                if (!s.classes().equals(trainSet.classes())) {
                    throw new BadInputException(
                            dir
                                    + ": classes "
                                    + s.classes()
                                    + " differ from train/ "
                                    + trainSet.classes());
                }
                eval.put(split, s);
            }
        }
        if (eval.isEmpty()) {
            throw new BadInputException(root + ": no test/ or val/ folder to evaluate on");
        }
        return new ClassificationData(trainSet, eval);
    }
}
