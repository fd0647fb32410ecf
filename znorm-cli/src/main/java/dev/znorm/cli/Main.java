package dev.znorm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code znorm} command. */
@Command(name = "znorm", mixinStandardHelpOptions = true, version = "znorm 0.1.0 (DJL 0.36.0, PyTorch 2.7.1 CPU)",
        description = "Train networks with ZNorm (z-score gradient normalisation) and compare it"
                + " honestly with the alternatives.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
            CompareCommand.class, ReportCommand.class, GradientsCommand.class, MakeSampleCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 only on success). */
    public static int run(String... args) {
        Engines.configureDefaults();
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError || e instanceof IllegalArgumentException
                    || e instanceof dev.znorm.data.BadDataException) {
                commandLine.getErr().println("znorm: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
