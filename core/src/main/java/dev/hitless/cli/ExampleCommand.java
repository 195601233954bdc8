package dev.hitless.cli;

import dev.hitless.planlang.PlanFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Print the plan file of a built-in ordering, or the attach file of a built-in attach sequence: the"
                + " starting point for one of your own (docs/plan-language.md and docs/cache-tags.md describe the languages).",
        footer = {"", "Example: try a sync before P is set in the teardown sequence",
                "  hitless example clear-then-update > mine.plan",
                "  (edit mine.plan: rename it, add 'sync entry' before the store that sets P)",
                "  hitless check --format vtd-pasid --from fl-did5-a --to fl-did6-b --ordering mine.plan",
                "", "Example: move the new domain's list update after the switch",
                "  hitless example vtd-corrected > mine.attach",
                "  (edit mine.attach: rename it, move 'list add new' below 'switch')",
                "  hitless check --format vtd-pasid --from fl-did5-a --to fl-did6-b --ordering used-bits-128 --attach mine.attach"})
final class ExampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "one of: ${COMPLETION-CANDIDATES}", completionCandidates = Names.class)
    String name;

    /** The names picocli lists in the help. */
    static final class Names extends java.util.ArrayList<String> {
        Names() {
            super(PlanFile.EXAMPLES);
            addAll(dev.hitless.planlang.AttachFile.BUILT_INS);
        }
    }

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().print(dev.hitless.planlang.AttachFile.BUILT_INS.contains(name)
                    ? dev.hitless.planlang.AttachFile.text(name) : PlanFile.exampleText(name));
        } catch (IllegalArgumentException e) {
            throw new BadInput("unknown example '" + name + "'; expected an ordering (" + String.join(", ", PlanFile.EXAMPLES)
                    + ") or an attach sequence (" + String.join(", ", dev.hitless.planlang.AttachFile.BUILT_INS) + ")");
        }
        return Main.OK;
    }
}
