package dev.znorm.core.transform;

import ai.djl.ndarray.NDArray;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * DJL's PyTorch engine clears a weight's own gradient in one native call ({@code
 * JniUtils.zeroGrad}, the call its built-in optimizers end with): about 0.5 us a tensor, against
 * about 2 us for fetching the gradient, asking for its memory, probing it and writing zeros from
 * Java (82 against 325 us over ResNet-56's 167 tensors, warm). The call is found by reflection,
 * once, so that the core keeps no compile-time tie to an engine; on another engine, or should the
 * call ever disappear, {@link Gradients#zeroOwn} clears from Java as before.
 */
final class NativeZeroGrad {

    private static final String ARRAY_CLASS = "ai.djl.pytorch.engine.PtNDArray";
    private static final String JNI_CLASS = "ai.djl.pytorch.jni.JniUtils";

    private static volatile Found found;

    /** The engine's array class and the call, or none where the engine lacks them. */
    record Found(Class<?> arrayClass, MethodHandle zeroGrad) {
        boolean clears(NDArray weight) {
            return zeroGrad != null && arrayClass == weight.getClass();
        }
    }

    private NativeZeroGrad() {}

    /**
     * Clears {@code weight}'s own gradient natively (a weight without a defined gradient is left
     * alone) and says so; false when {@code weight} is not the PyTorch engine's array, leaving the
     * clearing to the caller.
     */
    static boolean clear(NDArray weight) {
        Found f = lookUp(weight);
        if (!f.clears(weight)) {
            return false;
        }
        try {
            f.zeroGrad().invokeExact(weight);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("DJL's zeroGrad failed", e);
        }
        return true;
    }

    /** Whether arrays like {@code weight} are cleared natively (for tests and diagnostics). */
    static boolean available(NDArray weight) {
        return lookUp(weight).clears(weight);
    }

    private static Found lookUp(NDArray weight) {
        Found f = found;
        if (f == null) {
            f = find(weight.getClass().getClassLoader());
            found = f;
        }
        return f;
    }

    /** The array class and the call as {@code loader} sees them; none where it lacks either. */
    static Found find(ClassLoader loader) {
        try {
            Class<?> arrayClass = Class.forName(ARRAY_CLASS, false, loader);
            Class<?> jni = Class.forName(JNI_CLASS, true, loader);
            MethodHandle zeroGrad =
                    MethodHandles.publicLookup()
                            .findStatic(
                                    jni, "zeroGrad", MethodType.methodType(void.class, arrayClass))
                            .asType(MethodType.methodType(void.class, NDArray.class));
            return new Found(arrayClass, zeroGrad);
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return new Found(null, null);
        }
    }
}
