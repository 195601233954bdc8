package dev.hitless.cli;

import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "orderings", mixinStandardHelpOptions = true,
        description = "List the orderings: built-ins, then any found through ServiceLoader.",
        footer = {"", "Example:", "  hitless orderings"})
final class OrderingsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Ordering o : Orderings.all()) {
            out.printf("%-20s %s%s%n", o.name(), o.description(), o.knownBad() ? " [known-bad]" : "");
        }
        return 0;
    }
}
