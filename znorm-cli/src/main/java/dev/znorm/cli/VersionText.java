package dev.znorm.cli;

import dev.znorm.core.method.ZNorm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code znorm --version}: the versions, the libtorch build this launch loads (the CPU build from
 * Maven Central, or the CUDA build DJL downloads when the launcher runs with ZNORM_GPU=1), the Java
 * version and which ZNorm statistics pass the JVM takes, so that a bug report says all of it.
 */
final class VersionText implements IVersionProvider {

    /** The properties file DJL's CPU native jar carries (absent in the GPU build). */
    static final String CPU_NATIVE = "native/lib/pytorch.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            "znorm 0.1.0 (DJL 0.36.0, PyTorch 2.7.1, "
                    + libtorchBuild(VersionText.class.getClassLoader())
                    + ")",
            "Java "
                    + Runtime.version()
                    + "; ZNorm statistics: "
                    + (ZNorm.usesVectorApi()
                            ? "Vector API"
                            : "scalar (--add-modules jdk.incubator.vector for the Vector API)")
        };
    }

    static String libtorchBuild(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(CPU_NATIVE)) {
            if (in == null) {
                return "the build DJL downloads into ~/.djl.ai, CUDA where a driver is found";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("flavor", "?").toUpperCase(java.util.Locale.ROOT)
                    + " build from Maven Central";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CPU_NATIVE, e);
        }
    }
}
