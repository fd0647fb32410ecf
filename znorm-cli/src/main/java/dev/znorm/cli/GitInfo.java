package dev.znorm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The git commit of the working tree the command runs from, recorded with every run. */
final class GitInfo {

    private GitInfo() {}

    static String commit() {
        String home = System.getProperty("znorm.home", ".");
        try {
            Process p = new ProcessBuilder("git", "-C", home, "rev-parse", "HEAD").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                Process d = new ProcessBuilder("git", "-C", home, "status", "--porcelain", "--untracked-files=no")
                        .redirectErrorStream(true).start();
                boolean dirty = !new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
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
