package dev.hitless.cli;

import dev.hitless.planlang.PlanFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Print the plan file of a built-in ordering: the starting point for an ordering of your own"
                + " (docs/plan-language.md describes the language).",
        footer = {"", "Example: try a sync before P is set in the teardown sequence",
                "  hitless example clear-then-update > mine.plan",
                "  (edit mine.plan: rename it, add 'sync entry' before the store that sets P)",
                "  hitless check --format vtd-pasid --from fl-did5-a --to fl-did6-b --ordering mine.plan"})
final class ExampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ORDERING", description = "one of: ${COMPLETION-CANDIDATES}", completionCandidates = Names.class)
    String name;

    /** The names picocli lists in the help. */
    static final class Names extends java.util.ArrayList<String> {
        Names() {
            super(PlanFile.EXAMPLES);
        }
    }

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().print(PlanFile.exampleText(name));
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        return Main.OK;
    }
}
