package dev.hitless.cli;

import dev.hitless.format.Formats;
import dev.hitless.format.ConfigKind;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.NamedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "catalogue", aliases = "catalog", mixinStandardHelpOptions = true,
        description = "List a format's built-in configurations and the configuration kinds with their parameters.",
        footer = {"", "Configuration syntax: kind[:param=value,...] (decimal, 0x hex, true/false), a catalogue name,",
                "or a raw entry as its hex qwords (as many as the format has), qword 0 first.",
                "", "Example:", "  hitless catalogue --format smmu-ste"})
final class CatalogueCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "F", description = Formats.NAMES)
    String format;

    @Override
    public Integer call() {
        EntryFormat f = Inputs.format(format);
        PrintWriter out = spec.commandLine().getOut();
        out.println(f.name() + ": " + f.title());
        out.println();
        out.println("catalogue (ordered pairs of these are the matrix's transitions):");
        int w = f.catalogue().stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (NamedConfig c : f.catalogue()) {
            out.printf("  %-" + w + "s  %s%n  %" + w + "s  %s%n", c.name(), c.spec(), "", f.decode(c.entry()));
        }
        out.println();
        out.println("kinds:");
        for (ConfigKind k : f.configKinds()) {
            out.printf("  %-14s %s%n", k.name(), k.description());
            for (ConfigKind.Param p : k.params()) {
                String def = p.isFlag() ? (p.defaultValue() != 0 ? "true" : "false")
                        : p.symbols().entrySet().stream().filter(e -> e.getValue() == p.defaultValue()).map(Map.Entry::getKey)
                        .sorted().findFirst().orElse("0x" + Long.toHexString(p.defaultValue()));
                String sym = p.symbols().isEmpty() ? "" : " names: " + String.join(", ", new java.util.TreeSet<>(p.symbols().keySet()));
                out.printf("      %-10s default %-10s %s%s%n", p.name(), def, p.description(), sym);
            }
        }
        return 0;
    }
}
