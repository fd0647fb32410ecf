package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The znorm command as a process of its own, as users and schedulers start it. */
final class ZnormProcess {

    private ZnormProcess() {}

    /** The bundled CIFAR-10 sample. */
    static Path sample() {
        return Path.of(System.getProperty("znorm.home", ".."))
                .resolve("demo/cifar10")
                .toAbsolutePath();
    }

    /** {@code java ... dev.znorm.cli.Main args}, on this test's class path. */
    static List<String> command(String... args) {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                ProcessHandle.current().info().command().orElse("java"),
                                "-Dai.djl.offline=true",
                                "-cp",
                                System.getProperty("java.class.path"),
                                Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Starts znorm with {@code env} added to this process's environment, output appended to log.
     */
    static Process start(Path log, Map<String, String> env, String... args) throws Exception {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder pb =
                new ProcessBuilder(command(args))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Waits (at most five minutes) and returns the exit code. */
    static int end(Process p) throws Exception {
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "ends");
        return p.exitValue();
    }

    /** A log's text, or "" when it cannot be read. */
    static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (Exception e) {
            return "";
        }
    }
}
