package dev.znorm.cli;

import dev.znorm.data.BadDataException;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.env.Threads;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code znorm} command. Exit codes: 0 success, 1 a run that failed (diverged, stopped on a
 * non-finite loss), 2 a mistake in the input (named, before any training), 69 libtorch could not be
 * loaded, 70 an internal error (a bug: the stack trace is printed).
 */
@Command(
        name = "znorm",
        mixinStandardHelpOptions = true,
        versionProvider = VersionText.class,
        description =
                "Train networks with ZNorm (z-score gradient normalisation) and compare it"
                        + " honestly with the alternatives.",
        subcommands = {
            DemoCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            CompareCommand.class,
            ReportCommand.class,
            VerifyCommand.class,
            TrendCommand.class,
            GradientsCommand.class,
            MethodsCommand.class,
            MakeSampleCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    /** A run ended but failed; its reason is in its result.json. */
    public static final int RUN_FAILED = 1;

    /** A mistake in the input, found before any training. */
    public static final int BAD_INPUT = 2;

    /** libtorch could not be loaded (a GPU build not downloaded, no network to fetch it). */
    public static final int ENGINE_UNAVAILABLE = 69;

    /** A bug in znorm. */
    public static final int INTERNAL_ERROR = 70;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 only on success). */
    public static int run(String... args) {
        Threads.configureDefaults();
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    if (e instanceof BadInputException || e instanceof BadDataException) {
                        commandLine.getErr().println("znorm: " + e.getMessage());
                        return BAD_INPUT;
                    }
                    if (e instanceof ai.djl.engine.EngineException) {
                        commandLine.getErr().println(engineMessage(e));
                        return ENGINE_UNAVAILABLE;
                    }
                    commandLine
                            .getErr()
                            .println(
                                    "znorm: internal error (please report it with the lines below): "
                                            + e);
                    e.printStackTrace(commandLine.getErr());
                    return INTERNAL_ERROR;
                });
        return cl.execute(args);
    }

    /** Why libtorch did not load, the root cause named, and what a user does about it. */
    static String engineMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "znorm: the PyTorch engine could not be loaded: "
                + e.getMessage()
                + (root != e ? " (" + root + ")" : "")
                + ". The CPU build comes with znorm; with ZNORM_GPU=1 DJL downloads the CUDA build"
                + " on the first run, which needs https://publish.djl.ai (see the README's GPU"
                + " section).";
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
