package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input to every command, one row each: the input, the command, the exit code,
 * the words the one-line message must contain, and nothing half-written (the row's folder, with the
 * files the row planted, is byte for byte the same afterwards). The README's reliability section
 * counts these rows.
 */
class BadInputTableTest {

    @TempDir static Path shared;

    static Path sample;
    static Path trainedRun;
    static Path grid;
    static Path gridConfig;

    /** Builds a row's command line in its own folder. */
    @FunctionalInterface
    interface Setup {
        List<String> args(Path dir) throws IOException;
    }

    record Row(String name, int code, List<String> words, Setup setup) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void fixtures() throws Exception {
        sample =
                Path.of(System.getProperty("znorm.home", ".."))
                        .resolve("demo/cifar10")
                        .toAbsolutePath();
        trainedRun = shared.resolve("trained");
        int code =
                Main.run(
                        "train",
                        "--data",
                        sample.toString(),
                        "--model",
                        "resnet8",
                        "--train-subset",
                        "32",
                        "--steps",
                        "2",
                        "--batch",
                        "16",
                        "--threads",
                        "1",
                        "--out",
                        trainedRun.toString());
        assertEquals(0, code, "the fixture run trains");
        gridConfig =
                BadFiles.text(
                        shared.resolve("grid.yaml"),
                        "name: g\ndata: "
                                + sample
                                + "\nmodels: [resnet8]\n"
                                + "methods: [adam]\nseeds: [0]\nepochs: 1\nbatch: 16\ntrain_subset: 32\nthreads: 1\n");
        grid = shared.resolve("grid");
        assertEquals(
                0,
                Main.run("compare", gridConfig.toString(), "--out", grid.toString()),
                "the fixture grid runs");
    }

