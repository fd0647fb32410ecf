package dev.znorm.experiment.run;

import ai.djl.nn.Block;
import dev.znorm.experiment.env.Threads;
import dev.znorm.experiment.io.Json;
import java.io.IOException;
import java.util.Map;

/**
 * A run's checkpointer with what every checkpoint of this session records (the machine, the
 * schema).
 */
record SessionCheckpoints(Checkpointer checkpointer, Map<String, String> metadata) {

    /** The checkpoints of the run in {@code folder}, recording the machine of {@code config}. */
    static SessionCheckpoints of(RunFolder folder, int keep, RunConfigRecord config) {
        return new SessionCheckpoints(
                new Checkpointer(folder.checkpointDir(), keep),
                Map.of(
                        "machine",
                        Json.write(config.machine()),
                        "run_schema",
                        String.valueOf(RunConfigRecord.SCHEMA_VERSION)));
    }

    void save(Block net, OptimizerStep optimizer, Position at, RunClock clock) throws IOException {
        checkpointer.save(
                at.step, net, optimizer.state(), at.toCounters(Threads.current(), clock), metadata);
    }
}
