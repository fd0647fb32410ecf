package dev.znorm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo sample's cut: the first files of each class, the first test files by name. */
class ImageFolderSampleTest {

    @TempDir Path dir;

    @Test
    void copiesTheFirstFilesOfEachClassUnchanged() throws Exception {
        Path from = dir.resolve("from");
        for (String cls : new String[] {"cat", "dog"}) {
            for (int i = 0; i < 4; i++) {
                Files.createDirectories(from.resolve("train").resolve(cls));
                Files.writeString(
                        from.resolve("train").resolve(cls).resolve(cls + i + ".png"), cls + i);
                Files.createDirectories(from.resolve("test").resolve(cls));
                Files.writeString(
                        from.resolve("test")
                                .resolve(cls)
                                .resolve((cls.equals("cat") ? "0" : "1") + i + ".png"),
                        "t" + cls + i);
            }
        }
        Files.writeString(from.resolve("train/cat/.hidden"), "x");
        Path out = dir.resolve("out");
        ImageFolderSample.Copied c = ImageFolderSample.cut(from, 2, 5, out);
        assertEquals(new ImageFolderSample.Copied(4, 5), c);
        assertEquals("cat1", Files.readString(out.resolve("train/cat/cat1.png")), "unchanged");
        assertFalse(Files.exists(out.resolve("train/cat/cat2.png")), "only the first two");
        assertTrue(Files.exists(out.resolve("test/dog/10.png")), "the five names that sort first");
        assertFalse(Files.exists(out.resolve("test/dog/11.png")));
        BadDataException e =
                assertThrows(
                        BadDataException.class,
                        () -> ImageFolderSample.cut(dir.resolve("none"), 2, 5, dir.resolve("o2")));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("o2")), "nothing copied before the check");
    }
}
