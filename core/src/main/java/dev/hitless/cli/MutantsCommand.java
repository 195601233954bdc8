package dev.hitless.cli;

import dev.hitless.check.MutantReport;
import dev.hitless.format.EntryFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "mutants", mixinStandardHelpOptions = true,
        description = {"Harness self-check: mutate every correct plan by one step (drop a sync or a barrier, swap two",
                "adjacent steps, move a store across a sync, store the valid-bit qword/quantum early) and count how",
                "many mutants the checker flags (worse verdict, wrong final entry, or last change unsynced) under a",
                "reader preset (strict by default). Every mutant it does not flag must have a structural reason, printed per class."},
        footer = {"", "Examples:", "  hitless mutants", "  hitless mutants --format smmu-ste", "  hitless mutants --reader ascending",
                "", "Exit codes: 0 every unflagged mutant is explained and the known-bad orderings tear, 1 otherwise."})
final class MutantsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "F|all", defaultValue = "all",
            description = "vtd-pasid, smmu-ste, smmu-cd or all (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--reader", paramLabel = "PRESET", defaultValue = "strict",
            description = "reader preset the mutants are judged under: strict, ascending or sticky (default: ${DEFAULT-VALUE});"
                    + " an ordered reader tells swapped stores apart, an any-order one cannot")
    String reader;

    @Override
    public Integer call() {
        List<EntryFormat> formats = Inputs.formats(format);
        for (EntryFormat f : formats) Inputs.preset(reader, f);
        MutantReport r = MutantReport.run(formats, reader);
        spec.commandLine().getOut().print(r.text());
        return r.ok() ? Main.OK : Main.VIOLATED;
    }
}
