package dev.znorm.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A reader for NumPy's {@code .npy} arrays and {@code .npz} archives (as written by {@code
 * np.savez} and {@code np.savez_compressed}), for the integer dtypes image datasets use.
 */
public final class Npy {

    /**
     * One array: dtype descriptor (e.g. {@code |u1}, {@code <i8}), shape, raw little-endian data.
     */
    public record Array(String name, String descr, long[] shape, byte[] data) {

        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /**
         * Values as ints (uint8 masked to 0..255; int16/32/64 and uint16/32 narrowed when they
         * fit).
         */
        public int[] ints(Path file) {
            int n = (int) size();
            int[] out = new int[n];
            ByteBuffer b =
                    ByteBuffer.wrap(data)
                            .order(
                                    descr.startsWith(">")
                                            ? ByteOrder.BIG_ENDIAN
                                            : ByteOrder.LITTLE_ENDIAN);
            String t = descr.substring(1);
            for (int i = 0; i < n; i++) {
                long v =
                        switch (t) {
                            case "u1" -> data[i] & 0xFF;
                            case "i1" -> data[i];
                            case "u2" -> b.getShort(2 * i) & 0xFFFF;
                            case "i2" -> b.getShort(2 * i);
                            case "u4" -> b.getInt(4 * i) & 0xFFFFFFFFL;
                            case "i4" -> b.getInt(4 * i);
                            case "i8", "u8" -> b.getLong(8 * i);
                            case "b1" -> data[i];
                            default ->
                                    throw new BadDataException(
                                            file,
                                            "array '"
                                                    + name
                                                    + "' has dtype "
                                                    + descr
                                                    + "; only integer arrays are supported");
                        };
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new BadDataException(
                            file, "array '" + name + "' holds " + v + ", too large for a label");
                }
                out[i] = (int) v;
            }
            return out;
        }
    }

    private Npy() {}

    /** Every array of an {@code .npz} file, by name (without the .npy suffix). */
    public static Map<String, Array> readNpz(Path file) {
        Map<String, Array> arrays = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name =
                        e.getName().endsWith(".npy")
                                ? e.getName().substring(0, e.getName().length() - 4)
                                : e.getName();
                arrays.put(name, read(zip, name, file));
            }
        } catch (java.util.zip.ZipException ex) {
            throw new BadDataException(
                    file, "not a readable .npz (zip) archive: " + ex.getMessage(), ex);
        } catch (IOException ex) {
            throw new BadDataException(file, "cannot read: " + ex, ex);
        }
        if (arrays.isEmpty()) {
            throw new BadDataException(file, "not an .npz archive (no arrays found)");
        }
        return arrays;
    }

    static Array read(InputStream in, String name, Path file) throws IOException {
        NpyHeader h = NpyHeader.read(in, name, file);
        long[] shape = h.shape();
        int itemSize = h.itemSize();
        String descr = h.descr();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        in.transferTo(data);
        Array a = new Array(name, descr, shape, data.toByteArray());
        if (a.data().length != a.size() * itemSize) {
            throw new BadDataException(
                    file,
                    "entry '"
                            + name
                            + "' is truncated: "
                            + a.data().length
                            + " bytes for shape "
                            + java.util.Arrays.toString(shape)
                            + " of "
                            + a.descr());
        }
        return a;
    }

    /**
     * Writes float32 arrays as an {@code .npz}, readable by {@code numpy.load}, to {@code os}
     * (finished, not closed).
     */
    public static void writeNpz(
            java.io.OutputStream os, Map<String, float[]> arrays, Map<String, long[]> shapes)
            throws IOException {
        java.util.List<Array> out = new java.util.ArrayList<>();
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            ByteBuffer data =
                    ByteBuffer.allocate(e.getValue().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            data.asFloatBuffer().put(e.getValue());
            out.add(new Array(e.getKey(), "<f4", shapes.get(e.getKey()), data.array()));
        }
        writeNpz(os, out);
    }

    /**
     * Writes arrays of any dtype NumPy names ({@code |u1}, {@code <i4}, {@code <f4}, ...; raw
     * little-endian data) as a deflated {@code .npz} to {@code os} (finished, not closed).
     */
    public static void writeNpz(java.io.OutputStream os, java.util.List<Array> arrays)
            throws IOException {
        java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(os);
        for (Array a : arrays) {
            long[] shape = a.shape();
            StringBuilder dims = new StringBuilder();
            for (long d : shape) {
                dims.append(d).append(", ");
            }
            String shapeText =
                    shape.length == 0
                            ? "()"
                            : shape.length == 1
                                    ? "(" + shape[0] + ",)"
                                    : "(" + dims.substring(0, dims.length() - 2) + ")";
            String header =
                    "{'descr': '"
                            + a.descr()
                            + "', 'fortran_order': False, 'shape': "
                            + shapeText
                            + ", }";
            int total = 10 + header.length() + 1;
            header = header + " ".repeat((64 - total % 64) % 64) + "\n";
            zip.putNextEntry(new ZipEntry(a.name() + ".npy"));
            zip.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            zip.write(
                    ByteBuffer.allocate(2)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .putShort((short) header.length())
                            .array());
            zip.write(header.getBytes(StandardCharsets.ISO_8859_1));
            zip.write(a.data());
            zip.closeEntry();
        }
        zip.finish();
    }

    /** Reads a float32 array of an .npz written by {@link #writeNpz} (or NumPy) as floats. */
    public static float[] floats(Array a, Path file) {
        if (!a.descr().equals("<f4")) {
            throw new BadDataException(
                    file, "array '" + a.name() + "' is " + a.descr() + ", not float32");
        }
        float[] out = new float[(int) a.size()];
        ByteBuffer.wrap(a.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
