package dev.znorm.experiment.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The git commit of the code a run is made with (the {@code znorm.home} checkout), recorded with
 * every run.
 */
public final class GitInfo {

    private GitInfo() {}

    /**
     * The commit, with "-dirty" when tracked files differ from it; "unknown" outside a git
     * checkout.
     */
    public static String commit() {
        String home = System.getProperty("znorm.home", ".");
        try {
            Process p =
                    new ProcessBuilder("git", "-C", home, "rev-parse", "HEAD")
                            .redirectErrorStream(true)
                            .start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                Process d =
                        new ProcessBuilder(
                                        "git",
                                        "-C",
                                        home,
                                        "status",
                                        "--porcelain",
                                        "--untracked-files=no")
                                .redirectErrorStream(true)
                                .start();
                boolean dirty =
                        !new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                                .isBlank();
                d.waitFor(5, TimeUnit.SECONDS);
                return dirty ? s + "-dirty" : s;
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }
}
