package dev.znorm.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md, checked on the compiled production classes: dependencies point
 * one way (cli -> experiment -> zoo, data, core), zoo, data and core do not know each other, core
 * needs DJL's api only, no package cycles, and no production class grows past about 250 lines.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                        .importPackages("dev.znorm");
        if (classes.stream().noneMatch(c -> c.getPackageName().startsWith("dev.znorm.core"))) {
            // the reactor puts module jars, not folders, on the class path
            classes =
                    new ClassFileImporter()
                            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                            .importPackages("dev.znorm");
        }
    }

    @Test
    void everyModuleIsThere() {
        for (String pkg :
                List.of(
                        "dev.znorm.core",
                        "dev.znorm.zoo",
                        "dev.znorm.data",
                        "dev.znorm.experiment",
                        "dev.znorm.cli")) {
            assertTrue(
                    classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)),
                    pkg + " was imported");
        }
    }

    @Test
    void dependenciesPointOneWay() {
        noClasses()
                .that()
                .resideInAPackage("dev.znorm.experiment..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.znorm.cli..", "picocli..")
                .check(classes);
        for (String lower : List.of("dev.znorm.core..", "dev.znorm.zoo..", "dev.znorm.data..")) {
            noClasses()
                    .that()
                    .resideInAPackage(lower)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "dev.znorm.experiment..",
                            "dev.znorm.cli..",
                            "picocli..",
                            "com.fasterxml..",
                            "org.apache.commons.math3..")
                    .check(classes);
        }
        noClasses()
                .that()
                .resideInAPackage("dev.znorm.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.znorm.zoo..", "dev.znorm.data..", "ai.djl.pytorch..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.znorm.zoo..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.znorm.core..", "dev.znorm.data..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.znorm.data..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.znorm.core..", "dev.znorm.zoo..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.znorm.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noProductionClassGrowsPastAbout250Lines() throws IOException {
        Path root = Path.of(System.getProperty("znorm.repo.dir", "../.."));
        List<String> tooLong;
        try (Stream<Path> s = Files.walk(root)) {
            tooLong =
                    s.filter(
                                    p ->
                                            p.toString().contains("/src/main/java/")
                                                    && p.toString().endsWith(".java")
                                                    && !p.toString().contains("/target/"))
                            .filter(p -> lines(p) > 260)
                            .map(p -> root.relativize(p) + " (" + lines(p) + " lines)")
                            .sorted()
                            .toList();
        }
        assertTrue(tooLong.isEmpty(), "production classes over about 250 lines: " + tooLong);
    }

    private static long lines(Path p) {
        try (Stream<String> l = Files.lines(p)) {
            return l.count();
        } catch (IOException e) {
            return 0;
        }
    }
}
