package dev.znorm.experiment.env;

import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's intra-op thread count. Runs are bit-for-bit repeatable only at a fixed count, so it is
 * set for every run, recorded with it and checked on resume. It is read from and set on the engine
 * itself, so a record never states a count the engine did not use.
 */
public final class Threads {

    private static final String KEY = "ai.djl.pytorch.num_threads";

    private Threads() {}

    /** Offline (never download) and explicit thread counts unless the user set them. */
    public static void configureDefaults() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent(KEY, String.valueOf(Runtime.getRuntime().availableProcessors()));
        // DJL logs through SLF4J; without a binding it prints a three-line warning on every run.
        setIfAbsent("slf4j.internal.verbosity", "ERROR");
    }

    /** Sets the intra-op thread count (0: all cores) for what this process runs from now on. */
    public static int use(int threads) {
        if (threads < 0) {
            throw new dev.znorm.experiment.BadInputException(
                    "--threads must be >= 0 (0: every core), got " + threads);
        }
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        System.setProperty(KEY, String.valueOf(n));
        ai.djl.engine.Engine
                .getInstance(); // loads the native library (and reads the property on first use)
        JniUtils.setNumThreads(n);
        return n;
    }

    /** The intra-op thread count the engine uses now. */
    public static int current() {
        ai.djl.engine.Engine.getInstance();
        return JniUtils.getNumThreads();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
