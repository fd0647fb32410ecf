package dev.znorm.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * LGG brain-MRI segmentation (Buda et al. 2019) in the {@code kaggle_3m} layout: {@code
 * <root>/<patient>/<patient>_<slice>.tif} with {@code <patient>_<slice>_mask.tif}. Images are
 * 3-channel (pre-contrast, FLAIR, post-contrast), masks are binarised (any non-zero value is
 * tumour). Optional resizing: bilinear for images, nearest for masks. Splits are by patient.
 */
public final class Lgg {

    private Lgg() {}

    /** Train / validation / test sets of whole patients and the patients in each. */
    public record Split(
            SegmentationSet train,
            SegmentationSet val,
            SegmentationSet test,
            List<String> trainPatients,
            List<String> valPatients,
            List<String> testPatients) {}

    /** Loads every patient folder under {@code root}; {@code size} 0 keeps the stored size. */
    public static SegmentationSet load(Path root, int size) {
        if (!Files.isDirectory(root)) {
            throw new BadDataException(
                    root, Files.exists(root) ? "not a directory" : "does not exist");
        }
        List<Path[]> pairs = new ArrayList<>();
        List<String> patients = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Map<String, Path> images = new TreeMap<>(Lgg::bySliceNumber);
                Map<String, Path> masks = new TreeMap<>(Lgg::bySliceNumber);
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        String name = f.getFileName().toString();
                        if (!name.endsWith(".tif") && !name.endsWith(".tiff")) {
                            continue;
                        }
                        String stem = name.substring(0, name.lastIndexOf('.'));
                        if (stem.endsWith("_mask")) {
                            masks.put(stem.substring(0, stem.length() - 5), f);
                        } else {
                            images.put(stem, f);
                        }
                    }
                }
                for (String stem : images.keySet()) {
                    if (!masks.containsKey(stem)) {
                        throw new BadDataException(
                                images.get(stem), "image without its mask " + stem + "_mask.tif");
                    }
                }
                for (String stem : masks.keySet()) {
                    if (!images.containsKey(stem)) {
                        throw new BadDataException(
                                masks.get(stem), "mask without its image " + stem + ".tif");
                    }
                }
                for (String stem : images.keySet()) {
                    pairs.add(new Path[] {images.get(stem), masks.get(stem)});
                    patients.add(dir.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new BadDataException(root, "cannot list: " + e, e);
        }
        if (pairs.isEmpty()) {
            throw new BadDataException(
                    root, "no <patient>/<patient>_<slice>.tif image/mask pairs found");
        }
        BufferedImage first = ImageFolder.decode(pairs.get(0)[0]);
        int h = size > 0 ? size : first.getHeight();
        int w = size > 0 ? size : first.getWidth();
        byte[] images = new byte[pairs.size() * 3 * h * w];
        byte[] masks = new byte[pairs.size() * h * w];
        IntStream.range(0, pairs.size())
                .parallel()
                .forEach(
                        i -> {
                            Path[] pair = pairs.get(i);
                            BufferedImage img = ImageFolder.decode(pair[0]);
                            BufferedImage mask = ImageFolder.decode(pair[1]);
                            if (img.getWidth() != mask.getWidth()
                                    || img.getHeight() != mask.getHeight()) {
                                throw new BadDataException(
                                        pair[1],
                                        "mask is "
                                                + mask.getWidth()
                                                + "x"
                                                + mask.getHeight()
                                                + " but its image is "
                                                + img.getWidth()
                                                + "x"
                                                + img.getHeight());
                            }
                            if (size <= 0 && (img.getWidth() != w || img.getHeight() != h)) {
                                throw new BadDataException(
                                        pair[0],
                                        "is "
                                                + img.getWidth()
                                                + "x"
                                                + img.getHeight()
                                                + " but the first"
                                                + " image is "
                                                + w
                                                + "x"
                                                + h
                                                + "; pass a size to resize");
                            }
                            ImageFolder.writePixels(
                                    Images.resize(img, w, h, true), 3, images, i * 3 * h * w);
                            byte[] m = new byte[h * w];
                            ImageFolder.writePixels(Images.resize(mask, w, h, false), 1, m, 0);
                            for (int p = 0; p < m.length; p++) {
                                masks[i * h * w + p] = (byte) (m[p] != 0 ? 1 : 0);
                            }
                        });
        List<String> names = pairs.stream().map(p -> p[0].getFileName().toString()).toList();
        return new SegmentationSet(images, masks, patients, names, 3, h, w);
    }

    private static int bySliceNumber(String a, String b) {
        int c = Long.compare(sliceNumber(a), sliceNumber(b));
        return c != 0 ? c : a.compareTo(b);
    }

    private static long sliceNumber(String stem) {
        int us = stem.lastIndexOf('_');
        try {
            return Long.parseLong(stem.substring(us + 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Splits by patient: the patients are shuffled with {@code seed}, then val and test counts are
     * taken.
     */
    public static Split splitByPatient(
            SegmentationSet all, long seed, int valPatients, int testPatients) {
        List<String> ids = all.patientIds();
        if (valPatients < 0 || testPatients < 0 || valPatients + testPatients >= ids.size()) {
            throw new IllegalArgumentException(
                    "cannot hold out "
                            + valPatients
                            + " validation and "
                            + testPatients
                            + " test patients of "
                            + ids.size()
                            + " and keep any for training");
        }
        java.util.Collections.sort(ids);
        int[] order = Seeds.permutation(ids.size(), seed, true);
        List<String> sorted = List.copyOf(ids);
        for (int k = 0; k < order.length; k++) {
            ids.set(k, sorted.get(order[k]));
        }
        List<String> test = new ArrayList<>(ids.subList(0, testPatients));
        List<String> val = new ArrayList<>(ids.subList(testPatients, testPatients + valPatients));
        List<String> train = new ArrayList<>(ids.subList(testPatients + valPatients, ids.size()));
        java.util.Collections.sort(train);
        java.util.Collections.sort(val);
        java.util.Collections.sort(test);
        return new Split(
                all.ofPatients(train), all.ofPatients(val), all.ofPatients(test), train, val, test);
    }
}
