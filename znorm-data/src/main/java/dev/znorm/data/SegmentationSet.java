package dev.znorm.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Images with binary masks, kept as uint8: images C x H x W, masks H x W with values 0 or 1, and
 * for each slice the patient it belongs to (splits are made by patient, never by slice).
 */
public final class SegmentationSet {

    private final byte[] images;
    private final byte[] masks;
    private final List<String> patients;
    private final List<String> names;
    private final int channels;
    private final int height;
    private final int width;

    public SegmentationSet(
            byte[] images,
            byte[] masks,
            List<String> patients,
            List<String> names,
            int channels,
            int height,
            int width) {
        int n = patients.size();
        if (images.length != (long) n * channels * height * width
                || masks.length != (long) n * height * width) {
            throw new IllegalArgumentException(
                    "sizes do not match "
                            + n
                            + " slices of "
                            + channels
                            + "x"
                            + height
                            + "x"
                            + width);
        }
        this.images = images;
        this.masks = masks;
        this.patients = List.copyOf(patients);
        this.names = List.copyOf(names);
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    public int size() {
        return patients.size();
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public String patient(int i) {
        return patients.get(i);
    }

    public String name(int i) {
        return names.get(i);
    }

    /** The distinct patients in order of appearance. */
    public List<String> patientIds() {
        return new ArrayList<>(new LinkedHashSet<>(patients));
    }

    public int pixel(int i, int c, int y, int x) {
        return images[((i * channels + c) * height + y) * width + x] & 0xFF;
    }

    public int mask(int i, int y, int x) {
        return masks[(i * height + y) * width + x];
    }

    /** The number of slices whose mask has at least one foreground pixel. */
    public int slicesWithForeground() {
        int count = 0;
        int plane = height * width;
        for (int i = 0; i < size(); i++) {
            for (int p = 0; p < plane; p++) {
                if (masks[i * plane + p] != 0) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    byte[] rawImages() {
        return images;
    }

    byte[] rawMasks() {
        return masks;
    }

    /** The slices of the given patients, in their original order. */
    public SegmentationSet ofPatients(java.util.Collection<String> which) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            if (which.contains(patients.get(i))) {
                idx.add(i);
            }
        }
        int per = channels * height * width;
        int plane = height * width;
        byte[] im = new byte[idx.size() * per];
        byte[] mk = new byte[idx.size() * plane];
        List<String> pt = new ArrayList<>();
        List<String> nm = new ArrayList<>();
        for (int k = 0; k < idx.size(); k++) {
            int i = idx.get(k);
            System.arraycopy(images, i * per, im, k * per, per);
            System.arraycopy(masks, i * plane, mk, k * plane, plane);
            pt.add(patients.get(i));
            nm.add(names.get(i));
        }
        return new SegmentationSet(im, mk, pt, nm, channels, height, width);
    }
}
