package dev.hitless.cli;

import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "formats", mixinStandardHelpOptions = true, description = "List the entry formats.",
        footer = {"", "Example:", "  hitless formats"})
final class FormatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int width = Formats.all().stream().mapToInt(f -> f.name().length()).max().orElse(1);
        for (EntryFormat f : Formats.all()) {
            out.printf("%-" + width + "s  %s; valid bit %s (%s); hardware reads %d-bit chunks; %d catalogue configurations%n",
                    f.name(), f.title(), f.validBit().name(), f.validBit().position(), f.defaultChunkBits(), f.catalogue().size());
        }
        out.println("Use 'hitless catalogue --format F' for its configurations and kinds.");
        return 0;
    }
}
