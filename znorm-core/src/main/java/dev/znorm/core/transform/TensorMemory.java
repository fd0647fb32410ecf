package dev.znorm.core.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A float32 CPU tensor's memory as a {@link FloatBuffer}, for the kernels written in Java (ZNorm's
 * family, Adam, SGD): one pass over the tensor's own memory instead of a native call and a
 * temporary array per arithmetic operation.
 *
 * <p>DJL hands out a tensor's own memory when it is contiguous and a contiguous copy when it is
 * not. Reading either is right; writing into a copy would be lost without a word, so {@link
 * #writable} tries one entry first.
 */
public final class TensorMemory {

    /** A NaN whose payload no arithmetic produces: a marker, never a result. */
    private static final int PROBE_BITS = 0x7fc0_2a5b;

    private static final float PROBE = Float.intBitsToFloat(PROBE_BITS);

    private TensorMemory() {}

    /** Whether Java kernels can take {@code a}: float32, on the CPU, 1 to 2^31-1 entries. */
    public static boolean applies(NDArray a) {
        return a.getDataType() == DataType.FLOAT32
                && a.getDevice().getDeviceType().equals("cpu")
                && a.size() > 0
                && a.size() <= Integer.MAX_VALUE;
    }

    /** {@code a}'s values, from its own memory or from a contiguous copy. */
    public static FloatBuffer read(NDArray a) {
        return a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** {@code a}'s own memory, to write into; null when DJL can only hand out a copy. */
    public static FloatBuffer writable(NDArray a) {
        FloatBuffer view = read(a);
        return writesThrough(a, view) ? view : null;
    }

    /** Whether writing into {@code view} (a buffer {@code a} handed out) changes {@code a}. */
    public static boolean writesThrough(NDArray a, FloatBuffer view) {
        if (!view.isDirect()) {
            return false;
        }
        FloatBuffer again = read(a);
        float kept = view.get(0);
        view.put(0, PROBE);
        boolean same = Float.floatToRawIntBits(again.get(0)) == PROBE_BITS;
        view.put(0, kept);
        return same;
    }
}
