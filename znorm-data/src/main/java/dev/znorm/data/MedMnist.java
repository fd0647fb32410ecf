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

    private MedMnist() {}

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
        int classes = 0;
        for (int v : y) {
            if (v < 0) {
                throw new BadDataException(
                        npz, "negative label " + v + " in '" + split + "_labels'");
            }
            classes = Math.max(classes, v + 1);
        }
        List<String> names = classNames;
        if (names == null || names.isEmpty()) {
            names = new ArrayList<>();
            for (int k = 0; k < Math.max(classes, 2); k++) {
                names.add(String.valueOf(k));
            }
        } else if (classes > names.size()) {
            throw new BadDataException(
                    npz,
                    "label "
                            + (classes - 1)
                            + " is outside the "
                            + names.size()
                            + " classes "
                            + names);
        }
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
