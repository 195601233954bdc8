package dev.hitless.cli;

import dev.hitless.planlang.PlanFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code ./hitless}. Exit codes: 0 requirement met, 1 requirement violated (a counterexample exists),
 * 2 bad input (one line {@code hitless: error: ...} on stderr; also a result that could not be written to standard
 * output), 3 internal error (a bug in hitless: stack trace), 4 a plan or search too large to check.
 */
@Command(name = "hitless", mixinStandardHelpOptions = true, version = "hitless 0.1.0-SNAPSHOT",
        description = "Tells whether an ordering of stores to a live IOMMU table entry (VT-d PASID entry, SMMUv3 STE/CD, AMD-Vi DTE)"
                + " is safe while the hardware reads it concurrently.",
        footer = {"", "Examples:",
                "  hitless matrix --format vtd-pasid",
                "  hitless check --format vtd-pasid --from fl-did5-a --to fl-did6-b --ordering used-bits-128",
                "  hitless describe --format smmu-ste --config ste-s1:cdtab=0x40000,s1dss=bypass",
                "", "Exit codes: 0 requirement met, 1 violated (counterexample), 2 bad input, 3 internal error."})
public final class Main implements Runnable, Environment {
    public static final int OK = 0, VIOLATED = 1, BAD_INPUT = 2, INTERNAL = 3, TOO_LARGE = 4;

    /**
     * The subcommands, in the order {@code --help} lists them. Registered by {@link #commandLine}, not by the
     * annotation, so that a run of one command builds the model of that command alone: picocli reads every option of
     * every subcommand by reflection, and building all of them delayed a matrix run by about 60 ms on this project's
     * machine (docs/build.md). SubcommandRegistrationTest holds the answers of both ways equal.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(FormatsCommand.class, CatalogueCommand.class,
            DescribeCommand.class, OrderingsCommand.class, PlanCommand.class, CheckCommand.class, MatrixCommand.class,
            SynthesizeCommand.class, CCheckCommand.class, MutantsCommand.class, ExampleCommand.class, LitmusCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err, System.getenv(), args.length > 0 ? args[0] : null).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The environment commands read ({@code CC}, {@code PATH} for c-check): this process's, unless a test gives one. */
    private final Map<String, String> env;

    private Main(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Map<String, String> variables() {
        return env;
    }

    /** The configured command line writing to {@code out} and {@code err} (tests capture both). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, System.getenv());
    }

    /** The same, with {@code env} in place of this process's environment (tests try CC values in process). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
        return commandLine(out, err, env, null);
    }

    /**
     * The same, for a command line whose first argument is {@code first}: when that names a subcommand, the command
     * line knows that one alone (the parse and every message are the same: picocli reads no other subcommand for it);
     * otherwise (none, an option, {@code help}, a mistyped name) every subcommand, so that usage and suggestions list
     * them all.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env, String first) {
        CommandLine cl = new CommandLine(new Main(env));
        Class<?> only = null;
        for (Class<?> c : SUBCOMMANDS) {
            Command a = c.getAnnotation(Command.class);
            if (first != null && c != CommandLine.HelpCommand.class && (a.name().equals(first) || List.of(a.aliases()).contains(first))) only = c;
        }
        for (Class<?> c : only != null ? List.of(only) : SUBCOMMANDS) cl.addSubcommand(c);
        cl.setOut(out);
        cl.setErr(err);
        // One rule for every option value: exactly as --help lists it, in lower case (names double as file names, so
        // they cannot fold case; neither does anything else). Numbers are ASCII decimal.
        cl.registerConverter(dev.hitless.check.Requirement.class, lowerCase(dev.hitless.check.Requirement.class));
        cl.registerConverter(dev.hitless.reader.ReaderModel.ChunkOrder.class, lowerCase(dev.hitless.reader.ReaderModel.ChunkOrder.class));
        cl.registerConverter(dev.hitless.reader.ReaderModel.Cache.class, lowerCase(dev.hitless.reader.ReaderModel.Cache.class));
        cl.registerConverter(Integer.class, s -> (int) decimal(s, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cl.registerConverter(int.class, s -> (int) decimal(s, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cl.registerConverter(Long.class, s -> decimal(s, Long.MIN_VALUE, Long.MAX_VALUE));
        cl.registerConverter(long.class, s -> decimal(s, Long.MIN_VALUE, Long.MAX_VALUE));
        cl.setParameterExceptionHandler((ex, args) -> {
            String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
            ex.getCommandLine().getErr().println("hitless: error: " + oneLine(ex.getMessage()) + " (see '" + cmd + " --help')");
            return BAD_INPUT;
        });
        // a result that did not reach standard output is no result: exit 2, whatever the command decided
        cl.setExecutionStrategy(parsed -> {
            int code = new CommandLine.RunLast().execute(parsed);
            PrintWriter o = parsed.commandSpec().commandLine().getOut();
            o.flush();
            if (o.checkError() && code != BAD_INPUT) {
                parsed.commandSpec().commandLine().getErr().println("hitless: error: cannot write to standard output (closed, or a full disk?)");
                return BAD_INPUT;
            }
            return code;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            // A plan file's error may surface only when a plan is made (a field the format lacks), deep in a matrix run
            if (ex instanceof dev.hitless.check.CheckLimitException) {
                c.getErr().println("hitless: error: plan too large to check: " + oneLine(ex.getMessage()));
                return TOO_LARGE;
            }
            if (ex instanceof BadInput || ex instanceof PlanFileException) {
                c.getErr().println("hitless: error: " + oneLine(ex.getMessage()));
                if (ex instanceof BadInput b) for (String d : b.details()) c.getErr().println("  " + oneLine(d));
                return BAD_INPUT;
            }
            c.getErr().println("hitless: internal error (a bug in hitless, please report it):");
            ex.printStackTrace(c.getErr());
            return INTERNAL;
        });
        return cl;
    }

    /** An enum option's converter: the constant whose name in lower case is exactly the value. */
    static <E extends Enum<E>> CommandLine.ITypeConverter<E> lowerCase(Class<E> type) {
        return s -> {
            for (E e : type.getEnumConstants()) if (e.name().toLowerCase(java.util.Locale.ROOT).equals(s)) return e;
            throw new CommandLine.TypeConversionException("expected one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.joining(", "))
                    + ", found '" + s + "'");
        };
    }

    /** A decimal number of ASCII digits, optionally negative, within {@code min..max}. */
    static long decimal(String s, long min, long max) {
        if (!s.matches("-?[0-9]{1,19}")) throw new CommandLine.TypeConversionException("'" + s + "' is not a decimal number (ASCII digits)");
        try {
            long v = Long.parseLong(s);
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // too large: said below
        }
        throw new CommandLine.TypeConversionException("'" + s + "' is out of range");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
