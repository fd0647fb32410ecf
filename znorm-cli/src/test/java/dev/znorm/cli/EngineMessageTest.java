package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/**
 * A libtorch that cannot be loaded (a GPU build that could not be downloaded) is named with its
 * root cause and what to do, not reported as a bug.
 */
class EngineMessageTest {

    @Test
    void namesTheRootCauseAndTheWayOut() {
        String m =
                Main.engineMessage(
                        new EngineException(
                                "Failed to save pytorch index file",
                                new IllegalStateException(
                                        "download", new UnknownHostException("publish.djl.ai"))));
        assertTrue(
                m.startsWith("znorm: the PyTorch engine could not be loaded: Failed to save"), m);
        assertTrue(m.contains("java.net.UnknownHostException: publish.djl.ai"), m);
        assertTrue(m.contains("ZNORM_GPU=1") && m.contains("GPU section"), m);
    }
}
