package dev.znorm.cli;

import dev.znorm.core.spec.MethodTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code znorm methods}: every method a spec may name, with its options and defaults. */
@Command(
        name = "methods",
        mixinStandardHelpOptions = true,
        description =
                "List the gradient transforms and optimizers a method spec may name, with their options and defaults.")
public final class MethodsCommand implements Callable<Integer> {

    @Option(names = "--markdown", description = "Print the Markdown table of docs/methods.md.")
    boolean markdown;

    @Override
    public Integer call() {
        System.out.print(markdown ? MethodTable.markdown() : MethodTable.text());
        return 0;
    }
}
