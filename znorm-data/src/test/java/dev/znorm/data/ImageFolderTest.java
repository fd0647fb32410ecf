package dev.znorm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir Path root;

    private void image(String cls, String name, int w, int h, int rgb) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb + x);
            }
        }
        Files.createDirectories(root.resolve(cls));
        String format = name.endsWith(".png") ? "png" : name.endsWith(".jpg") ? "jpg" : "bmp";
        ImageIO.write(img, format, root.resolve(cls).resolve(name).toFile());
    }

    @Test
    void classesAreSortedFolderNamesAndPixelsAreChannelMajor() throws Exception {
        image("b", "1.png", 4, 3, 0x102030);
        image("a", "2.png", 4, 3, 0x405060);
        image("a", "1.bmp", 4, 3, 0x708090);
        Files.writeString(root.resolve("a").resolve(".DS_Store"), "hidden files are skipped");
        ImageSet set = ImageFolder.load(root, 3, 0);
        assertEquals(List.of("a", "b"), set.classes());
        assertEquals(3, set.size());
        assertEquals(0, set.label(0));
        assertEquals(1, set.label(2));
        assertEquals(0x70, set.pixel(0, 0, 0, 0), "a/1.bmp first, red");
        assertEquals(0x90 + 3, set.pixel(0, 2, 2, 3), "blue at x=3");
        ImageSet gray = ImageFolder.load(root, 1, 2);
        assertEquals(1, gray.channels());
        assertEquals(2, gray.height());
        image("b", "3.jpg", 4, 3, 0x808080);
        ImageSet withJpeg = ImageFolder.load(root, 3, 0);
        assertEquals(4, withJpeg.size());
        assertTrue(
                Math.abs(withJpeg.pixel(3, 1, 0, 0) - 0x80) <= 8,
                "JPEG decodes (lossy): " + withJpeg.pixel(3, 1, 0, 0));
    }

    @Test
    void badTreesAreReportedByFileBeforeAnythingElse() throws Exception {
        image("cat", "1.png", 4, 4, 0);
        Files.createDirectories(root.resolve("dog"));
        BadDataException empty =
                assertThrows(BadDataException.class, () -> ImageFolder.load(root, 3, 0));
        assertTrue(
                empty.getMessage().contains("dog")
                        && empty.getMessage().contains("empty class folder"),
                empty.getMessage());
        Files.writeString(root.resolve("dog").resolve("notes.txt"), "not an image");
        BadDataException text =
                assertThrows(BadDataException.class, () -> ImageFolder.load(root, 3, 0));
        assertTrue(
                text.getMessage().contains("notes.txt")
                        && text.getMessage().contains("not an image file"),
                text.getMessage());
        Files.delete(root.resolve("dog").resolve("notes.txt"));
        Files.writeString(root.resolve("dog").resolve("broken.png"), "PNG? no");
        BadDataException broken =
                assertThrows(BadDataException.class, () -> ImageFolder.load(root, 3, 0));
        assertTrue(
                broken.getMessage().contains("broken.png")
                        && broken.getMessage().contains("readable"),
                broken.getMessage());
        Files.delete(root.resolve("dog").resolve("broken.png"));
        image("dog", "big.png", 8, 8, 0);
        BadDataException size =
                assertThrows(BadDataException.class, () -> ImageFolder.load(root, 3, 0));
        assertTrue(
                size.getMessage().contains("big.png") && size.getMessage().contains("8x8"),
                size.getMessage());
        assertEquals(2, ImageFolder.load(root, 3, 4).size(), "resizing makes them fit");
        assertTrue(
                assertThrows(
                                BadDataException.class,
                                () -> ImageFolder.load(root.resolve("nope"), 3, 0))
                        .getMessage()
                        .contains("does not exist"));
    }

    @Test
    void readsTheRealCifarTestSplit() {
        Path test = SharedData.dir().resolve("cifar10/test");
        ImageSet set = ImageFolder.load(test, 3, 0);
        assertEquals(1000, set.size());
        assertEquals(CifarBinary.CLASSES, set.classes());
        assertEquals(
                List.of(103, 89, 100, 103, 90, 86, 112, 102, 106, 109),
                java.util.Arrays.stream(set.classCounts()).boxed().toList());
        // test image 0 is cat/00000.png, top-left pixel (158, 112, 49) per the data README
        int i = 0;
        while (!(set.label(i) == 3)) {
            i++;
        }
        assertEquals(158, set.pixel(i, 0, 0, 0));
        assertEquals(112, set.pixel(i, 1, 0, 0));
        assertEquals(49, set.pixel(i, 2, 0, 0));
    }

    @Test
    void readsTheShippedDemoSample() {
        Path sample = Path.of(System.getProperty("znorm.repo.dir", "..")).resolve("demo/cifar10");
        ImageSet train = ImageFolder.load(sample.resolve("train"), 3, 0);
        assertEquals(
                List.of(150, 150, 150, 150, 150, 150, 150, 150, 150, 150),
                java.util.Arrays.stream(train.classCounts()).boxed().toList());
        assertEquals(CifarBinary.CLASSES, train.classes());
        assertEquals(500, ImageFolder.load(sample.resolve("test"), 3, 0).size());
    }
}
