package dev.znorm.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MedMNIST v2 {@code .npz} files ({@code <split>_images}, {@code <split>_labels} for train, val,
 * test): any 2-D set, grey (N, H, W) or colour (N, H, W, 3), labels shaped (N,) or (N, 1).
 */
public final class MedMnist {

    public static final List<String> SPLITS = List.of("train", "val", "test");

    /** More classes than this is not a MedMNIST set: a label that large is damage. */
    static final int MAX_CLASSES = 1000;

    private MedMnist() {}

    /**
     * The three splits of {@code npz} with one set of classes: the names given, or 0 .. the largest
     * training label; a validation or test label outside them is an error naming the split and
     * index.
     */
    public static Map<String, ImageSet> loadAll(Path npz, List<String> classNames) {
        Map<String, ImageSet> out = new java.util.LinkedHashMap<>();
        ImageSet train = load(npz, "train", classNames);
        out.put("train", train);
        for (String split : List.of("val", "test")) {
            out.put(split, load(npz, split, train.classes()));
        }
        return out;
    }

    /** max label + 1 (at least 2), refusing negative and absurdly large labels. */
    private static int classCount(int[] y, Path npz, String split) {
        int max = 1;
        for (int i = 0; i < y.length; i++) {
            checkLabel(
                    y[i],
                    i,
                    MAX_CLASSES,
                    npz,
                    split,
                    "the " + MAX_CLASSES + " classes znorm accepts");
            max = Math.max(max, y[i]);
        }
        return max + 1;
    }

    private static void checkLabels(int[] y, int classes, Path npz, String split, String what) {
        for (int i = 0; i < y.length; i++) {
            checkLabel(y[i], i, classes, npz, split, what);
        }
    }

    private static void checkLabel(
            int label, int index, int classes, Path npz, String split, String what) {
        if (label < 0 || label >= classes) {
            throw new BadDataException(
                    npz,
                    "'"
                            + split
                            + "_labels' holds label "
                            + label
                            + " at index "
                            + index
                            + ", outside "
                            + what);
        }
    }

    /** Split {@code split} of {@code npz}; class names are "0", "1", ... unless given. */
    public static ImageSet load(Path npz, String split, List<String> classNames) {
        if (!SPLITS.contains(split)) {
            throw new IllegalArgumentException(
                    "MedMNIST split must be one of " + SPLITS + ", got '" + split + "'");
        }
        Map<String, Npy.Array> arrays = Npy.readNpz(npz);
        Npy.Array images = arrays.get(split + "_images");
        Npy.Array labels = arrays.get(split + "_labels");
        if (images == null || labels == null) {
            throw new BadDataException(
                    npz,
                    "no arrays '"
                            + split
                            + "_images' and '"
                            + split
                            + "_labels' (it has "
                            + arrays.keySet()
                            + "); expected a MedMNIST .npz");
        }
        long[] s = images.shape();
        if (!images.descr().equals("|u1") || !(s.length == 3 || (s.length == 4 && s[3] == 3))) {
            throw new BadDataException(
                    npz,
                    "'"
                            + split
                            + "_images' must be uint8 of shape (N, H, W) or (N, H, W, 3),"
                            + " got "
                            + images.descr()
                            + " "
                            + java.util.Arrays.toString(s));
        }
        long[] ls = labels.shape();
        if (!(ls.length == 1 || (ls.length == 2 && ls[1] == 1)) || ls[0] != s[0]) {
            throw new BadDataException(
                    npz,
                    "'"
                            + split
                            + "_labels' must have shape ("
                            + s[0]
                            + ",) or ("
                            + s[0]
                            + ", 1), got "
                            + java.util.Arrays.toString(ls));
        }
        int n = (int) s[0];
        int h = (int) s[1];
        int w = (int) s[2];
        int c = s.length == 4 ? 3 : 1;
        int[] y = labels.ints(npz);
        List<String> names = classNames;
        if (names == null || names.isEmpty()) {
            names = new ArrayList<>();
            for (int k = 0; k < classCount(y, npz, split); k++) {
                names.add(String.valueOf(k));
            }
        }
        checkLabels(y, names.size(), npz, split, "the " + names.size() + " classes " + names);
        byte[] px = images.data();
        if (c == 3) { // HWC -> CHW
            byte[] chw = new byte[px.length];
            int plane = h * w;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < plane; p++) {
                    for (int ch = 0; ch < 3; ch++) {
                        chw[i * 3 * plane + ch * plane + p] = px[(i * plane + p) * 3 + ch];
                    }
                }
            }
            px = chw;
        }
        return new ImageSet(px, y, c, h, w, names, npz + " (" + split + ")");
    }
}
