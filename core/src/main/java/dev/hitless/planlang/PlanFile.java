package dev.hitless.planlang;

import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads orderings written in the plan language ({@code .plan} files, see docs/plan-language.md), so that a kernel
 * developer can try an ordering without writing Java.
 *
 * <p>Naming: the ordering is called by its {@code ordering NAME} line, unless a built-in or a service-loaded
 * ordering already has that name; then it is called {@code file:NAME}, so a copy of a built-in never passes for
 * the built-in in a report.
 *
 * <p>Every error, from a missing file to a misspelt field, is a {@link PlanFileException} whose message is one
 * line {@code FILE:LINE:COL: expected ..., found ...}.
 */
public final class PlanFile {
    /** The shipped examples: one plan file per built-in ordering, each producing the built-in's exact plans. */
    public static final List<String> EXAMPLES = List.of(
            "struct-copy", "clear-then-update", "used-bits-64", "used-bits-128", "used-bits-128-draft",
            "used-bits-64-no-wmb", "entry-sync-64", "entry-sync-128", "amd-update-dte256", "xen-no-cx16", "amd-2009-v-first",
            "vtd-context-2026", "vtd-context-pre-2026", "riscv-iodir", "riscv-qos-in-place");

    /** Prefix given to a plan file's ordering name when that name is already taken. */
    public static final String CLASH_PREFIX = "file:";

    private PlanFile() {
    }

    /** Reads and parses {@code file}; field names are checked against every known format. */
    public static Ordering load(Path file) {
        return parse(file.toString(), read(file, "plan file"));
    }

    /**
     * The UTF-8 text of a plan or attach file ({@code what}); a missing, unreadable or non-UTF-8 file, or one that is
     * not a regular file ({@link InputFiles}: a FIFO or a device is refused before it is opened), is a
     * {@link PlanFileException} at line 1, column 1.
     */
    static String read(Path file, String what) {
        String name = file.toString();
        java.util.Optional<String> problem = InputFiles.problem(file);
        if (problem.isPresent()) throw new PlanFileException(name, 1, 1, "a " + what, problem.get());
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PlanFileException(name, 1, 1, "a " + what, "no such file");
        } catch (MalformedInputException e) {
            throw new PlanFileException(name, 1, 1, "a UTF-8 text file", "bytes that are not UTF-8");
        } catch (IOException e) {
            throw new PlanFileException(name, 1, 1, "a readable " + what, String.valueOf(e.getMessage()));
        }
    }

    /** Parses plan-file text; {@code file} names it in error messages. */
    public static Ordering parse(String file, String text) {
        return parse(file, text, knownFormats());
    }

    /**
     * Parses plan-file text, checking field names against {@code knownFormats} (none: fields are checked only when
     * a plan is made for a format).
     */
    public static Ordering parse(String file, String text, List<EntryFormat> knownFormats) {
        Syntax.Program program = Parser.parse(file, text, knownFormats);
        String name = program.name();
        boolean taken = Orderings.all().stream().anyMatch(o -> o.name().equals(program.name()));
        return new PlanOrdering(file, taken ? CLASH_PREFIX + name : name, program);
    }

    /** The text of a shipped example, e.g. {@code exampleText("used-bits-64")}. */
    public static String exampleText(String name) {
        if (!EXAMPLES.contains(name)) {
            throw new IllegalArgumentException("unknown example '" + name + "'; expected one of " + String.join(", ", EXAMPLES));
        }
        try (InputStream in = PlanFile.class.getResourceAsStream("examples/" + name + ".plan")) {
            if (in == null) throw new IllegalStateException("example " + name + ".plan missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read example " + name + ".plan", e);
        }
    }

    /** A shipped example, loaded; its name is {@code file:NAME} because the built-in twin holds {@code NAME}. */
    public static Ordering example(String name) {
        return parse("examples/" + name + ".plan", exampleText(name));
    }

    private static List<EntryFormat> knownFormats() {
        return Formats.all();
    }
}