    /** {@code train} with the given options and, for those not given, a tiny run's. */
    static List<String> train(String... given) {
        List<String> a = new ArrayList<>(List.of("train"));
        a.addAll(List.of(given));
        String[][] defaults = {
            {"--model", "resnet8"}, {"--steps", "1"}, {"--batch", "8"}, {"--threads", "1"}
        };
        for (String[] d : defaults) {
            if (!a.contains(d[0])) {
                a.add(d[0]);
                a.add(d[1]);
            }
        }
        return a;
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    static Path lgg() {
        Path p =
                Path.of(System.getProperty("znorm.shared.dir", "../../shared"))
                        .resolve("data/lgg/kaggle_3m");
        Assumptions.assumeTrue(
                Files.isDirectory(p), "skipped: the LGG data is not at " + p.toAbsolutePath());
        return p;
    }

    static String out(Path dir) {
        return dir.resolve("out").toString();
    }

    static Stream<Arguments> rows() {
        List<Row> r = new ArrayList<>();
        // train: the method
        r.add(
                new Row(
                        "train: unknown method",
                        2,
                        List.of("unknown method 'znrom'"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--method",
                                        "znrom+adam",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: no optimizer",
                        2,
                        List.of("add an optimizer last"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--method",
                                        "znorm",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: optimizer in the middle",
                        2,
                        List.of("must come last"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--method",
                                        "adam+znorm",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: unknown spec option",
                        2,
                        List.of("unknown option [epsilon]"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--method",
                                        "znorm:epsilon=1+adam",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: spec option twice",
                        2,
                        List.of("lr is given twice"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--method",
                                        "adam:lr=1,lr=2",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: spec option not a number",
                        2,
                        List.of("lr=abc is not a number"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--method",
                                        "adam:lr=abc",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: negative learning rate",
                        2,
                        List.of("lr must be a finite number >= 0"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--method",
                                        "adam:lr=-1",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: clip without threshold",
                        2,
                        List.of("needs a threshold"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--method",
                                        "clip-norm+adam",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: Nesterov without momentum",
                        2,
                        List.of("Nesterov momentum requires momentum > 0"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--method",
                                        "sgd:nesterov=true",
                                        "--out",
                                        out(d))));
        // train: model, numbers, options
        r.add(
                new Row(
                        "train: unknown model",
                        2,
                        List.of("6n + 2"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--model",
                                        "resnet21",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: segmentation model on images",
                        2,
                        List.of("does not fit dataset kind"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--model",
                                        "unet",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: batch 0",
                        2,
                        List.of("--batch must be >= 1"),
                        d -> train("--data", sample.toString(), "--batch", "0", "--out", out(d))));
        r.add(
                new Row(
                        "train: epochs 0",
                        2,
                        List.of("--epochs must be >= 1"),
                        d ->
                                List.of(
                                        "train",
                                        "--data",
                                        sample.toString(),
                                        "--epochs",
                                        "0",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: negative steps",
                        2,
                        List.of("--steps must be >= 0"),
                        d -> train("--data", sample.toString(), "--steps", "-1", "--out", out(d))));
        r.add(
                new Row(
                        "train: negative threads",
                        2,
                        List.of("--threads must be >= 1"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--threads",
                                        "-3",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: negative subset",
                        2,
                        List.of("--train-subset must be >= 0"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--train-subset",
                                        "-1",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: unknown schedule",
                        2,
                        List.of("--schedule must be cosine or constant"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--schedule",
                                        "linear",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: negative checkpoint interval",
                        2,
                        List.of("--checkpoint-every must be >= 0"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--checkpoint-every",
                                        "-1",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: negative gradient-stats interval",
                        2,
                        List.of("--grad-stats-every must be >= 0"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--grad-stats-every",
                                        "-1",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: keep no checkpoint",
                        2,
                        List.of("--keep-checkpoints must be >= 1"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--keep-checkpoints",
                                        "0",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: unknown dataset kind",
                        2,
                        List.of("unknown dataset kind 'mnist'"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--dataset",
                                        "mnist",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: unknown option",
                        2,
                        List.of("Unknown option", "--colour"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--colour",
                                        "red",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: missing --data",
                        2,
                        List.of("Missing required option: '--data"),
                        d -> train("--out", out(d))));
        r.add(
                new Row(
                        "train: batch not a number",
                        2,
                        List.of("Invalid value for option '--batch'"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--batch",
                                        "abc",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: --resume with --overwrite",
                        2,
                        List.of("contradict"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--resume",
                                        "--overwrite",
                                        "--out",
                                        out(d))));
        // train: the output folder
        r.add(
                new Row(
                        "train: --out is a file",
                        2,
                        List.of("is not a directory"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--out",
                                        BadFiles.text(d.resolve("a-file"), "x").toString())));
        r.add(
                new Row(
                        "train: --out under a file",
                        2,
                        List.of("is not a directory"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--out",
                                        BadFiles.text(d.resolve("a-file"), "x")
                                                .resolve("sub")
                                                .toString())));
        r.add(
                new Row(
                        "train: --out holds a run",
                        2,
                        List.of("holds a run already", "--resume", "--overwrite"),
                        d ->
                                train(
                                        "--model",
                                        "resnet8",
                                        "--data",
                                        sample.toString(),
                                        "--out",
                                        copy(trainedRun, d.resolve("run")).toString())));
        r.add(
                new Row(
                        "train: --resume with other options",
                        2,
                        List.of("describes another run"),
                        d ->
                                List.of(
                                        "train",
                                        "--model",
                                        "resnet8",
                                        "--data",
                                        sample.toString(),
                                        "--train-subset",
                                        "32",
                                        "--steps",
                                        "3",
                                        "--batch",
                                        "16",
                                        "--threads",
                                        "1",
                                        "--resume",
                                        "--out",
                                        copy(trainedRun, d.resolve("run")).toString())));
        r.add(
                new Row(
                        "train: --resume on a foreign config.json",
                        2,
                        List.of("is not the config.json of a znorm run"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--resume",
                                        "--out",
                                        BadFiles.text(d.resolve("run/config.json"), "[1, 2")
                                                .getParent()
                                                .toString())));
        r.add(
                new Row(
                        "train: --resume on records without config",
                        2,
                        List.of("but no config.json"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--resume",
                                        "--out",
                                        BadFiles.text(d.resolve("run/metrics.jsonl"), "{}\n")
                                                .getParent()
                                                .toString())));
        r.add(
                new Row(
                        "train: --out held by a live process",
                        2,
                        List.of("is in use by process " + ProcessHandle.current().pid()),
                        d -> {
                            Path run = d.resolve("run");
                            BadFiles.text(
                                    run.resolve(".znorm.lock"),
                                    "{\"host\":\""
                                            + dev.znorm.experiment.env.MachineInfo.current()
                                                    .get("host")
                                            + "\",\"pid\":"
                                            + ProcessHandle.current().pid()
                                            + ",\"started\":\"2026-01-01T00:00:00Z\",\"heartbeat\":\""
                                            + java.time.Instant.now()
                                            + "\",\"token\":\"another\",\"what\":\"znorm train\"}\n");
                            return train("--data", sample.toString(), "--out", run.toString());
                        }));
        // train: data
        r.add(
                new Row(
                        "train: data path missing",
                        2,
                        List.of("nowhere", "does not exist"),
                        d -> train("--data", d.resolve("nowhere").toString(), "--out", out(d))));
        r.add(
                new Row(
                        "train: cifar10 path is a file",
                        2,
                        List.of("expected a train/ folder"),
                        d ->
                                train(
                                        "--data",
                                        BadFiles.text(d.resolve("f"), "x").toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "imagefolder: empty class folder",
                        2,
                        List.of("empty class folder"),
                        d -> {
                            Path root = BadFiles.imageFolder(d.resolve("data"));
                            Files.createDirectories(root.resolve("train/c"));
                            return train(
                                    "--dataset",
                                    "imagefolder",
                                    "--data",
                                    root.toString(),
                                    "--out",
                                    out(d));
                        }));
        r.add(
                new Row(
                        "imagefolder: a file that is not an image",
                        2,
                        List.of("notes.txt", "not an image file"),
                        d -> {
                            Path root = BadFiles.imageFolder(d.resolve("data"));
                            BadFiles.text(root.resolve("train/a/notes.txt"), "x");
                            return train(
                                    "--dataset",
                                    "imagefolder",
                                    "--data",
                                    root.toString(),
                                    "--out",
                                    out(d));
                        }));
        r.add(
                new Row(
                        "imagefolder: a damaged PNG",
                        2,
                        List.of("broken.png", "not a readable image"),
                        d -> {
                            Path root = BadFiles.imageFolder(d.resolve("data"));
                            BadFiles.text(root.resolve("train/a/broken.png"), "not a png at all");
                            return train(
                                    "--dataset",
                                    "imagefolder",
                                    "--data",
                                    root.toString(),
                                    "--out",
                                    out(d));
                        }));
        r.add(
                new Row(
                        "imagefolder: images of two sizes",
                        2,
                        List.of("big.png", "is 9x9 but the first image is 8x8"),
                        d -> {
                            Path root = BadFiles.imageFolder(d.resolve("data"));
                            BadFiles.png(root.resolve("train/b/big.png"), 9, 9, true, 3);
                            return train(
                                    "--dataset",
                                    "imagefolder",
                                    "--data",
                                    root.toString(),
                                    "--out",
                                    out(d));
                        }));
        r.add(
                new Row(
                        "imagefolder: no train/",
                        2,
                        List.of("expected a train/ folder"),
                        d -> {
                            Files.createDirectories(d.resolve("data/test/a"));
                            return train(
                                    "--dataset",
                                    "imagefolder",
                                    "--data",
                                    d.resolve("data").toString(),
                                    "--out",
                                    out(d));
                        }));
        r.add(
                new Row(
                        "imagefolder: nothing to evaluate on",
                        2,
                        List.of("no test/ or val/ folder"),
                        d -> {
                            BadFiles.png(d.resolve("data/train/a/0.png"), 8, 8, true, 1);
                            BadFiles.png(d.resolve("data/train/b/0.png"), 8, 8, true, 2);
                            return train(
                                    "--dataset",
                                    "imagefolder",
                                    "--data",
                                    d.resolve("data").toString(),
                                    "--out",
                                    out(d));
                        }));
        r.add(
                new Row(
                        "imagefolder: test classes differ",
                        2,
                        List.of("differ from train/"),
                        d -> {
                            Path root = BadFiles.imageFolder(d.resolve("data"));
                            BadFiles.png(root.resolve("test/z/0.png"), 8, 8, true, 1);
                            return train(
                                    "--dataset",
                                    "imagefolder",
                                    "--data",
                                    root.toString(),
                                    "--out",
                                    out(d));
                        }));
        r.add(
                new Row(
                        "imagefolder: images too small",
                        2,
                        List.of("too small"),
                        d -> {
                            for (String s : new String[] {"train", "test"}) {
                                BadFiles.png(d.resolve("data/" + s + "/a/0.png"), 4, 4, true, 1);
                                BadFiles.png(d.resolve("data/" + s + "/b/0.png"), 4, 4, true, 2);
                            }
                            return train(
                                    "--dataset",
                                    "imagefolder",
                                    "--data",
                                    d.resolve("data").toString(),
                                    "--out",
                                    out(d));
                        }));
        r.add(
                new Row(
                        "medmnist: a folder, not a file",
                        2,
                        List.of("one .npz file"),
                        d ->
                                train(
                                        "--dataset",
                                        "medmnist",
                                        "--data",
                                        Files.createDirectories(d.resolve("m")).toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "medmnist: not a zip",
                        2,
                        List.of("m.npz"),
                        d ->
                                train(
                                        "--dataset",
                                        "medmnist",
                                        "--data",
                                        BadFiles.text(d.resolve("m.npz"), "hello").toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "medmnist: test label outside the training classes",
                        2,
                        List.of("m.npz", "'test_labels' holds label 7 at index 2"),
                        d ->
                                train(
                                        "--dataset",
                                        "medmnist",
                                        "--data",
                                        BadFiles.medmnist(
                                                        d.resolve("m.npz"),
                                                        new long[] {0, 1, 0, 1},
                                                        new long[] {0, 1, 7, 1})
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "medmnist: training label 100000",
                        2,
                        List.of("m.npz", "label 100000 at index 1", "1000 classes"),
                        d ->
                                train(
                                        "--dataset",
                                        "medmnist",
                                        "--data",
                                        BadFiles.medmnist(
                                                        d.resolve("m.npz"),
                                                        new long[] {0, 100000, 0, 1},
                                                        new long[] {0, 1, 0, 1})
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "medmnist: label 2^31-1",
                        2,
                        List.of("m.npz", "label 2147483647"),
                        d ->
                                train(
                                        "--dataset",
                                        "medmnist",
                                        "--data",
                                        BadFiles.medmnist(
                                                        d.resolve("m.npz"),
                                                        new long[] {0, Integer.MAX_VALUE, 0, 1},
                                                        new long[] {0, 1, 0, 1})
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "medmnist: label beyond int",
                        2,
                        List.of("m.npz", "too large for a label"),
                        d ->
                                train(
                                        "--dataset",
                                        "medmnist",
                                        "--data",
                                        BadFiles.medmnist(
                                                        d.resolve("m.npz"),
                                                        new long[] {0, 1L << 40, 0, 1},
                                                        new long[] {0, 1, 0, 1})
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "medmnist: negative label",
                        2,
                        List.of("m.npz", "label -1"),
                        d ->
                                train(
                                        "--dataset",
                                        "medmnist",
                                        "--data",
                                        BadFiles.medmnist(
                                                        d.resolve("m.npz"),
                                                        new long[] {0, -1, 0, 1},
                                                        new long[] {0, 1, 0, 1})
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "medmnist: object-dtype labels",
                        2,
                        List.of("m.npz", "object array"),
                        d ->
                                train(
                                        "--dataset",
                                        "medmnist",
                                        "--data",
                                        BadFiles.medmnistObjectLabels(d.resolve("m.npz"))
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "medmnist: unreadable header shape",
                        2,
                        List.of("m.npz", "unreadable shape"),
                        d ->
                                train(
                                        "--dataset",
                                        "medmnist",
                                        "--data",
                                        BadFiles.medmnistBadShape(d.resolve("m.npz")).toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "lgg: data path missing",
                        2,
                        List.of("does not exist"),
                        d ->
                                train(
                                        "--dataset",
                                        "lgg",
                                        "--model",
                                        "unet",
                                        "--data",
                                        d.resolve("none").toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "lgg: an image without its mask",
                        2,
                        List.of("image without its mask"),
                        d -> {
                            BadFiles.text(d.resolve("lgg/P1/P1_1.tif"), "x");
                            return train(
                                    "--dataset",
                                    "lgg",
                                    "--model",
                                    "unet",
                                    "--data",
                                    d.resolve("lgg").toString(),
                                    "--out",
                                    out(d));
                        }));
        r.add(
                new Row(
                        "lgg: too few patients",
                        2,
                        List.of(
                                "patients; a split into train, validation and test needs at least 3"),
                        d -> {
                            Path src = lgg();
                            Path two = Files.createDirectories(d.resolve("lgg"));
                            try (Stream<Path> s = Files.list(src)) {
                                for (Path p :
                                        s.filter(Files::isDirectory).sorted().limit(2).toList()) {
                                    Files.createSymbolicLink(two.resolve(p.getFileName()), p);
                                }
                            }
                            return train(
                                    "--dataset",
                                    "lgg",
                                    "--model",
                                    "unet",
                                    "--data",
                                    two.toString(),
                                    "--out",
                                    out(d));
                        }));
        r.add(
                new Row(
                        "lgg: a side not divisible by 16",
                        2,
                        List.of("divisible by 16"),
                        d ->
                                train(
                                        "--dataset",
                                        "lgg",
                                        "--model",
                                        "unet",
                                        "--image-size",
                                        "40",
                                        "--data",
                                        lgg().toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "lgg: a classifier on masks",
                        2,
                        List.of("does not fit dataset kind 'lgg'"),
                        d ->
                                List.of(
                                        "train",
                                        "--dataset",
                                        "lgg",
                                        "--model",
                                        "resnet20",
                                        "--data",
                                        lgg().toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "pcam: no HDF5 files",
                        2,
                        List.of("camelyonpatch"),
                        d ->
                                train(
                                        "--dataset",
                                        "pcam",
                                        "--data",
                                        Files.createDirectories(d.resolve("p")).toString(),
                                        "--out",
                                        out(d))));
        // compare
        r.add(
                new Row(
                        "compare: config missing",
                        2,
                        List.of("does not exist"),
                        d ->
                                List.of(
                                        "compare",
                                        d.resolve("none.yaml").toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "compare: not YAML",
                        2,
                        List.of("not valid YAML"),
                        d ->
                                List.of(
                                        "compare",
                                        BadFiles.text(d.resolve("g.yaml"), "data: [unclosed\n")
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "compare: unknown setting",
                        2,
                        List.of("unknown setting 'colour'"),
                        d ->
                                List.of(
                                        "compare",
                                        BadFiles.text(
                                                        d.resolve("g.yaml"),
                                                        "data: x\nmodels: [resnet8]\nmethods: [adam]\nseeds: [0]\ncolour: red\n")
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "compare: a key twice",
                        2,
                        List.of("Duplicate field 'epochs'"),
                        d ->
                                List.of(
                                        "compare",
                                        BadFiles.text(
                                                        d.resolve("g.yaml"),
                                                        "data: x\nmodels: [resnet8]\nmethods: [adam]\nseeds: [0]\nepochs: 2\nepochs: 3\n")
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "compare: a seed twice",
                        2,
                        List.of("seeds: 0 is listed twice"),
                        d ->
                                List.of(
                                        "compare",
                                        BadFiles.text(
                                                        d.resolve("g.yaml"),
                                                        "data: x\nmodels: [resnet8]\nmethods: [adam]\nseeds: [0, 0]\n")
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "compare: a seed not an integer",
                        2,
                        List.of("seeds: 'one' is not an integer"),
                        d ->
                                List.of(
                                        "compare",
                                        BadFiles.text(
                                                        d.resolve("g.yaml"),
                                                        "data: x\nmodels: [resnet8]\nmethods: [adam]\nseeds: [one]\n")
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "compare: baseline not run",
                        2,
                        List.of("baseline 'sgd' is not one of the methods"),
                        d ->
                                List.of(
                                        "compare",
                                        BadFiles.text(
                                                        d.resolve("g.yaml"),
                                                        "data: x\nmodels: [resnet8]\nmethods: [adam]\nseeds: [0]\nbaseline: sgd\n")
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "compare: models and method keys differ",
                        2,
                        List.of("must list the same models"),
                        d ->
                                List.of(
                                        "compare",
                                        BadFiles.text(
                                                        d.resolve("g.yaml"),
                                                        "data: x\nmodels: [resnet8]\nmethods: {resnet14: [adam]}\nseeds: [0]\n")
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "compare: negative epochs",
                        2,
                        List.of("'epochs' must be an integer >= 1"),
                        d ->
                                List.of(
                                        "compare",
                                        BadFiles.text(
                                                        d.resolve("g.yaml"),
                                                        "data: x\nmodels: [resnet8]\nmethods: [adam]\nseeds: [0]\nepochs: -1\n")
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "compare: a bad method",
                        2,
                        List.of("unknown method 'znrom'"),
                        d ->
                                List.of(
                                        "compare",
                                        BadFiles.text(
                                                        d.resolve("g.yaml"),
                                                        "data: x\nmodels: [resnet8]\nmethods: [znrom+adam]\nseeds: [0]\n")
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "compare: split not in the data",
                        2,
                        List.of("split 'holdout' is not in the dataset"),
                        d ->
                                List.of(
                                        "compare",
                                        BadFiles.text(
                                                        d.resolve("g.yaml"),
                                                        "data: "
                                                                + sample
                                                                + "\nmodels: [resnet8]\nmethods: [adam]\nseeds: [0]\nsplit: holdout\n")
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "compare: a model that does not fit, after one that does",
                        2,
                        List.of("model 'unet' does not fit"),
                        d ->
                                List.of(
                                        "compare",
                                        BadFiles.text(
                                                        d.resolve("g.yaml"),
                                                        "data: "
                                                                + sample
                                                                + "\nmodels: [resnet8, unet]\nmethods: [adam]\nseeds: [0]\n")
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "compare: a grid folder with runs of other settings",
                        2,
                        List.of(
                                "holds runs made with other settings",
                                "epochs 1 -> 2",
                                "--rerun-changed"),
                        d ->
                                List.of(
                                        "compare",
                                        BadFiles.text(
                                                        d.resolve("g.yaml"),
                                                        Files.readString(gridConfig)
                                                                .replace("epochs: 1", "epochs: 2"))
                                                .toString(),
                                        "--out",
                                        copy(grid, d.resolve("grid")).toString())));
        r.add(
                new Row(
                        "compare: unknown option",
                        2,
                        List.of("Unknown option", "--jobz"),
                        d -> List.of("compare", gridConfig.toString(), "--jobz", "2")));
        r.add(
                new Row(
                        "compare: --jobs 0",
                        2,
                        List.of("--jobs must be >= 1"),
                        d ->
                                List.of(
                                        "compare",
                                        gridConfig.toString(),
                                        "--out",
                                        out(d),
                                        "--jobs",
                                        "0")));
        r.add(
                new Row(
                        "compare: more workers than cores",
                        2,
                        List.of("--jobs 1000 x 1 intra-op threads per run", "cores"),
                        d ->
                                List.of(
                                        "compare",
                                        gridConfig.toString(),
                                        "--out",
                                        out(d),
                                        "--jobs",
                                        "1000")));
        r.add(
                new Row(
                        "compare: --threads below 0",
                        2,
                        List.of("--threads must be >= 0"),
                        d ->
                                List.of(
                                        "compare",
                                        gridConfig.toString(),
                                        "--out",
                                        out(d),
                                        "--threads",
                                        "-2")));
        r.add(
                new Row(
                        "compare: --shard index out of range",
                        2,
                        List.of("--shard 4/4: the index must be 0 .. count-1"),
                        d ->
                                List.of(
                                        "compare",
                                        gridConfig.toString(),
                                        "--out",
                                        out(d),
                                        "--shard",
                                        "4/4")));
        r.add(
                new Row(
                        "compare: --shard not K/N",
                        2,
                        List.of("--shard 'half': expected K/N"),
                        d ->
                                List.of(
                                        "compare",
                                        gridConfig.toString(),
                                        "--out",
                                        out(d),
                                        "--shard",
                                        "half")));
        r.add(
                new Row(
                        "compare: --emit for an unknown scheduler",
                        2,
                        List.of("--emit 'pbs': expected slurm or k8s"),
                        d ->
                                List.of(
                                        "compare",
                                        gridConfig.toString(),
                                        "--out",
                                        out(d),
                                        "--emit",
                                        "pbs")));
        r.add(
                new Row(
                        "compare: --emit k8s without an image",
                        2,
                        List.of("--emit k8s needs --image"),
                        d ->
                                List.of(
                                        "compare",
                                        gridConfig.toString(),
                                        "--out",
                                        out(d),
                                        "--emit",
                                        "k8s",
                                        "--pvc",
                                        "claim")));
        r.add(
                new Row(
                        "compare: --emit slurm with --parallel below 0",
                        2,
                        List.of("--parallel must be >= 0"),
                        d ->
                                List.of(
                                        "compare",
                                        gridConfig.toString(),
                                        "--out",
                                        out(d),
                                        "--emit",
                                        "slurm",
                                        "--parallel",
                                        "-1")));
        r.add(
                new Row(
                        "compare: --device that does not exist",
                        2,
                        List.of("--device 'tpu': expected cpu, gpu or gpu:N"),
                        d ->
                                List.of(
                                        "compare",
                                        gridConfig.toString(),
                                        "--out",
                                        out(d),
                                        "--device",
                                        "tpu")));
        r.add(
                new Row(
                        "compare: --device gpu on an engine without GPUs",
                        2,
                        List.of("the engine sees 0 GPUs"),
                        d ->
                                List.of(
                                        "compare",
                                        gridConfig.toString(),
                                        "--out",
                                        out(d),
                                        "--device",
                                        "gpu")));
        r.add(
                new Row(
                        "compare: --until-resolved as a shard",
                        2,
                        List.of("--until-resolved decides from the whole grid"),
                        d ->
                                List.of(
                                        "compare",
                                        gridConfig.toString(),
                                        "--out",
                                        out(d),
                                        "--until-resolved",
                                        "--shard",
                                        "0/2")));
        r.add(
                new Row(
                        "compare: --width below 0",
                        2,
                        List.of("--width must be >= 0"),
                        d ->
                                List.of(
                                        "compare",
                                        gridConfig.toString(),
                                        "--out",
                                        out(d),
                                        "--until-resolved",
                                        "--width",
                                        "-1")));
        r.add(
                new Row(
                        "compare: --seeds with a seed twice",
                        2,
                        List.of("--seeds [1, 1]: give at least one seed, each once"),
                        d ->
                                List.of(
                                        "compare",
                                        gridConfig.toString(),
                                        "--out",
                                        out(d),
                                        "--seeds",
                                        "1,1")));
        r.add(
                new Row(
                        "compare: --until-resolved from one seed",
                        2,
                        List.of("--until-resolved needs at least 2 seeds"),
                        d ->
                                List.of(
                                        "compare",
                                        gridConfig.toString(),
                                        "--out",
                                        out(d),
                                        "--until-resolved")));
        r.add(
                new Row(
                        "compare: a grid's device that does not exist",
                        2,
                        List.of("g.yaml: device 'tpu': expected cpu, gpu or gpu:N"),
                        d ->
                                List.of(
                                        "compare",
                                        BadFiles.text(
                                                        d.resolve("g.yaml"),
                                                        Files.readString(gridConfig)
                                                                + "device: tpu\n")
                                                .toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "train: --device gpu:1 on an engine without GPUs",
                        2,
                        List.of("--device gpu:1: the engine sees 0 GPUs"),
                        d ->
                                train(
                                        "--data",
                                        sample.toString(),
                                        "--device",
                                        "gpu:1",
                                        "--out",
                                        out(d))));
        // report
        r.add(
                new Row(
                        "report: not a comparison folder",
                        2,
                        List.of("is not a comparison folder"),
                        d ->
                                List.of(
                                        "report",
                                        Files.createDirectories(d.resolve("x")).toString())));
        r.add(
                new Row(
                        "report: its config damaged",
                        2,
                        List.of("not valid YAML"),
                        d -> {
                            Path g = copy(grid, d.resolve("grid"));
                            Files.writeString(g.resolve("config.yaml"), "data: [broken\n");
                            return List.of("report", g.toString());
                        }));
        // evaluate
        r.add(
                new Row(
                        "evaluate: not a run folder",
                        2,
                        List.of("is not a run folder"),
                        d ->
                                List.of(
                                        "evaluate",
                                        "--run",
                                        Files.createDirectories(d.resolve("x")).toString())));
        r.add(
                new Row(
                        "evaluate: unknown split",
                        2,
                        List.of("has no split 'val'"),
                        d ->
                                List.of(
                                        "evaluate",
                                        "--run",
                                        copy(trainedRun, d.resolve("run")).toString(),
                                        "--split",
                                        "val")));
        r.add(
                new Row(
                        "evaluate: no checkpoint",
                        2,
                        List.of("no intact checkpoint"),
                        d -> {
                            Path run = copy(trainedRun, d.resolve("run"));
                            try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
                                for (Path p : s.toList()) {
                                    Files.delete(p);
                                }
                            }
                            return List.of("evaluate", "--run", run.toString());
                        }));
        r.add(
                new Row(
                        "evaluate: data of other classes",
                        2,
                        List.of("differ from the model's"),
                        d ->
                                List.of(
                                        "evaluate",
                                        "--run",
                                        copy(trainedRun, d.resolve("run")).toString(),
                                        "--data",
                                        BadFiles.imageFolder(d.resolve("other")).toString())));
        r.add(
                new Row(
                        "evaluate: a damaged config.json",
                        2,
                        List.of("is not the config.json of a znorm run"),
                        d -> {
                            Path run = copy(trainedRun, d.resolve("run"));
                            Files.writeString(run.resolve("config.json"), "{\"model\": 3");
                            return List.of("evaluate", "--run", run.toString());
                        }));
        // predict
        r.add(
                new Row(
                        "predict: image missing",
                        2,
                        List.of("none.png does not exist"),
                        d ->
                                List.of(
                                        "predict",
                                        "--run",
                                        trainedRun.toString(),
                                        d.resolve("none.png").toString())));
        r.add(
                new Row(
                        "predict: a directory",
                        2,
                        List.of("is a directory"),
                        d ->
                                List.of(
                                        "predict",
                                        "--run",
                                        trainedRun.toString(),
                                        Files.createDirectories(d.resolve("imgs")).toString())));
        r.add(
                new Row(
                        "predict: not an image",
                        2,
                        List.of("is not a readable image"),
                        d ->
                                List.of(
                                        "predict",
                                        "--run",
                                        trainedRun.toString(),
                                        BadFiles.text(d.resolve("x.png"), "text").toString())));
        r.add(
                new Row(
                        "predict: not a run folder",
                        2,
                        List.of("is not a run folder"),
                        d ->
                                List.of(
                                        "predict",
                                        "--run",
                                        Files.createDirectories(d.resolve("x")).toString(),
                                        sample.resolve("test/cat/00000.png").toString())));
        // gradients
        r.add(
                new Row(
                        "gradients: a segmentation dataset",
                        2,
                        List.of("give a classification dataset"),
                        d ->
                                List.of(
                                        "gradients",
                                        "--dataset",
                                        "lgg",
                                        "--data",
                                        sample.toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "gradients: skip-non-finite as the transform",
                        2,
                        List.of("give one gradient transform"),
                        d ->
                                List.of(
                                        "gradients",
                                        "--data",
                                        sample.toString(),
                                        "--transform",
                                        "skip-non-finite",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "gradients: networks of other shapes",
                        2,
                        List.of("identical parameter shapes"),
                        d ->
                                List.of(
                                        "gradients",
                                        "--data",
                                        sample.toString(),
                                        "--models",
                                        "resnet8,resnet14",
                                        "--steps",
                                        "1",
                                        "--threads",
                                        "1",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "gradients: zero steps",
                        2,
                        List.of("--steps must be >= 1"),
                        d ->
                                List.of(
                                        "gradients",
                                        "--data",
                                        sample.toString(),
                                        "--steps",
                                        "0",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "gradients: unknown model",
                        2,
                        List.of("--models"),
                        d ->
                                List.of(
                                        "gradients",
                                        "--data",
                                        sample.toString(),
                                        "--models",
                                        "resnet20,resnet21",
                                        "--out",
                                        out(d))));
        // verify
        r.add(
                new Row(
                        "verify: not a comparison folder",
                        2,
                        List.of("is not a comparison folder (it has no runs/)"),
                        d -> List.of("verify", d.toString(), "--out", out(d))));
        r.add(
                new Row(
                        "verify: --cells 0",
                        2,
                        List.of("--cells must be >= 1"),
                        d -> List.of("verify", grid.toString(), "--cells", "0", "--out", out(d))));
        r.add(
                new Row(
                        "verify: a cell not written MODEL/METHOD/SEED",
                        2,
                        List.of("--cell 'resnet8/adam': expected MODEL/METHOD/SEED"),
                        d ->
                                List.of(
                                        "verify",
                                        grid.toString(),
                                        "--cell",
                                        "resnet8/adam",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "verify: a cell the grid does not hold",
                        2,
                        List.of("holds no run (no config.json)"),
                        d ->
                                List.of(
                                        "verify",
                                        grid.toString(),
                                        "--cell",
                                        "resnet8/adam/7",
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "verify: --tolerance below 0",
                        2,
                        List.of("--tolerance must be >= 0"),
                        d ->
                                List.of(
                                        "verify",
                                        grid.toString(),
                                        "--tolerance",
                                        "-1",
                                        "--out",
                                        out(d))));
        // trend
        r.add(
                new Row(
                        "trend: a setting it does not know",
                        2,
                        List.of("Invalid value for option '--by'", "weeks"),
                        d -> List.of("trend", "--by", "weeks", "--out", out(d), grid.toString())));
        r.add(
                new Row(
                        "trend: a folder that is not a comparison",
                        2,
                        List.of("is not a comparison folder (no config.yaml)"),
                        d -> List.of("trend", "--by", "images", "--out", out(d), d.toString())));
        // demo
        r.add(
                new Row(
                        "demo: sample missing",
                        2,
                        List.of("the demo sample is missing"),
                        d ->
                                List.of(
                                        "demo",
                                        "--data",
                                        d.resolve("none").toString(),
                                        "--out",
                                        out(d))));
        r.add(
                new Row(
                        "demo: negative threads",
                        2,
                        List.of("--threads must be >= 0"),
                        d -> List.of("demo", "--threads", "-1", "--out", out(d))));
        r.add(
                new Row(
                        "demo: no seeds",
                        2,
                        List.of("--seeds and --epochs must be >= 1"),
                        d -> List.of("demo", "--seeds", "0", "--out", out(d))));
        r.add(new Row("no such command", 2, List.of("Unmatched argument"), d -> List.of("trian")));
        return r.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void failsBeforeTrainingNamingTheProblemAndWritesNothing(Row row, @TempDir Path dir)
            throws Exception {
        List<String> args = row.setup().args(dir);
        Map<String, String> before = snapshot(dir);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run(args.toArray(String[]::new));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(
                row.code(),
                code,
                row.name()
                        + ": exit code; stderr: "
                        + message
                        + out.toString(StandardCharsets.UTF_8));
        for (String w : row.words()) {
            assertTrue(message.contains(w), row.name() + ": '" + w + "' in: " + message);
        }
        assertTrue(
                !message.contains("\tat ") && !message.contains("internal error"),
                row.name() + ": no stack trace: " + message);
        assertEquals(before, snapshot(dir), row.name() + ": nothing written or changed");
    }

    /** Every file under {@code dir} with the hash of its content. */
    static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                String key = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    m.put(key, "link");
                } else if (Files.isDirectory(p)) {
                    m.put(key + "/", "dir");
                } else {
                    m.put(key, HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
                }
            }
        }
        return m;
    }
}
