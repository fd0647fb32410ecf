package dev.znorm.cli;

/** Settings that must be in place before DJL loads its engine. */
final class Engines {

    private Engines() {}

    /** Offline (never download) and explicit thread counts unless the user set them. */
    static void configureDefaults() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
        // DJL logs through SLF4J; without a binding it prints a three-line warning on every run.
        setIfAbsent("slf4j.internal.verbosity", "ERROR");
    }

    /** Sets the intra-op thread count; must run before the engine starts. */
    static void threads(int threads) {
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        }
    }

    static int threads() {
        return Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads"));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
