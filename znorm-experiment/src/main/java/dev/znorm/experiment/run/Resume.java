package dev.znorm.experiment.run;

import ai.djl.nn.Block;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.env.MachineInfo;
import dev.znorm.experiment.io.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Continuing a run from its folder: the recorded config must describe the same run, and the newest
 * intact checkpoint sets weights, optimizer and position.
 */
final class Resume {

    private Resume() {}

    /**
     * Checks that the folder's config.json describes the run about to start (spec and data); says
     * when the machine kind changed, since the run then continues but not bit for bit.
     */
    static void checkSameRun(
            RunFolder folder, RunConfigRecord now, RunListener listener, String label)
            throws IOException {
        RunConfigRecord before = folder.readConfig().orElseThrow();
        if (!before.spec().equals(now.spec())
                || !java.util.Objects.equals(before.data(), now.data())) {
            throw new BadInputException(
                    folder.configFile()
                            + " describes another run than this command (compare the"
                            + " options, data and thread count); resume with the same ones or use another --out");
        }
        if (before.machine() != null) {
            List<String> diff = MachineInfo.arithmeticDifferences(before.machine(), now.machine());
            if (!diff.isEmpty()) {
                listener.message(
                        label
                                + " note: this run was started on another kind of machine ("
                                + String.join("; ", diff)
                                + "); it continues, but not bit for bit as it would have there");
            }
        }
    }

    /**
     * Restores the newest intact checkpoint into the network and the optimizer and returns the
     * position it records, having cut the JSON-lines records back to what it had seen; empty
     * position (step 0) when there is no checkpoint.
     */
    static Position fromNewestCheckpoint(
            RunFolder folder,
            Checkpointer checkpoints,
            Block net,
            OptimizerStep optimizer,
            ai.djl.ndarray.NDManager manager,
            RunListener listener,
            String label)
            throws IOException {
        Position pos = new Position();
        var found = checkpoints.newest(manager, m -> listener.message("znorm: " + m));
        if (found.isEmpty()) {
            return pos;
        }
        Checkpointer.Loaded c = found.get();
        long threads = c.run().getOrDefault("threads", -1L);
        if (threads != dev.znorm.experiment.env.Threads.current()) {
            c.optimizer().close();
            c.model().values().forEach(ai.djl.ndarray.NDArray::close);
            throw new BadInputException(
                    c.file()
                            + " was written with "
                            + threads
                            + " intra-op threads; resume with --threads "
                            + threads
                            + " (other counts change the arithmetic and the run would not be the same)");
        }
        noteMachine(c.metadata(), listener, label, c);
        Checkpointer.restore(c, net);
        optimizer.adopt(c.optimizer(), net, c.file().toString());
        pos.from(c.run());
        folder.keepEpochsThrough(pos.epoch);
        folder.keepGradientsBefore(pos.step);
        listener.message(
                label
                        + " resumed from "
                        + c.file().getFileName()
                        + " at epoch "
                        + (pos.epoch + 1)
                        + ", step "
                        + pos.step);
        return pos;
    }

    @SuppressWarnings("unchecked")
    private static void noteMachine(
            Map<String, String> metadata,
            RunListener listener,
            String label,
            Checkpointer.Loaded c) {
        String recorded = metadata.get("machine");
        if (recorded == null) {
            return;
        }
        try {
            Map<String, Object> was = Json.MAPPER.readValue(recorded, Map.class);
            List<String> diff = MachineInfo.arithmeticDifferences(was, MachineInfo.current());
            if (!diff.isEmpty()) {
                listener.message(
                        label
                                + " note: "
                                + c.file().getFileName()
                                + " was written on another kind of machine ("
                                + String.join("; ", diff)
                                + "); the run continues, but not bit for bit");
            }
        } catch (IOException e) {
            listener.message(
                    label
                            + " note: "
                            + c.file().getFileName()
                            + " records an unreadable machine description");
        }
    }
}
