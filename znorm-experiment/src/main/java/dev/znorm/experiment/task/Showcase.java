package dev.znorm.experiment.task;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.data.Npy;
import dev.znorm.data.SegmentationSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A segmentation run's predictions on a few held-out slices, kept in its folder as showcase.npz so
 * a report can show them beside the image and the true mask: the three slices of the test split
 * with the most tumour and the first without any, the same for every method of a grid (they depend
 * only on the split). Stored as bytes (image, true mask 0/1, predicted probability 0..255): a few
 * tens of kilobytes.
 *
 * @param index the slices' positions in the test split
 * @param names the slices' names (patient and slice)
 */
public record Showcase(
        int[] index,
        List<String> names,
        int channels,
        int height,
        int width,
        byte[] image,
        byte[] truth,
        byte[] prob) {

    public static final String FILE = "showcase.npz";

    /** The slices shown: the three with the most tumour pixels, then the first with none. */
    static int[] choose(SegmentationSet set) {
        int[] area = new int[set.size()];
        for (int i = 0; i < set.size(); i++) {
            for (int y = 0; y < set.height(); y++) {
                for (int x = 0; x < set.width(); x++) {
                    area[i] += set.mask(i, y, x) != 0 ? 1 : 0;
                }
            }
        }
        List<Integer> chosen =
                new ArrayList<>(
                        IntStream.range(0, set.size())
                                .boxed()
                                .filter(i -> area[i] > 0)
                                .sorted(Comparator.comparingInt((Integer i) -> -area[i]))
                                .limit(3)
                                .toList());
        IntStream.range(0, set.size()).filter(i -> area[i] == 0).findFirst().ifPresent(chosen::add);
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The slices {@code chosen} of {@code set} with the network's logits on them. */
    static Showcase of(SegmentationSet set, int[] chosen, float[] logits) {
        int c = set.channels();
        int h = set.height();
        int w = set.width();
        int n = chosen.length;
        byte[] image = new byte[n * c * h * w];
        byte[] truth = new byte[n * h * w];
        byte[] prob = new byte[n * h * w];
        List<String> names = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int i = chosen[k];
            names.add(set.name(i));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int o = (k * h + y) * w + x;
                    truth[o] = (byte) (set.mask(i, y, x) != 0 ? 1 : 0);
                    double p = 1 / (1 + Math.exp(-logits[o]));
                    prob[o] = (byte) Math.round(255 * p);
                    for (int ch = 0; ch < c; ch++) {
                        image[((k * c + ch) * h + y) * w + x] = (byte) set.pixel(i, ch, y, x);
                    }
                }
            }
        }
        return new Showcase(chosen, names, c, h, w, image, truth, prob);
    }

    public int size() {
        return index.length;
    }

    /** The predicted probability (0..1) of pixel (y, x) of slice k. */
    public double probability(int k, int y, int x) {
        return (prob[(k * height + y) * width + x] & 0xFF) / 255.0;
    }

    public boolean tumour(int k, int y, int x) {
        return truth[(k * height + y) * width + x] != 0;
    }

    public int pixel(int k, int c, int y, int x) {
        return image[((k * channels + c) * height + y) * width + x] & 0xFF;
    }

    public void write(Path file) throws IOException {
        ByteBuffer idx = ByteBuffer.allocate(4 * size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : index) {
            idx.putInt(i);
        }
        long n = size();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Npy.writeNpz(
                bytes,
                List.of(
                        new Npy.Array("index", "<i4", new long[] {n}, idx.array()),
                        new Npy.Array(
                                "names",
                                "|u1",
                                new long[] {String.join("\n", names).getBytes(UTF8).length},
                                String.join("\n", names).getBytes(UTF8)),
                        new Npy.Array(
                                "image", "|u1", new long[] {n, channels, height, width}, image),
                        new Npy.Array("truth", "|u1", new long[] {n, height, width}, truth),
                        new Npy.Array("prob", "|u1", new long[] {n, height, width}, prob)));
        AtomicFiles.write(file, bytes.toByteArray());
    }

    private static final java.nio.charset.Charset UTF8 = java.nio.charset.StandardCharsets.UTF_8;

    /** The showcase of a run folder, if it has one. */
    public static Optional<Showcase> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<String, Npy.Array> a = Npy.readNpz(file);
        long[] s = a.get("image").shape();
        int[] index = a.get("index").ints(file);
        return Optional.of(
                new Showcase(
                        index,
                        List.of(new String(a.get("names").data(), UTF8).split("\n", -1)),
                        (int) s[1],
                        (int) s[2],
                        (int) s[3],
                        a.get("image").data(),
                        a.get("truth").data(),
                        a.get("prob").data()));
    }
}
