package dev.znorm.cli;

import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.grid.GridRunner;
import dev.znorm.experiment.grid.GridSpec;
import dev.znorm.experiment.grid.GridSpecReader;
import dev.znorm.experiment.grid.Shard;
import dev.znorm.experiment.report.ReportModel;
import dev.znorm.experiment.report.ReportWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code znorm compare GRID.yaml}: every model x method x seed of the grid, with the same initial
 * weights and data order for every method at a seed; finished runs are skipped and interrupted ones
 * resumed, so the command can be run again after a crash or in another session. Many processes may
 * work on one grid folder: {@code --jobs N} starts N of them here, {@code --shard K/N} (or a
 * scheduler's array index) gives one process a slice, {@code --emit} writes the files that start
 * them on a cluster.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description =
                "Run a grid of models x methods x seeds from a YAML config and write summary.json,"
                        + " report.md, report.html; on every core (--jobs), as a shard of a grid spread"
                        + " over machines (--shard), or write a cluster's launch files (--emit).")
public final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The comparison config (YAML).")
    Path config;

    @Option(
            names = "--out",
            description = "Output folder (default: runs/<config name without .yaml>).")
    Path out;

    @Option(
            names = "--rerun-changed",
            description =
                    "Run again, from scratch, the cells whose folders hold runs made with other settings"
                            + " (by default such a grid is refused before anything runs).")
    boolean rerunChanged;

    @Option(
            names = "--jobs",
            defaultValue = "1",
            description =
                    "Cells run at once, each in its own process with its own share of the cores"
                            + " (the grid's threads per run, or cores / jobs when it sets none)."
                            + " Default: ${DEFAULT-VALUE}")
    int jobs;

    @Option(
            names = "--threads",
            description =
                    "Intra-op threads per run, instead of the grid's 'threads' (0: every core)."
                            + " Results are bit-for-bit repeatable at a fixed count.")
    Integer threads;

    @Option(
            names = "--shard",
            paramLabel = "K/N",
            description =
                    "Run only the cells whose index is K modulo N (K from 0), for a grid spread over"
                            + " processes or machines sharing the output folder. Default: from"
                            + " SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX/"
                            + "ZNORM_SHARD_COUNT when set. A shard writes no report: run znorm report"
                            + " when all have ended.")
    String shard;

    @Option(
            names = "--seeds",
            split = ",",
            paramLabel = "S,S,...",
            description = "Run these seeds instead of the grid's 'seeds'.")
    List<Long> seeds;

    @Option(
            names = "--device",
            description = "cpu, gpu or gpu:N (default: the grid's 'device', else cpu).")
    String device;

    @Option(
            names = "--no-report",
            description = "Write no report (znorm report OUT writes it later).")
    boolean noReport;

    @Mixin UntilResolvedOptions untilResolved;

    @Mixin EmitOptions emit;

    @Override
    public Integer call() throws Exception {
        GridSpec spec = GridSpecReader.read(config).withExecution(threads, device);
        if (seeds != null) {
            spec = spec.withSeeds(seeds);
        }
        Path dir =
                out != null
                        ? out
                        : Path.of(
                                "runs",
                                config.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
        if (emit.requested()) {
            emit.write(spec, config, dir, System.out);
            return 0;
        }
        Optional<Shard> slice =
                shard != null
                        ? Optional.of(Shard.parse(shard))
                        : Shard.fromEnvironment(System.getenv());
        if (!untilResolved.requested()) {
            return once(spec, dir, slice);
        }
        if (slice.isPresent()) {
            throw new BadInputException(
                    "--until-resolved decides from the whole grid when to add a seed: run it as one"
                            + " compare (with --jobs for every core), not as shard "
                            + slice.get());
        }
        GridSpec last =
                untilResolved.run(
                        spec,
                        dir,
                        grid -> {
                            int code = once(grid, dir, slice);
                            if (code != 0) {
                                throw new IllegalStateException(
                                        "a pass over the grid ended with exit code " + code);
                            }
                        });
        printReport(ReportWriter.write(last, dir), dir, 0);
        return 0;
    }

    /** One pass over the grid's cells: here, or in --jobs workers. */
    private int once(GridSpec spec, Path dir, Optional<Shard> slice) throws Exception {
        if (jobs != 1) {
            return inWorkers(spec, dir, slice);
        }
        GridRunner runner =
                new GridRunner(
                                spec,
                                dir,
                                label -> new ConsoleProgress(System.out, label),
                                System.out::println)
                        .rerunChanged(rerunChanged);
        slice.ifPresent(runner::shard);
        boolean report = !noReport && slice.isEmpty();
        if (report) {
            runner.afterEachRun(cell -> ReportWriter.write(spec, dir)); // the report grows
        }
        GridRunner.Outcome o = runner.run();
        if (!report) {
            System.out.printf(
                    "%nthis process: %d runs made, %d finished earlier, %d failed, %d left to other"
                            + " processes%s; znorm report %s writes the report%n",
                    o.ran(),
                    o.skipped(),
                    o.failed(),
                    o.busy(),
                    slice.map(s -> " (shard " + s + ")").orElse(""),
                    dir);
            return 0;
        }
        printReport(ReportWriter.write(spec, dir), dir, o.busy());
        return 0;
    }

    /** {@code --jobs N}: the grid checked here, then run by N worker processes. */
    private int inWorkers(GridSpec grid, Path dir, Optional<Shard> slice) throws Exception {
        int perWorker =
                GridWorkers.threadsPerWorker(
                        jobs, grid.threads(), Runtime.getRuntime().availableProcessors());
        GridSpec spec = grid.withExecution(perWorker, null);
        new GridRunner(
                        spec,
                        dir,
                        label -> new ConsoleProgress(System.out, label),
                        System.out::println)
                .rerunChanged(rerunChanged)
                .check(); // every input error before a worker starts
        System.out.printf(
                "%d workers, %d intra-op thread%s each%n",
                jobs, perWorker, perWorker == 1 ? "" : "s");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "compare",
                                config.toString(),
                                "--seeds",
                                spec.seeds().stream()
                                        .map(String::valueOf)
                                        .collect(Collectors.joining(",")),
                                "--out",
                                dir.toString(),
                                "--threads",
                                String.valueOf(perWorker),
                                "--no-report"));
        if (spec.device() != null) {
            args.addAll(List.of("--device", spec.device()));
        }
        if (rerunChanged) {
            args.add("--rerun-changed");
        }
        slice.ifPresent(s -> args.addAll(List.of("--shard", s.toString())));
        List<Integer> codes = GridWorkers.run(jobs, args, System.out);
        int exit = 0;
        for (int k = 0; k < codes.size(); k++) {
            if (codes.get(k) != 0) {
                System.out.println("job " + (k + 1) + " exited with code " + codes.get(k));
                exit = exit == 0 ? codes.get(k) : exit;
            }
        }
        if (!noReport && slice.isEmpty()) {
            printReport(ReportWriter.write(spec, dir), dir, 0);
        }
        return exit;
    }

    private static void printReport(ReportModel m, Path dir, int busy) {
        System.out.println(
                "\nreport: "
                        + dir.resolve("report.html").toAbsolutePath().normalize()
                        + (m.notFinished().isEmpty()
                                ? ""
                                : " ("
                                        + m.notFinished().size()
                                        + " runs not finished; see the report)")
                        + (busy > 0
                                ? " (" + busy + " runs were being made by other processes)"
                                : ""));
    }
}
