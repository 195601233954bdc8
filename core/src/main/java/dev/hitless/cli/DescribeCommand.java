package dev.hitless.cli;

import dev.hitless.entry.Entry;
import dev.hitless.format.Formats;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Print an entry in the kernel's hex form, its fields decoded, and the bits the hardware uses.",
        footer = {"", "Examples:",
                "  hitless describe --format vtd-pasid --config fl:did=5,fsptptr=0x100000",
                "  hitless describe --format smmu-ste --config s1-bypass",
                "  hitless describe --format smmu-cd --config '0x...1 0 0 0 0 0 0 0'"})
final class DescribeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "F", description = Formats.NAMES)
    String format;

    @Option(names = "--config", required = true, paramLabel = "SPEC",
            description = "kind[:param=value,...], a catalogue name, or the entry's hex qwords (as many as the format has)")
    String config;

    @Override
    public Integer call() {
        EntryFormat f = Inputs.format(format);
        Entry e = Inputs.config(f, "--config", config);
        Entry used = f.usedBits(e);
        PrintWriter out = spec.commandLine().getOut();
        out.println("entry    " + e);
        out.println("fields   " + f.decode(e));
        out.println("present  " + (f.isPresent(e) ? "yes" : "no") + " (" + f.validBit().name() + " " + f.validBit().position() + ")");
        out.println("used     " + used);
        List<String> names = new ArrayList<>();
        for (Field fl : f.fields()) if (fl.intersects(used)) names.add(fl.name());
        out.println("         " + (names.isEmpty() ? "(none)" : String.join(" ", names)));
        return 0;
    }
}
