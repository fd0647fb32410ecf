package dev.znorm.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a {@code .npy} array (format versions 1 to 3): dtype, shape and item size, each
 * checked so that damage is named before any data is read or allocated.
 */
record NpyHeader(String descr, long[] shape, int itemSize) {

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Longer .npy headers are damage: NumPy writes a few hundred bytes. */
    private static final int MAX_HEADER = 1 << 20;

    static NpyHeader read(InputStream in, String name, Path file) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || (magic[0] & 0xFF) != 0x93 || magic[1] != 'N' || magic[2] != 'U') {
            throw new BadDataException(file, "entry '" + name + "' is not a .npy array");
        }
        int major = magic[6];
        if (major < 1 || major > 3) {
            throw new BadDataException(
                    file,
                    "entry '" + name + "' is .npy format version " + major + ", not 1, 2 or 3");
        }
        byte[] lenBytes = in.readNBytes(major == 1 ? 2 : 4);
        if (lenBytes.length < (major == 1 ? 2 : 4)) {
            throw new BadDataException(
                    file, "entry '" + name + "' is truncated in its .npy header");
        }
        ByteBuffer lb = ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = major == 1 ? lb.getShort() & 0xFFFF : lb.getInt();
        if (headerLen < 0 || headerLen > MAX_HEADER) {
            throw new BadDataException(
                    file, "entry '" + name + "' declares a .npy header of " + headerLen + " bytes");
        }
        String header =
                new String(
                        in.readNBytes(headerLen),
                        major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) {
            throw new BadDataException(
                    file, "entry '" + name + "' has an unreadable .npy header: " + header.trim());
        }
        if (f.find() && f.group(1).equals("True")) {
            throw new BadDataException(
                    file, "entry '" + name + "' is in Fortran order, which is not supported");
        }
        long[] shape = shape(s.group(1), name, file);
        String descr = d.group(1);
        if (!descr.matches("[<>|=][a-zA-Z][0-9]+")) {
            throw new BadDataException(
                    file,
                    "entry '"
                            + name
                            + "' has dtype "
                            + descr
                            + ", which znorm does not read"
                            + (descr.contains("O") ? " (an object array, saved with pickling)" : "")
                            + "; expected numbers");
        }
        int itemSize = Integer.parseInt(descr.substring(2));
        try {
            long bytes = itemSize;
            for (long dim : shape) {
                bytes = Math.multiplyExact(bytes, dim);
            }
            if (bytes > Integer.MAX_VALUE - 16) {
                throw new ArithmeticException();
            }
        } catch (ArithmeticException e) {
            throw new BadDataException(
                    file,
                    "entry '"
                            + name
                            + "' of shape "
                            + java.util.Arrays.toString(shape)
                            + " is larger than 2 GB, which znorm does not read");
        }
        return new NpyHeader(descr, shape, itemSize);
    }

    /** The shape in a header ("(546, 28, 28)"), every dimension a non-negative integer. */
    private static long[] shape(String text, String name, Path file) {
        try {
            long[] shape =
                    java.util.Arrays.stream(text.split(",", -1))
                            .map(String::trim)
                            .filter(x -> !x.isEmpty())
                            .mapToLong(Long::parseLong)
                            .toArray();
            for (long dim : shape) {
                if (dim < 0) {
                    throw new NumberFormatException(String.valueOf(dim));
                }
            }
            return shape;
        } catch (NumberFormatException e) {
            throw new BadDataException(
                    file, "entry '" + name + "' has an unreadable shape (" + text + ")");
        }
    }
}
