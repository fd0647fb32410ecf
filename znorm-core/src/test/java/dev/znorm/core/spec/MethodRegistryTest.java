package dev.znorm.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.znorm.core.method.ZNorm;
import dev.znorm.core.optim.Adam;
import dev.znorm.core.transform.OptimizerChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry finds every method by scanning, and the docs table is the registry's. */
class MethodRegistryTest {

    @Test
    void findsEveryTransformWrapperAndOptimizerDeclaredInItsClass() {
        List<String> names = MethodRegistry.builtIn().stream().map(MethodInfo::name).toList();
        assertEquals(
                List.of(
                        "znorm",
                        "center",
                        "scale",
                        "gc",
                        "clip-value",
                        "clip-norm",
                        "clip-global-norm",
                        "agc",
                        "l2",
                        "zero-non-finite",
                        "skip-non-finite",
                        "adam",
                        "adamw",
                        "sgd",
                        "rmsprop",
                        "adagrad"),
                names);
        for (MethodInfo m : MethodRegistry.all()) {
            assertTrue(
                    !m.summary().isBlank() && !m.javaApi().isBlank() && !m.appliesTo().isBlank(),
                    m + " is documented");
            m.options()
                    .forEach(
                            o ->
                                    assertTrue(
                                            !o.doc().isBlank(),
                                            m + ":" + o.name() + " has a description"));
        }
    }

    @Test
    void aProgramCanRegisterItsOwnMethodAndUseItInSpecs() {
        MethodInfo mine =
                MethodInfo.transform("my-znorm", 999, "ZNorm with eps 1e-6, registered by a test")
                        .appliesTo("ndim >= 2")
                        .javaApi("ZNorm.builder().eps(1e-6)")
                        .creates(o -> ZNorm.builder().eps(1e-6).build());
        MethodRegistry.register(mine);
        OptimizerChain chain = (OptimizerChain) MethodSpec.parse("my-znorm+adam");
        assertEquals(1e-6, ((ZNorm) chain.transforms().get(0)).eps());
        assertThrows(
                IllegalArgumentException.class,
                () -> MethodRegistry.register(mine),
                "a name is registered once");
    }

    @Test
    void theDefaultsInTheSpecAreTheBuildersDefaults() {
        Adam viaSpec = (Adam) ((OptimizerChain) MethodSpec.parse("adam")).rule();
        Adam viaBuilder = Adam.builder().build();
        assertEquals(viaBuilder.learningRate().at(0), viaSpec.learningRate().at(0));
        assertEquals(viaBuilder.beta1(), viaSpec.beta1());
        assertEquals(viaBuilder.beta2(), viaSpec.beta2());
        assertEquals(viaBuilder.eps(), viaSpec.eps());
        assertEquals(viaBuilder.weightDecay(), viaSpec.weightDecay());
        assertNotNull(MethodRegistry.find("sgd").option("lr"));
        assertEquals(
                String.valueOf(dev.znorm.core.optim.Sgd.DEFAULT_LR),
                String.valueOf(
                        Double.parseDouble(MethodRegistry.find("sgd").option("lr").defaultValue())),
                "sgd's spec lr is the builder's");
    }

    @Test
    void theDocsTableIsTheRegistrysTable() throws Exception {
        Path doc =
                Path.of(System.getProperty("znorm.repo.dir", "../..")).resolve("docs/methods.md");
        String text = Files.readString(doc);
        String begin = "<!-- methods table: begin -->\n";
        String end = "<!-- methods table: end -->";
        String table = text.substring(text.indexOf(begin) + begin.length(), text.indexOf(end));
        assertEquals(
                MethodTable.markdown(),
                table,
                "docs/methods.md is out of date: paste `znorm methods --markdown` into it");
    }
}
