package dev.hitless.cli;

import dev.hitless.check.MutantReport;
import dev.hitless.format.Formats;
import dev.hitless.format.EntryFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "mutants", mixinStandardHelpOptions = true,
        description = {"Harness self-check: mutate every correct plan by one step (drop a sync or a",
                "barrier, make a dma_wmb an smp_wmb, swap two adjacent steps, move a store across",
                "a sync, store the valid-bit qword/quantum early) and count how many mutants the",
                "checker kills (worse verdict, UNINIT included; wrong final entry; or last change",
                "unsynced) under a reader preset (strict by default) and each visibility",
                "(in-order and barrier-ordered by default): a kill rate per operator and",
                "visibility. Every mutant it does not kill must have a structural reason,",
                "printed per class and visibility."},
        footer = {"", "Examples:", "  hitless mutants", "  hitless mutants --format smmu-ste", "  hitless mutants --reader ascending",
                "  hitless mutants --format smmu-ste --visibility barrier-ordered",
                "", "Exit codes: 0 every unflagged mutant is explained and the known-bad orderings tear, 1 otherwise."})
final class MutantsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "F|all", defaultValue = "all",
            description = Formats.NAMES + " or all (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--reader", paramLabel = "PRESET", defaultValue = "strict",
            description = "reader preset the mutants are judged under: strict, ascending or sticky (default: ${DEFAULT-VALUE});"
                    + " an ordered reader tells swapped stores apart, an any-order one cannot")
    String reader;

    @Option(names = "--visibility", paramLabel = "V",
            description = "judge the mutants under in-order or barrier-ordered only (default: both)")
    String visibility;

    @Override
    public Integer call() {
        List<EntryFormat> formats = Inputs.formats(format);
        for (EntryFormat f : formats) Inputs.preset(reader, f);
        MutantReport r = MutantReport.run(formats, reader, Inputs.visibilities(visibility));
        spec.commandLine().getOut().print(r.text());
        return r.ok() ? Main.OK : Main.VIOLATED;
    }
}
