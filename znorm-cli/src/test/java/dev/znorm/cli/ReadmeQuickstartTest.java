package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's library quick start is taken from examples/quickstart, the program CI builds and
 * runs against the installed artifact: every region tagged there appears in the README verbatim
 * (indentation removed), so the README cannot drift from code that compiles and trains.
 */
class ReadmeQuickstartTest {

    private static final Path HOME = Path.of(System.getProperty("znorm.home", ".."));

    @Test
    void theReadmeShowsTheExampleProgramsOwnLines() throws Exception {
        String program =
                Files.readString(
                        HOME.resolve(
                                "examples/quickstart/src/main/java/dev/znorm/examples/Quickstart.java"));
        String readme = Files.readString(HOME.resolve("README.md"));
        List<String> regions = regions(program);
        assertEquals(2, regions.size(), "tagged regions in Quickstart.java");
        for (String region : regions) {
            assertTrue(readme.contains(region), "README.md lacks the example's lines:\n" + region);
        }
    }

    /** The text between {@code // tag::X[]} and {@code // end::X[]}, its common indent removed. */
    static List<String> regions(String source) {
        List<String> out = new ArrayList<>();
        List<String> current = null;
        for (String line : source.split("\n", -1)) {
            String t = line.trim();
            if (t.startsWith("// tag::")) {
                current = new ArrayList<>();
            } else if (t.startsWith("// end::") && current != null) {
                int indent = Integer.MAX_VALUE;
                for (String l : current) {
                    if (!l.isBlank()) {
                        indent = Math.min(indent, l.length() - l.stripLeading().length());
                    }
                }
                StringBuilder region = new StringBuilder();
                for (String l : current) {
                    region.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
                }
                out.add(region.toString());
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return out;
    }
}
