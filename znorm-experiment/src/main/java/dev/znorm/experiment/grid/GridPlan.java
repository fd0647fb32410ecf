package dev.znorm.experiment.grid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.znorm.experiment.io.Json;
import dev.znorm.experiment.run.DataDescription;
import dev.znorm.experiment.run.ResultRecord;
import dev.znorm.experiment.run.RunConfigRecord;
import dev.znorm.experiment.run.RunFolder;
import dev.znorm.experiment.run.RunSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each cell of a grid needs before anything runs: nothing (it finished with the grid's
 * settings), a resume, a fresh start, or, when its folder holds a run made with other settings (the
 * config was edited since), the user's decision. A grid never reuses a run it did not ask for.
 */
public record GridPlan(List<CellState> cells) {

    public enum Status {
        DONE,
        RESUME,
        FRESH,
        CHANGED
    }

    /** A cell, what it needs, and for a changed one what differs ("epochs 6 -> 3"). */
    public record CellState(Cell cell, Status status, String change) {}

    /**
     * Reads every cell's folder under {@code out}; {@code data} gives the data description each
     * cell's run would record now (the same data must have made a reused run).
     */
    public static GridPlan of(GridSpec spec, Path out, Map<Cell, DataDescription> data)
            throws IOException {
        List<CellState> cells = new ArrayList<>();
        for (Cell c : spec.cells()) {
            cells.add(stateOf(spec, out, c, data.get(c)));
        }
        return new GridPlan(cells);
    }

    /**
     * What one cell needs now ({@code now}: the data description its run would record). Read again
     * right before a cell runs, since other processes on the grid may have made it meanwhile.
     */
    public static CellState stateOf(GridSpec spec, Path out, Cell c, DataDescription now)
            throws IOException {
        RunFolder folder = new RunFolder(c.dir(out));
        Optional<RunConfigRecord> recorded = folder.readConfig();
        if (recorded.isEmpty()) {
            String held = folder.contents();
            return held.isEmpty()
                    ? new CellState(c, Status.FRESH, "")
                    : new CellState(c, Status.CHANGED, "holds " + held + " but no config.json");
        }
        String change = differences(recorded.get().spec(), spec.runSpec(c));
        if (change.isEmpty() && now != null && !now.equals(recorded.get().data())) {
            change =
                    "made on other data: "
                            + differences(
                                    Json.MAPPER.valueToTree(recorded.get().data()),
                                    Json.MAPPER.valueToTree(now));
        }
        boolean finished = folder.readResult().map(ResultRecord::finished).orElse(false);
        return new CellState(
                c,
                !change.isEmpty() ? Status.CHANGED : finished ? Status.DONE : Status.RESUME,
                change);
    }

    public List<CellState> changed() {
        return cells.stream().filter(s -> s.status() == Status.CHANGED).toList();
    }

    public Status status(Cell c) {
        return cells.get(c.index()).status();
    }

    /**
     * The settings that differ between a recorded run and the grid's, the data's location and the
     * thread count aside.
     */
    static String differences(RunSpec recorded, RunSpec now) {
        if (recorded.sameExperimentAs(now)) {
            return "";
        }
        ObjectNode a = Json.MAPPER.valueToTree(recorded);
        ObjectNode b = Json.MAPPER.valueToTree(now);
        a.remove(List.of("data", "threads"));
        b.remove(List.of("data", "threads"));
        return differences(a, b);
    }

    private static String differences(JsonNode a, JsonNode b) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!b.get(k).equals(a.get(k))) {
                out.add(
                        k
                                + " "
                                + (a.get(k) == null ? "(none)" : a.get(k).toString())
                                + " -> "
                                + b.get(k));
            }
        }
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (b.get(k) == null) {
                out.add(k + " " + a.get(k) + " -> (none)");
            }
        }
        return String.join(", ", out);
    }
}
