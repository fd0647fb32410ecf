package dev.znorm.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * PatchCamelyon (Veeling et al. 2018) in its HDF5 files {@code
 * camelyonpatch_level_2_split_<split>_x.h5} (dataset {@code x}, uint8 (N, 96, 96, 3)) and {@code
 * _y.h5} (dataset {@code y}, (N, 1, 1, 1) labels 0/1), read with the pure-Java jhdf. The images are
 * kept as uint8; {@code limit} takes the first N (a split of 262,144 patches is 7.2 GB, more than
 * one Java array holds).
 */
public final class PatchCamelyon {

    public static final List<String> SPLITS = List.of("train", "valid", "test");
    public static final List<String> CLASSES = List.of("normal", "tumour");
    private static final long MAX_IMAGES = Integer.MAX_VALUE / (96L * 96 * 3);

    private PatchCamelyon() {}

    public static ImageSet load(Path dir, String split, int limit) {
        if (!SPLITS.contains(split)) {
            throw new IllegalArgumentException(
                    "PatchCamelyon split must be one of " + SPLITS + ", got '" + split + "'");
        }
        Path xFile = dir.resolve("camelyonpatch_level_2_split_" + split + "_x.h5");
        Path yFile = dir.resolve("camelyonpatch_level_2_split_" + split + "_y.h5");
        for (Path f : List.of(xFile, yFile)) {
            if (!Files.isRegularFile(f)) {
                throw new BadDataException(
                        f, "missing (expected the PatchCamelyon HDF5 files in " + dir + ")");
            }
        }
        try (HdfFile xh = open(xFile);
                HdfFile yh = open(yFile)) {
            Dataset x = dataset(xh, "x", xFile);
            Dataset y = dataset(yh, "y", yFile);
            long[] xs = x.getDimensionsAsLong();
            long[] ys = y.getDimensionsAsLong();
            if (xs.length != 4 || xs[3] != 3 || xs[1] < 1 || xs[2] < 1) {
                throw new BadDataException(
                        xFile,
                        "dataset 'x' has shape "
                                + java.util.Arrays.toString(xs)
                                + "; expected (N, H, W, 3)");
            }
            long yCount = 1;
            for (int i = 1; i < ys.length; i++) {
                yCount *= ys[i];
            }
            if (ys.length < 1 || ys[0] != xs[0] || yCount != 1) {
                throw new BadDataException(
                        yFile,
                        "dataset 'y' has shape "
                                + java.util.Arrays.toString(ys)
                                + "; expected ("
                                + xs[0]
                                + ", 1, 1, 1) to match "
                                + xFile.getFileName());
            }
            long n = limit > 0 ? Math.min(limit, xs[0]) : xs[0];
            if (n > MAX_IMAGES) {
                throw new BadDataException(
                        xFile,
                        n + " patches do not fit one array; pass a limit of at most " + MAX_IMAGES);
            }
            int h = (int) xs[1];
            int w = (int) xs[2];
            int[] shape = {(int) n, h, w, 3};
            int[] px = ints(x.getData(new long[] {0, 0, 0, 0}, shape), xFile);
            int[] labels = ints(y.getData(new long[ys.length], yShape(ys, (int) n)), yFile);
            byte[] chw = new byte[(int) n * 3 * h * w];
            int plane = h * w;
            for (int i = 0; i < n; i++) {
                if (labels[i] < 0 || labels[i] > 1) {
                    throw new BadDataException(
                            yFile, "patch " + i + " has label " + labels[i] + "; expected 0 or 1");
                }
                for (int p = 0; p < plane; p++) {
                    for (int c = 0; c < 3; c++) {
                        chw[i * 3 * plane + c * plane + p] = (byte) px[(i * plane + p) * 3 + c];
                    }
                }
            }
            return new ImageSet(chw, labels, 3, h, w, CLASSES, xFile + " (" + n + " patches)");
        }
    }

    private static int[] yShape(long[] ys, int n) {
        int[] s = new int[ys.length];
        s[0] = n;
        for (int i = 1; i < s.length; i++) {
            s[i] = 1;
        }
        return s;
    }

    private static HdfFile open(Path f) {
        try {
            return new HdfFile(f);
        } catch (RuntimeException e) {
            throw new BadDataException(f, "not a readable HDF5 file: " + e.getMessage(), e);
        }
    }

    private static Dataset dataset(HdfFile h, String name, Path f) {
        Node node = h.getChildren().get(name);
        if (!(node instanceof Dataset d)) {
            throw new BadDataException(
                    f, "no dataset '" + name + "' (it has " + h.getChildren().keySet() + ")");
        }
        return d;
    }

    /**
     * Flattens jhdf's nested arrays of byte/short/int (unsigned bytes come back widened) to ints.
     */
    private static int[] ints(Object data, Path f) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        flatten(data, out, f);
        int[] a = new int[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    private static void flatten(Object data, java.util.List<Integer> out, Path f) {
        if (data instanceof byte[] b) {
            for (byte v : b) {
                out.add(v & 0xFF);
            }
        } else if (data instanceof short[] s) {
            for (short v : s) {
                out.add(v & 0xFFFF);
            }
        } else if (data instanceof int[] iv) {
            for (int v : iv) {
                out.add(v);
            }
        } else if (data instanceof long[] lv) {
            for (long v : lv) {
                out.add((int) v);
            }
        } else if (data instanceof Object[] arr) {
            for (Object o : arr) {
                flatten(o, out, f);
            }
        } else {
            throw new BadDataException(
                    f,
                    "unsupported HDF5 element type " + (data == null ? "null" : data.getClass()));
        }
    }
}
