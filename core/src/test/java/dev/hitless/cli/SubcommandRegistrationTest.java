package dev.hitless.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./hitless X ...} builds the command line of subcommand X alone ({@link Main#commandLine(PrintWriter,
 * PrintWriter, Map, String)}); every answer must be the one the full command line gives.
 */
class SubcommandRegistrationTest {
    record Run(int code, String out, String err) {
    }

    private static Run run(String first, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), first).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** What the full command line and the one given only {@code args[0]}'s subcommand answer. */
    private static void same(String... args) {
        Run full = run(null, args), one = run(args.length > 0 ? args[0] : null, args);
        assertEquals(full, one, String.join(" ", args));
    }

    private static List<String> names() {
        CommandLine full = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        return new ArrayList<>(full.getSubcommands().keySet());
    }

    @Test
    void everySubcommandAndAliasAnswersAsInTheFullCommandLine() {
        List<String> names = names();
        assertTrue(names.containsAll(List.of("matrix", "check", "c-check", "catalogue", "catalog", "help")), names.toString());
        for (String n : names) {
            same(n, "--help");
            same(n, "--no-such-option");
        }
        same("matrix", "--format", "no-such-format");
        same("formats");
        same("catalog", "--format", "smmu-cd");
    }

    @Test
    void withoutASubcommandEveryOneIsListed() {
        same();
        same("--help");
        same("help");
        same("help", "matrix");
        same("matrixx", "--format", "all"); // picocli's suggestion names the subcommands
        Run usage = run(null, "--help");
        for (String n : names()) if (!n.equals("catalog")) assertTrue(usage.out().contains("  " + n), n + " in\n" + usage.out());
    }
}
