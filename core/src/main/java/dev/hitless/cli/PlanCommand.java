package dev.hitless.cli;

import dev.hitless.format.Formats;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the steps an ordering performs for one transition.",
        footer = {"", "Example:",
                "  hitless plan --format vtd-pasid --from fl-did5-a --to sl-did7-a --ordering used-bits-128"})
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "F", description = Formats.NAMES)
    String format;

    @Option(names = "--from", required = true, paramLabel = "SPEC", description = "the live entry")
    String from;

    @Option(names = "--to", required = true, paramLabel = "SPEC", description = "the target entry")
    String to;

    @Option(names = "--ordering", required = true, paramLabel = "NAME", description = "ordering name or plan file")
    String ordering;

    @Override
    public Integer call() {
        EntryFormat f = Inputs.format(format);
        Plan p = Inputs.ordering(ordering, f).plan(f, Inputs.config(f, "--from", from), Inputs.config(f, "--to", to));
        spec.commandLine().getOut().print(p);
        return 0;
    }
}
