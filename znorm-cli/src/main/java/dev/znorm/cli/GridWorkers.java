package dev.znorm.cli;

import dev.znorm.experiment.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code compare --jobs N}: N worker processes on one grid folder, each a {@code znorm compare} of
 * the same grid with its own intra-op thread budget. libtorch's thread count is per process, so
 * parallel runs need processes, not threads. The workers share the cells through the per-run locks:
 * each takes the next cell no other worker holds, so the grid's order and resume rules are those of
 * a sequential compare, and a worker that dies leaves its cell to be resumed. Their output is
 * passed on line by line, prefixed with the worker's number; SIGTERM or Ctrl-C reaches every
 * worker, which checkpoints before it exits.
 */
final class GridWorkers {

    /** How long a stopping worker may take to write its checkpoint before it is killed. */
    private static final long STOP_GRACE_SECONDS = 300;

    private GridWorkers() {}

    /**
     * The threads each of {@code jobs} workers may use on {@code cores} cores: the grid's count
     * when it set one (refused when the workers together would oversubscribe the machine), else an
     * equal share of the cores.
     */
    static int threadsPerWorker(int jobs, int gridThreads, int cores) {
        if (jobs < 1) {
            throw new BadInputException("--jobs must be >= 1, got " + jobs);
        }
        if (gridThreads == 0) {
            if (jobs > cores) {
                throw new BadInputException(
                        "--jobs "
                                + jobs
                                + " is more than the "
                                + cores
                                + " cores of this machine: each run needs at least one");
            }
            return cores / jobs;
        }
        if ((long) jobs * gridThreads > cores) {
            throw new BadInputException(
                    "--jobs "
                            + jobs
                            + " x "
                            + gridThreads
                            + " intra-op threads per run = "
                            + (long) jobs * gridThreads
                            + " threads on "
                            + cores
                            + " cores: libtorch runs that share cores slow each other about"
                            + " tenfold. Lower --jobs, or --threads (results then differ in"
                            + " rounding from runs made with "
                            + gridThreads
                            + ")");
        }
        return gridThreads;
    }

    /**
     * Starts {@code jobs} workers running {@code znorm compareArgs...}, passes their output on, and
     * returns the exit codes once all have ended.
     */
    static List<Integer> run(int jobs, List<String> compareArgs, PrintStream out)
            throws IOException, InterruptedException {
        List<Process> workers = new ArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        Thread stopper = new Thread(() -> stopAll(workers), "znorm-stop-workers");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            for (int k = 1; k <= jobs; k++) {
                ProcessBuilder pb = new ProcessBuilder(command(compareArgs));
                pb.redirectErrorStream(true);
                Process p = pb.start();
                synchronized (workers) {
                    workers.add(p);
                }
                pumps.add(pump(p, "[job " + k + "] ", out));
            }
            List<Integer> codes = new ArrayList<>();
            for (Process p : workers) {
                codes.add(p.waitFor());
            }
            for (Thread t : pumps) {
                t.join();
            }
            return codes;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran): it stops the workers
            }
        }
    }

    /** The command of a worker: this JVM's java, options and class path, running the CLI's main. */
    private static List<String> command(List<String> compareArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(compareArgs);
        return cmd;
    }

    private static Thread pump(Process p, String prefix, PrintStream out) {
        Thread t =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    p.getInputStream(), StandardCharsets.UTF_8))) {
                                for (String line; (line = r.readLine()) != null; ) {
                                    synchronized (out) {
                                        out.println(prefix + line);
                                    }
                                }
                            } catch (IOException e) {
                                synchronized (out) {
                                    out.println(prefix + "(output lost: " + e.getMessage() + ")");
                                }
                            }
                        },
                        "znorm-" + prefix.trim());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** SIGTERM to every live worker, then wait while they write their checkpoints. */
    private static void stopAll(List<Process> workers) {
        List<Process> live;
        synchronized (workers) {
            live = workers.stream().filter(Process::isAlive).toList();
        }
        live.forEach(Process::destroy);
        for (Process p : live) {
            try {
                if (!p.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
