package dev.znorm.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where the real datasets are ({@code ../shared/data}); tests skip, saying why, without them. */
final class SharedData {

    private SharedData() {}

    static Path dir() {
        Path p = Path.of(System.getProperty("znorm.shared.dir", "../../shared")).resolve("data");
        Assumptions.assumeTrue(
                Files.isDirectory(p),
                "skipped: the real datasets are not at "
                        + p.toAbsolutePath()
                        + " (../shared/data beside the repository)");
        return p;
    }
}
