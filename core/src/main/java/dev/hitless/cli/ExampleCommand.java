package dev.hitless.cli;

import dev.hitless.planlang.AttachFile;
import dev.hitless.planlang.PlanFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Print the plan file of a built-in ordering, or the attach file of a built-in attach sequence: the"
                + " starting point for one of your own (docs/plan-language.md and docs/cache-tags.md describe the languages)."
                + " A name that is both (riscv-iodir) prints the ordering; --attach prints the attach sequence.",
        footer = {"", "Example: try a sync before P is set in the teardown sequence",
                "  hitless example clear-then-update > mine.plan",
                "  (edit mine.plan: rename it, add 'sync entry' before the store that sets P)",
                "  hitless check --format vtd-pasid --from fl-did5-a --to fl-did6-b --ordering mine.plan",
                "", "Example: move the new domain's list update after the switch",
                "  hitless example vtd-corrected > mine.attach",
                "  (edit mine.attach: rename it, move 'list add new' below 'switch')",
                "  hitless check --format vtd-pasid --from fl-did5-a --to fl-did6-b --ordering used-bits-128 --attach mine.attach",
                "", "riscv-iodir names an ordering and an attach sequence:",
                "  hitless example riscv-iodir            (the ordering's plan file)",
                "  hitless example --attach riscv-iodir   (the attach sequence's attach file)"})
final class ExampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "one of: ${COMPLETION-CANDIDATES}", completionCandidates = Names.class)
    String name;

    @Option(names = "--attach", description = "print the attach sequence NAME (needed only when NAME is an ordering too)")
    boolean attach;

    /** The names picocli lists in the help. */
    static final class Names extends java.util.ArrayList<String> {
        Names() {
            super(PlanFile.EXAMPLES);
            for (String a : AttachFile.BUILT_INS) if (!contains(a)) add(a);
        }
    }

    @Override
    public Integer call() {
        List<String> attaches = AttachFile.BUILT_INS;
        boolean isOrdering = PlanFile.EXAMPLES.contains(name), isAttach = attaches.contains(name);
        if (attach && !isAttach) {
            throw new BadInput("unknown attach sequence '" + name + "'; expected one of " + String.join(", ", attaches)
                    + (isOrdering ? " (" + name + " is an ordering: hitless example " + name + ")" : ""));
        }
        if (!isOrdering && !isAttach) {
            throw new BadInput("unknown example '" + name + "'; expected an ordering (" + String.join(", ", PlanFile.EXAMPLES)
                    + ") or an attach sequence (" + String.join(", ", attaches) + ")");
        }
        boolean printAttach = attach || !isOrdering;
        spec.commandLine().getOut().print(printAttach ? AttachFile.text(name) : PlanFile.exampleText(name));
        if (!printAttach && isAttach) {
            spec.commandLine().getErr().println("note: " + name + " is also an attach sequence: hitless example --attach " + name);
        }
        return Main.OK;
    }
}
