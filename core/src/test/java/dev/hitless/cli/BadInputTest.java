package dev.hitless.cli;

import dev.hitless.cli.CliTest.Run;
import dev.hitless.planlang.PlanFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The bad-input suite: every command, every option, configuration specs, hex entries, output files and plan files
 * mutated line by line, run in-process through picocli (one JVM for all cases). A bad input must give exit code 2,
 * exactly one stderr line {@code hitless: error: ...}, no stack trace, nothing on stdout, and leave no output file
 * written or changed. A mutated plan file may also be a valid plan: then it must check (exit 0 or 1); when it is
 * rejected, the one line names the file, the line and column, and what was expected.
 *
 * <p>The tables are derived from the command line itself where they can be: every subcommand must have a valid
 * {@link #BASES base invocation}, and every option that takes a value must have {@link #badValues bad values}, so a
 * new command or option without bad-input cases fails {@link #everyCommandAndOptionHasCases}.
 */
class BadInputTest {
    @TempDir
    static Path dir;

    /** A valid invocation of each command; the cases below break one thing in it. */
    static final Map<String, List<String>> BASES = new LinkedHashMap<>();

    static {
        BASES.put("formats", List.of());
        BASES.put("catalogue", List.of("--format", "vtd-pasid"));
        BASES.put("describe", List.of("--format", "vtd-pasid", "--config", "fl-did5-a"));
        BASES.put("orderings", List.of());
        BASES.put("plan", List.of("--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering", "used-bits-128"));
        BASES.put("check", List.of("--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering", "used-bits-128",
                "--reader", "strict", "--chunk", "128", "--order", "any", "--cache", "none", "--visibility", "barrier-ordered",
                "--require", "safe", "--attach", "vtd-corrected", "--ats", "on"));
        BASES.put("matrix", List.of("--format", "vtd-pasid", "--ordering", "used-bits-64", "--reader", "strict",
                "--visibility", "in-order", "--require", "safe", "--attach", "vtd-corrected", "--ats", "off"));
        BASES.put("synthesize", List.of("--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did5-b", "--reader", "strict",
                "--chunk", "128", "--order", "any", "--cache", "none", "--visibility", "in-order", "--require", "hitless"));
        BASES.put("mutants", List.of("--format", "vtd-pasid", "--reader", "strict", "--visibility", "in-order"));
        BASES.put("example", List.of("used-bits-64"));
        BASES.put("litmus", List.of("--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering", "used-bits-128",
                "--reader", "strict", "--chunk", "64", "--order", "any", "--cache", "none", "--visibility", "in-order"));
        BASES.put("c-check", List.of(testResource("c/copy-writer.c").toString(), "--format", "vtd-pasid", "--from", "fl-did5-a",
                "--to", "fl-did6-b", "--entry", "hitless_writer", "--against", "struct-copy", "--reader", "strict",
                "--visibility", "in-order", "--require", "safe", "--time-limit-ms", "2000", "--include-dir", testResource("c").toString()));
    }

    static Path testResource(String name) {
        try {
            return Path.of(BadInputTest.class.getResource("/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** c-check's base invocation compiles C: skipped (said so by CCheckTest) where there is no C compiler. */
    static boolean runnable(String command) {
        if (!command.equals("c-check")) return true;
        try {
            dev.hitless.cwriter.CCompiler.find();
            return true;
        } catch (dev.hitless.cwriter.CWriterException e) {
            return false;
        }
    }

    /**
     * One command line for every case: building one costs more than most cases take to run, and picocli resets every
     * option to its initial value before each parse, so a reused command line behaves as a fresh one.
     */
    private static final StringWriter OUT = new StringWriter(), ERR = new StringWriter();
    private static final CommandLine CLI = Main.commandLine(new PrintWriter(OUT, true), new PrintWriter(ERR, true));

    static Run run(String... args) {
        OUT.getBuffer().setLength(0);
        ERR.getBuffer().setLength(0);
        int code = CLI.execute(args);
        return new Run(code, OUT.toString(), ERR.toString());
    }

    // ---- the assertion every bad input must pass ------------------------------------------------------------------

    static String show(List<String> args, Run r) {
        return "hitless " + String.join(" ", args.stream().map(a -> a.isEmpty() || a.contains(" ") ? "'" + a + "'" : a).toList())
                + "\nexit " + r.code() + "\n--- stdout\n" + r.out() + "--- stderr\n" + r.err();
    }

    /** Exit 2, one line {@code hitless: error: ...} on stderr, no stack trace, nothing on stdout. */
    static Run assertBadInput(List<String> args) {
        Run r = run(args.toArray(String[]::new));
        assertOneLineError(args, r);
        return r;
    }

    static void assertOneLineError(List<String> args, Run r) {
        String why = show(args, r);
        assertEquals(2, r.code(), "exit code: " + why);
        assertTrue(r.err().startsWith("hitless: error: "), "stderr starts with 'hitless: error: ': " + why);
        // exactly one line; a C file that does not compile may add its further errors below it, indented (issue 22)
        assertTrue(dev.hitless.hostile.HostileCorpus.oneErrorLine(r.err()), "exactly one stderr line: " + why);
        assertFalse(r.err().contains("Exception"), "no exception name: " + why);
        assertFalse(r.err().contains("\tat "), "no stack trace: " + why);
        assertEquals("", r.out(), "nothing on stdout: " + why);
    }

    static DynamicTest bad(String name, List<String> args) {
        return DynamicTest.dynamicTest(name, () -> assertBadInput(args));
    }

    static DynamicTest bad(String name, List<String> args, String fragment) {
        return DynamicTest.dynamicTest(name, () -> {
            Run r = assertBadInput(args);
            assertTrue(r.err().contains(fragment), "stderr names '" + fragment + "': " + show(args, r));
        });
    }

    /** Like {@link #bad(String, List, String)}, and the error starts with {@code OPTION: }. */
    static DynamicTest bad(String name, List<String> args, String option, String fragment) {
        return DynamicTest.dynamicTest(name, () -> {
            Run r = assertBadInput(args);
            assertTrue(r.err().startsWith("hitless: error: " + option + ": "), "names " + option + " first: " + show(args, r));
            assertTrue(r.err().contains(fragment), "stderr names '" + fragment + "': " + show(args, r));
        });
    }

    static List<String> args(String command, List<String> rest) {
        List<String> a = new ArrayList<>();
        a.add(command);
        a.addAll(rest);
        return a;
    }

    // ---- commands and options -------------------------------------------------------------------------------------

    static Map<String, CommandLine> subcommands() {
        Map<String, CommandLine> subs = new LinkedHashMap<>(CLI.getSubcommands());
        subs.remove("help");
        subs.remove("catalog"); // alias of catalogue
        return subs;
    }

    /** Values that no option accepts under that name; every option taking a value must be listed. */
    static List<String> badValues(String option) {
        Path directory = dir;
        Path missing = dir.resolve("no-such-dir").resolve("x.plan");
        return switch (option) {
            case "--format" -> List.of("nope", "", " ", "vtd", "vtd-pasid,smmu-ste", "mips-iommu");
            case "--from", "--to", "--config" -> List.of("", " ", "nope", "fl:", "fl:did=70000", "fl:did=abc", "fl:nosuch=1");
            case "--ordering", "--against" -> List.of("nope", "", " ", "used-bits", "USED-BITS-64", directory.toString(), missing.toString(),
                    emptyFile().toString(), binaryFile().toString(), notUtf8File().toString(), syntaxErrorFile().toString(),
                    otherFormatFieldFile().toString(), "nul\0char");
            case "--reader" -> List.of("lazy", "", "strict,sticky", "none");
            case "--attach" -> List.of("nope", "", " ", "VTD-CORRECTED", "corrected", directory.toString(), missing.toString(),
                    emptyFile().toString(), binaryFile().toString(), notUtf8File().toString(), syntaxErrorFile().toString(), "nul\0char");
            case "--ats" -> List.of("maybe", "", " ", "yes", "true", "on,off", "nul\0char");
            case "--chunk" -> List.of("abc", "", "0", "-64", "96", "1024", "99999999999", "64.0", "32");
            case "--order" -> List.of("sideways", "", "asc", "0");
            case "--cache" -> List.of("lru", "", "always");
            case "--require" -> List.of("perfect", "", "hitless,safe", "claim");
            case "--visibility" -> List.of("sideways", "", " ", "IN-ORDER", "in_order", "inorder", "tso", "in-order,barrier-ordered", "both", "nul\0char");
            case "--json", "--junit-xml", "--save-plan", "--html" -> List.of(directory.toString(), regularFile().resolve("x.out").toString(), "", " ", "nul\0char");
            case "--entry" -> List.of("", " ", "1writer", "my-writer", "my writer", "writer()", "nul\0char");
            case "--include-dir" -> List.of("", " ", missing.getParent().toString(), regularFile().toString(), "nul\0char");
            case "--out" -> List.of(regularFile().toString(), regularFile().resolve("sub").toString(), "", " ", "nul\0char");
            case "--time-limit-ms" -> List.of("abc", "", "0", "-5", "1.5", "3600001", "99999999999999999999");
            case "--kernel-tree", "--against-tree" -> List.of("", " ", missing.getParent().toString(), regularFile().toString(), "nul\0char");
            case "--driver" -> List.of("", " ", "nope", "ARM-SMMU-V3-STE", "amd", "vtd-context-scalable", "vtd-pasid", "nul\0char");
            case "-D" -> List.of("", " ", "1X", "A B", "A-B", "=1", "A=1\nB", "nul\0char");
            default -> throw new AssertionError("no bad values for option " + option + ": add them to badValues");
        };
    }

    /** Options without a value (flags) and the help options are not given bad values. */
    static boolean takesValue(OptionSpec o) {
        return o.arity().max() > 0 && !o.usageHelp() && !o.versionHelp();
    }

    @Test
    void everyCommandAndOptionHasCases() {
        assertEquals(new TreeSet<>(subcommands().keySet()), new TreeSet<>(BASES.keySet()), "a base invocation per command");
        for (CommandLine c : subcommands().values()) {
            for (OptionSpec o : c.getCommandSpec().options()) if (takesValue(o)) assertFalse(badValues(o.longestName()).isEmpty());
        }
        for (var e : BASES.entrySet()) {
            if (!runnable(e.getKey())) continue;
            List<String> a = args(e.getKey(), e.getValue());
            Run r = run(a.toArray(String[]::new));
            assertTrue(r.code() == 0 || r.code() == 1, "the base invocation is valid: " + show(a, r));
            assertEquals("", r.err(), show(a, r));
        }
    }

    @TestFactory
    Stream<DynamicTest> commandsAndOptions() {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(bad("unknown command", List.of("frobnicate"), "frobnicate"));
        tests.add(bad("unknown top-level option", List.of("--frobnicate"), "--frobnicate"));
        tests.add(bad("help for an unknown command", List.of("help", "frobnicate"), "frobnicate"));
        tests.add(bad("option before the command", List.of("--format", "vtd-pasid", "formats")));
        for (var e : subcommands().entrySet()) {
            String cmd = e.getKey();
            List<String> base = BASES.get(cmd);
            tests.add(bad(cmd + ": unknown option", args(cmd, with(base, "--frobnicate")), "--frobnicate"));
            tests.add(bad(cmd + ": unknown short option", args(cmd, with(base, "-z"))));
            tests.add(bad(cmd + ": unknown option with value", args(cmd, with(base, "--frobnicate=1"))));
            tests.add(bad(cmd + ": option in upper case", args(cmd, with(base, "--HELP"))));
            tests.add(bad(cmd + ": stray argument", args(cmd, with(base, "extra"))));
            tests.add(bad(cmd + ": stray argument first", args(cmd, with(List.of("extra"), base.toArray(String[]::new)))));
            tests.add(bad(cmd + ": '--' then an argument", args(cmd, with(base, "--", "extra"))));
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                String name = o.longestName();
                if (o.usageHelp() || o.versionHelp()) continue;
                int at = base.indexOf(name);
                if (o.required()) {
                    List<String> without = new ArrayList<>(base);
                    without.remove(at + 1);
                    without.remove(at);
                    tests.add(bad(cmd + ": missing " + name, args(cmd, without), name));
                }
                if (!takesValue(o)) {
                    tests.add(bad(cmd + ": flag " + name + " given a value", args(cmd, with(base, name + "=maybe")), name));
                    continue;
                }
                if (o.arity().min() > 0) {
                    List<String> noValue = new ArrayList<>(base);
                    if (at >= 0) {
                        noValue.remove(at + 1);
                        noValue.remove(at);
                    }
                    noValue.add(name);
                    tests.add(bad(cmd + ": " + name + " without a value", args(cmd, noValue), name));
                }
                if (at >= 0 && !o.isMultiValue()) {
                    tests.add(bad(cmd + ": " + name + " given twice", args(cmd, with(base, name, base.get(at + 1))), name));
                }
                for (String v : badValues(name)) {
                    List<String> a = new ArrayList<>(base);
                    if (at >= 0 && !o.isMultiValue()) {
                        a.set(at + 1, v);
                    } else {
                        a.add(name);
                        a.add(v);
                    }
                    tests.add(bad(cmd + ": " + name + " '" + v + "'", args(cmd, a)));
                    if (v.startsWith("-") || v.isEmpty()) continue;
                    List<String> eq = new ArrayList<>(a);
                    int i = eq.lastIndexOf(v);
                    eq.set(i - 1, name + "=" + v);
                    eq.remove(i);
                    tests.add(bad(cmd + ": " + name + "='" + v + "'", args(cmd, eq)));
                }
            }
        }
        tests.add(bad("example: no name", List.of("example"), "NAME"));
        tests.add(bad("example: unknown name", List.of("example", "nope"), "unknown example 'nope'"));
        tests.add(bad("example: empty name", List.of("example", "")));
        tests.add(bad("example: a plan file is not an example name", List.of("example", syntaxErrorFile().toString())));
        tests.add(bad("example: two names", List.of("example", "used-bits-64", "used-bits-128")));
        tests.add(bad("check: --chunk wider than the hardware reads", List.of("check", "--format", "vtd-pasid", "--from",
                "fl-did5-a", "--to", "fl-did6-b", "--ordering", "used-bits-128", "--chunk", "1024"), "--chunk"));
        tests.add(bad("matrix: --format all with an unknown --reader", List.of("matrix", "--reader", "lazy"), "lazy"));
        tests.add(bad("mutants: --format all with an unknown --reader", List.of("mutants", "--reader", "lazy"), "lazy"));
        for (String cmd : List.of("check", "matrix", "mutants", "c-check", "synthesize")) {
            if (!runnable(cmd)) continue;
            List<String> a = new ArrayList<>(BASES.get(cmd));
            a.set(a.indexOf("--visibility") + 1, "x86");
            tests.add(bad(cmd + ": --visibility names the value and every label", args(cmd, a), "--visibility",
                    "unknown visibility 'x86'; expected one of " + String.join(", ", dev.hitless.reader.Visibility.labels())));
        }
        tests.add(bad("synthesize: no --format", List.of("synthesize", "--from", "fl-did5-a", "--to", "fl-did6-b"), "--format"));
        tests.add(bad("synthesize: --format all for one transition", List.of("synthesize", "--format", "all", "--from", "fl-did5-a",
                "--to", "fl-did6-b"), "--matrix"));
        tests.add(bad("synthesize: no --from", List.of("synthesize", "--format", "vtd-pasid", "--to", "fl-did6-b"), "--from"));
        tests.add(bad("synthesize: no --to", List.of("synthesize", "--format", "vtd-pasid", "--from", "fl-did5-a"), "--to"));
        tests.add(bad("synthesize: --matrix with --from", List.of("synthesize", "--matrix", "--from", "fl-did5-a"), "--from"));
        tests.add(bad("synthesize: --matrix with --to", List.of("synthesize", "--matrix", "--format", "smmu-cd", "--to", "cleared"), "--to"));
        tests.add(bad("synthesize: --matrix with an unknown --format", List.of("synthesize", "--matrix", "--format", "mips-iommu"), "mips-iommu"));
        tests.add(bad("synthesize: --matrix with an unknown --reader", List.of("synthesize", "--matrix", "--reader", "lazy"), "lazy"));
        tests.add(bad("synthesize: --matrix with --chunk too wide", List.of("synthesize", "--matrix", "--chunk", "1024"), "--chunk"));
        tests.add(bad("synthesize: --matrix with a bad --save-plan", List.of("synthesize", "--matrix", "--save-plan", dir.toString())));
        String writer = BASES.get("c-check").get(0);
        tests.add(bad("c-check: no FILE", List.of("c-check", "--format", "vtd-pasid"), "FILE"));
        tests.add(bad("c-check: FILE missing", List.of("c-check", dir.resolve("nope.c").toString(), "--format", "vtd-pasid"), "no such file"));
        tests.add(bad("c-check: FILE a directory", List.of("c-check", dir.toString(), "--format", "vtd-pasid"), "is a directory"));
        tests.add(bad("c-check: FILE empty", List.of("c-check", "", "--format", "vtd-pasid"), "FILE"));
        tests.add(bad("c-check: two FILEs", List.of("c-check", writer, writer, "--format", "vtd-pasid")));
        tests.add(bad("c-check: --format all", List.of("c-check", writer, "--format", "all")));
        tests.add(bad("c-check: --from without --to", List.of("c-check", writer, "--format", "vtd-pasid", "--from", "fl-did5-a"), "--from needs --to"));
        tests.add(bad("c-check: --to without --from", List.of("c-check", writer, "--format", "vtd-pasid", "--to", "fl-did5-a"), "--to needs --from"));
        return tests.stream();
    }

    static List<String> with(List<String> base, String... more) {
        List<String> a = new ArrayList<>(base);
        a.addAll(Arrays.asList(more));
        return a;
    }

    // ---- files the option cases use --------------------------------------------------------------------------------

    static Path file(String name, byte[] bytes) {
        Path f = dir.resolve(name);
        try {
            if (!Files.exists(f)) Files.write(f, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    static Path emptyFile() {
        return file("empty.plan", new byte[0]);
    }

    static Path binaryFile() {
        return file("binary.plan", new byte[]{0, 1, 2, 3, (byte) 0xff, 0x7f, '\n', 0});
    }

    static Path notUtf8File() {
        return file("latin1.plan", "ordering caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    static Path syntaxErrorFile() {
        return file("syntax.plan", "ordering mine\nstore64 q0 = target\n".getBytes(StandardCharsets.UTF_8));
    }

    /** Parses (S1DSS is a field of smmu-ste), but vtd-pasid has no such field: an error when the plan is made. */
    static Path otherFormatFieldFile() {
        return file("other-format.plan", """
                ordering other-format
                claim breaking
                store q[0..7] = target with S1DSS = 1
                sync entry
                """.getBytes(StandardCharsets.UTF_8));
    }

    static Path regularFile() {
        return file("regular.txt", "not a directory\n".getBytes(StandardCharsets.UTF_8));
    }

    // ---- configuration specs and hex entries -----------------------------------------------------------------------

    /** A configuration SPEC that must be rejected, and a fragment its error must contain (empty: any). */
    record BadSpec(String spec, String names) {
    }

    static BadSpec spec(String spec, String names) {
        return new BadSpec(spec, names);
    }

    /** Raw entries: eight qwords that are not eight 64-bit hex numbers (wrong counts: see below). */
    static final List<BadSpec> BAD_HEX = List.of(
            spec("0x1 0x2 0x3 0x4 0x5 0x6 0x7 0xg", ""), spec("0x1 0x2 0x3 0x4 0x5 0x6 0x7 0x1ffffffffffffffff", ""),
            spec("1ffffffffffffffff 0 0 0 0 0 0 0", ""), spec("x x x x x x x x", ""), spec("0x 0x 0x 0x 0x 0x 0x 0x", ""),
            spec("-1 0 0 0 0 0 0 0", ""), spec("0xx1 0 0 0 0 0 0 0", ""), spec("1,,2,3,4,5,6,7", ""),
            spec("0 0 0 0 0 0 0 0 garbage", ""), spec("0x1_0 0 0 0 0 0 0 0", ""), spec("0 0 0 0; 0 0 0 0", ""),
            spec("(0 0 0 0 0 0 0 0)", ""), spec("0 0 0 0 0 0 0 0x", ""));

    /** Specs each format rejects, hex entries aside. */
    static final Map<String, List<BadSpec>> BAD_SPECS = new LinkedHashMap<>();

    static {
        List<BadSpec> common = List.of(
                spec("", "empty configuration"), spec("   ", "empty configuration"),
                spec("nope", "nope"), spec(":", ""), spec(":did=5", ""), spec("fl-did5-a fl-did6-a", ""));
        BAD_SPECS.put("vtd-pasid", concat(common, List.of(
                spec("fl:", "param=value"), spec("fl:did", "param=value"), spec("fl:did=", "did"),
                spec("fl:=5", ""), spec("fl:,did=5", ""),
                spec("fl:did=5,,fsptptr=0x100000", ""), spec("fl:did=abc", "did"), spec("fl:did=0x", "did"),
                spec("fl:did=-1", "did"), spec("fl:did=1e3", "did"), spec("fl:did=70000", "out of range"),
                spec("fl:did=0xfffffffffffffffff", "did"), spec("fl:fsptptr=0x123", "misaligned"),
                spec("fl:fspm=2", "fspm"), spec("fl:fspm=yes", "fspm"), spec("fl:nosuch=1", "nosuch"),
                spec("fl:ssptptr=0x300000", "ssptptr"), spec("FL:did=5", "FL"), spec("fl-did5-a:did=6", ""),
                spec("fl;did=5", ""), spec("fl:did=5;aw=3", "did"), spec("fl:did=5 aw=3", "did"),
                spec("fl:did==5", "did"), spec("clear:did=1", "did"), spec("pt:fsptptr=0x100000", "fsptptr"),
                spec("sl:ssptptr=0x300001", "misaligned"), spec("fl:aw=0x10", "aw"),
                spec("ste-s1:cdtab=0x40000", "ste-s1"))));
        BAD_SPECS.put("smmu-ste", concat(common, List.of(
                spec("ste-s1:s1dss=sometimes", "s1dss"), spec("ste-s1:cdtab=0x40001", "misaligned"),
                spec("ste-s1:cdtab", "param=value"), spec("ste-s1:s1fmt=64k", "s1fmt"),
                spec("ste-abort:x=1", "x"), spec("ste-abort:", ""), spec("ste-s2:s2ttb=0x80001", "misaligned"),
                spec("ste-s2:vtcr=0xffffffffffffffff", "vtcr"), spec("ste-s2:cdtab=0x40000", "cdtab"),
                spec("ste-bypass:shcfg=sometimes", "shcfg"), spec("fl:did=5", "fl"),
                spec("ste-s1:strw=el3", "strw"))));
        BAD_SPECS.put("smmu-cd", concat(common, List.of(
                spec("cd-s1:asid=0x10000", "asid"), spec("cd-s1:ttb0=0x100001", "misaligned"),
                spec("cd-clear:asid=1", "asid"), spec("cd-sva-release:ttb0=0x100000", "ttb0"),
                spec("cd-s1:hd=2", "hd"), spec("cd-s1:asid=", "asid"), spec("cd-sva:", ""),
                spec("s1-asid1:asid=2", ""))));
    }

    @SafeVarargs
    static <T> List<T> concat(List<T>... lists) {
        return Stream.of(lists).flatMap(List::stream).toList();
    }

    /** A valid from, to and config per format, for the placements the bad specs are tried in. */
    static final Map<String, String[]> VALID = Map.of(
            "vtd-pasid", new String[]{"fl-did5-a", "fl-did6-b"},
            "smmu-ste", new String[]{"s1-ssid0", "s2-vmid1"},
            "smmu-cd", new String[]{"s1-asid1", "s1-asid2"});

    @TestFactory
    Stream<DynamicTest> configurationSpecsAndHexEntries() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var e : BAD_SPECS.entrySet()) {
            String f = e.getKey();
            String[] ok = VALID.get(f);
            for (BadSpec c : concat(e.getValue(), BAD_HEX)) {
                String spec = c.spec(), fragment = c.names();
                String label = f + " '" + spec + "'";
                tests.add(bad("describe --config " + label, List.of("describe", "--format", f, "--config", spec), "--config", fragment));
                tests.add(bad("check --from " + label, List.of("check", "--format", f, "--from", spec, "--to", ok[1],
                        "--ordering", "used-bits-64"), "--from", fragment));
                tests.add(bad("plan --to " + label, List.of("plan", "--format", f, "--from", ok[0], "--to", spec,
                        "--ordering", "struct-copy"), "--to", fragment));
            }
        }
        return tests.stream();
    }

    /**
     * Cases fixed in the format package on another branch (issue 9, robust inputs, bullets 1 and 2): a parameter
     * given twice, and a raw entry with the wrong number of qwords. They fail until that branch is merged.
     */
    @TestFactory
    Stream<DynamicTest> duplicateParametersAndQwordCounts() {
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, String> twice = Map.of(
                "smmu-ste", "ste-s1:cdtab=0x40000,cdtab=0x50000",
                "vtd-pasid", "fl:did=5,did=6",
                "smmu-cd", "cd-s1:asid=1,ttb0=0x100000,asid=2");
        for (var e : twice.entrySet()) {
            String param = e.getValue().substring(e.getValue().lastIndexOf(',') + 1, e.getValue().lastIndexOf('='));
            tests.add(DynamicTest.dynamicTest(e.getKey() + " parameter given twice '" + e.getValue() + "'", () -> {
                List<String> a = List.of("describe", "--format", e.getKey(), "--config", e.getValue());
                Run r = assertBadInput(a);
                assertTrue(r.err().contains(param), "names the parameter: " + show(a, r));
            }));
        }
        for (String f : VALID.keySet()) {
            for (int n : new int[]{2, 7, 9, 16}) {
                String spec = String.join(" ", java.util.Collections.nCopies(n, "0x1"));
                tests.add(DynamicTest.dynamicTest(f + " raw entry of " + n + " qwords", () -> {
                    List<String> a = List.of("describe", "--format", f, "--config", spec);
                    Run r = assertBadInput(a);
                    String why = show(a, r);
                    assertFalse(r.err().contains("configuration kind"), "not an unknown kind: " + why);
                    assertTrue(r.err().contains("qword"), "speaks of qwords: " + why);
                    assertTrue(Pattern.compile("\\b" + n + "\\b").matcher(r.err().replace(spec, "")).find(),
                            "says how many were found: " + why);
                    assertTrue(r.err().contains("8") || r.err().contains("eight"), "says eight are expected: " + why);
                }));
            }
        }
        return tests.stream();
    }

    /**
     * The AMD-Vi DTE, 4 qwords (issue 20): input written for another format or for an 8-qword entry is refused with
     * one line that names what the DTE expects. Every case runs where the input is read: the configuration and the
     * plan file in check, matrix and c-check (which refuses them before it compiles anything).
     */
    @TestFactory
    Stream<DynamicTest> amdDteInput() {
        List<DynamicTest> tests = new ArrayList<>();
        String writer = BASES.get("c-check").get(0);
        String kinds = "expected one of dte-clear, dte-blocked, dte-passthrough, dte-v1, dte-gcr3, dte-nested or a catalogue name";
        Map<String, String[]> otherFormat = new LinkedHashMap<>();
        otherFormat.put("fl:did=5", new String[]{"'fl'", "a vtd-pasid configuration kind, not amd-dte's", kinds});
        otherFormat.put("fl-did5-a", new String[]{"'fl-did5-a'", "a vtd-pasid catalogue name, not amd-dte's", kinds});
        otherFormat.put("ste-s1:cdtab=0x40000", new String[]{"'ste-s1'", "a smmu-ste configuration kind", kinds});
        for (var e : otherFormat.entrySet()) {
            tests.add(badNaming("check --from " + e.getKey(), List.of("check", "--format", "amd-dte", "--from", e.getKey(), "--to",
                    "blocked", "--ordering", "amd-update-dte256"), "--from", e.getValue()));
            tests.add(badNaming("c-check --to " + e.getKey(), List.of("c-check", writer, "--format", "amd-dte", "--from", "cleared",
                    "--to", e.getKey()), "--to", e.getValue()));
        }
        for (int n : new int[]{2, 3, 5, 8, 16}) {
            String spec = String.join(" ", java.util.Collections.nCopies(n, "0x1"));
            String[] names = {"expected 4 hex qwords (qword 0 first), found " + n};
            tests.add(badNaming("describe --config " + n + " qwords", List.of("describe", "--format", "amd-dte", "--config", spec),
                    "--config", names));
            tests.add(badNaming("c-check --from " + n + " qwords", List.of("c-check", writer, "--format", "amd-dte", "--from", spec,
                    "--to", "blocked"), "--from", names));
        }
        tests.add(badNaming("check --from 8 qwords with commas", List.of("check", "--format", "amd-dte", "--from",
                "0x1,0,0,0,0,0,0,0", "--to", "blocked", "--ordering", "amd-update-dte256"), "--from",
                "expected 4 hex qwords (qword 0 first), found 8"));
        // file name | the store line | what the one line must say (file:line:column, what was expected, what was found)
        String[][] plans = {
                {"dte-q5.plan", "store q5 = 0", "dte-q5.plan:3:8: expected a qword index 0..3 of the 4-qword amd-dte entry"
                        + " (q[0..last] is all of it), found 5"},
                {"dte-q0-7.plan", "store q[0..7] = target", "dte-q0-7.plan:3:12: expected a qword index 0..3 of the 4-qword"
                        + " amd-dte entry (q[0..last] is all of it), found 7"},
                {"dte-c2.plan", "store128 c2 = target", "dte-c2.plan:3:11: expected a 128-bit chunk index 0..1 of the 4-qword"
                        + " amd-dte entry (c[0..last] is all of it), found 2"},
                {"dte-c0-3.plan", "store128 c[0..3] = target", "dte-c0-3.plan:3:15: expected a 128-bit chunk index 0..1 of the"
                        + " 4-qword amd-dte entry (c[0..last] is all of it), found 3"}};
        for (String[] c : plans) {
            Path plan = file(c[0], ("ordering past-the-dte\nclaim breaking\n" + c[1] + "\nsync entry\n").getBytes(StandardCharsets.UTF_8));
            tests.add(bad("check: plan file '" + c[1] + "' on amd-dte", List.of("check", "--format", "amd-dte", "--from",
                    "cleared", "--to", "blocked", "--ordering", plan.toString()), c[2]));
            tests.add(bad("matrix: plan file '" + c[1] + "' on amd-dte", List.of("matrix", "--format", "amd-dte",
                    "--ordering", plan.toString()), c[2]));
            tests.add(bad("c-check --against plan file '" + c[1] + "' on amd-dte", List.of("c-check", writer,
                    "--format", "amd-dte", "--against", plan.toString()), c[2]));
        }
        tests.add(badNaming("check --chunk 512 on amd-dte", List.of("check", "--format", "amd-dte", "--from", "cleared", "--to",
                "blocked", "--ordering", "amd-update-dte256", "--chunk", "512"), "--chunk",
                "a 512-bit chunk is wider than the 256-bit amd-dte entry; expected a chunk of 64 up to 256 bits"));
        tests.add(badNaming("synthesize --chunk 512 on amd-dte", List.of("synthesize", "--format", "amd-dte", "--from", "blocked",
                "--to", "passthrough", "--chunk", "512"), "--chunk", "expected a chunk of 64 up to 256 bits"));
        for (String ordering : List.of("amd-update-dte256", "xen-no-cx16")) {
            for (String f : List.of("vtd-pasid", "smmu-ste", "smmu-cd")) {
                String[] names = {"ordering " + ordering + " applies to amd-dte only"};
                tests.add(badNaming("matrix --format " + f + " --ordering " + ordering, List.of("matrix", "--format", f,
                        "--ordering", ordering), null, names));
                tests.add(badNaming("c-check --format " + f + " --against " + ordering, List.of("c-check", writer, "--format", f,
                        "--against", ordering), null, names));
            }
            tests.add(badNaming("check --format vtd-pasid --ordering " + ordering, List.of("check", "--format", "vtd-pasid",
                    "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering", ordering), null,
                    new String[]{"ordering " + ordering + " applies to amd-dte only"}));
        }
        return tests.stream();
    }

    /**
     * The VT-d context entry, 2 qwords in two table modes: a VT-d PASID configuration, a configuration of the other
     * mode, an 8-qword (or 4-qword) raw entry, a chunk wider than 128 bits, and the context orderings on another
     * format are each refused with one line that names what was expected.
     */
    @TestFactory
    Stream<DynamicTest> vtdContextInput() {
        List<DynamicTest> tests = new ArrayList<>();
        String writer = BASES.get("c-check").get(0);
        String sm = "expected one of ctx-clear, ctx-sm or a catalogue name";
        String legacy = "expected one of ctx-clear, ctx-legacy, ctx-pt or a catalogue name";
        String[][] wrong = {
                {"vtd-context", "fl:did=5", "'fl'", "a vtd-pasid configuration kind, not vtd-context's", sm},
                {"vtd-context", "fl-did5-a", "'fl-did5-a'", "a vtd-pasid catalogue name, not vtd-context's", sm},
                {"vtd-context", "sl-a", "'sl-a'", "a vtd-context-legacy catalogue name, not vtd-context's", sm},
                {"vtd-context-legacy", "ctx-sm:pasiddir=0x100000", "'ctx-sm'",
                        "a vtd-context configuration kind, not vtd-context-legacy's", legacy},
                {"vtd-context-legacy", "sl:did=7", "'sl'", "a vtd-pasid configuration kind", legacy}};
        for (String[] w : wrong) {
            tests.add(badNaming("check --format " + w[0] + " --from " + w[1], List.of("check", "--format", w[0], "--from", w[1],
                    "--to", "cleared", "--ordering", "vtd-context-2026"), "--from", w[2], w[3], w[4]));
            tests.add(badNaming("c-check --format " + w[0] + " --to " + w[1], List.of("c-check", writer, "--format", w[0],
                    "--from", "cleared", "--to", w[1]), "--to", w[2], w[3], w[4]));
        }
        for (String f : List.of("vtd-context", "vtd-context-legacy")) {
            for (int n : new int[]{1, 3, 4, 8}) {
                String spec = String.join(" ", java.util.Collections.nCopies(n, "0x1"));
                String[] names = {"expected 2 hex qwords (qword 0 first), found " + n};
                tests.add(badNaming("describe --format " + f + " --config " + n + " qwords", List.of("describe", "--format", f,
                        "--config", spec), "--config", names));
                tests.add(badNaming("check --format " + f + " --from " + n + " qwords", List.of("check", "--format", f,
                        "--from", spec, "--to", "cleared", "--ordering", "vtd-context-2026"), "--from", names));
            }
            tests.add(badNaming("check --chunk 256 on " + f, List.of("check", "--format", f, "--from", "cleared", "--to",
                    "cleared", "--ordering", "vtd-context-2026", "--chunk", "256"), "--chunk",
                    "a 256-bit chunk is wider than the 128-bit " + f + " entry; expected a chunk of 64 up to 128 bits"));
        }
        for (String ordering : List.of("vtd-context-2026", "vtd-context-pre-2026")) {
            for (String f : List.of("vtd-pasid", "smmu-ste", "amd-dte")) {
                tests.add(badNaming("matrix --format " + f + " --ordering " + ordering, List.of("matrix", "--format", f,
                        "--ordering", ordering), null, "ordering " + ordering + " applies to vtd-context, vtd-context-legacy only"));
            }
        }
        return tests.stream();
    }

    /**
     * The RISC-V device context, 4 doublewords (riscv-dc) or 8 (riscv-dc-ext): input written for another format, for the
     * other width, or past the entry is refused with one line that names what the format expects.
     */
    @TestFactory
    Stream<DynamicTest> riscvDcInput() {
        List<DynamicTest> tests = new ArrayList<>();
        String kinds = "expected one of dc-blocked, dc-identity, dc-s1, dc-pdt, dc-nested or a catalogue name";
        Map<String, String[]> otherFormat = new LinkedHashMap<>();
        otherFormat.put("dte-v1:domid=2", new String[]{"'dte-v1'", "a amd-dte configuration kind, not riscv-dc's", kinds});
        otherFormat.put("v1-l3-a", new String[]{"'v1-l3-a'", "a amd-dte catalogue name, not riscv-dc's", kinds});
        otherFormat.put("fl:did=5", new String[]{"'fl'", "a vtd-pasid configuration kind, not riscv-dc's", kinds});
        otherFormat.put("dc-nested-msi", new String[]{"'dc-nested-msi'", "a riscv-dc-ext configuration kind, not riscv-dc's"});
        otherFormat.put("nested-msi", new String[]{"'nested-msi'", "a riscv-dc-ext catalogue name, not riscv-dc's"});
        for (var e : otherFormat.entrySet()) {
            tests.add(badNaming("riscv-dc check --from " + e.getKey(), List.of("check", "--format", "riscv-dc", "--from", e.getKey(),
                    "--to", "blocked", "--ordering", "riscv-iodir"), "--from", e.getValue()));
        }
        for (int n : new int[]{2, 3, 5, 8}) {
            String spec = String.join(" ", java.util.Collections.nCopies(n, "0x1"));
            tests.add(badNaming("riscv-dc describe --config " + n + " qwords", List.of("describe", "--format", "riscv-dc",
                    "--config", spec), "--config", "expected 4 hex qwords (qword 0 first), found " + n));
        }
        tests.add(badNaming("riscv-dc check --from 8 qwords", List.of("check", "--format", "riscv-dc", "--from",
                "0x1,0,0,0,0,0,0,0", "--to", "blocked", "--ordering", "riscv-iodir"), "--from",
                "expected 4 hex qwords (qword 0 first), found 8"));
        tests.add(badNaming("riscv-dc-ext check --to 4 qwords", List.of("check", "--format", "riscv-dc-ext", "--from",
                "blocked", "--to", "0x1,0,0x1000,0x8000000000000100", "--ordering", "riscv-iodir"), "--to",
                "expected 8 hex qwords (qword 0 first), found 4"));
        tests.add(badNaming("riscv-dc: an iohgatp root off 16 KiB", List.of("check", "--format", "riscv-dc", "--from",
                "dc-nested:groot=0x801000", "--to", "blocked", "--ordering", "riscv-iodir"), "--from", "misaligned", "16 KiB"));
        tests.add(badNaming("riscv-dc: a pdtp mode for iosatp", List.of("check", "--format", "riscv-dc", "--from",
                "dc-s1:mode=pd8", "--to", "blocked", "--ordering", "riscv-iodir"), "--from", "sv39(8)"));
        tests.add(badNaming("riscv-dc: first stage without a table", List.of("check", "--format", "riscv-dc", "--from",
                "dc-s1:mode=bare", "--to", "blocked", "--ordering", "riscv-iodir"), "--from", "use dc-identity"));
        tests.add(badNaming("riscv-dc check --chunk 512", List.of("check", "--format", "riscv-dc", "--from", "blocked", "--to",
                "s1-a", "--ordering", "riscv-iodir", "--chunk", "512"), "--chunk",
                "a 512-bit chunk is wider than the 256-bit riscv-dc entry"));
        tests.add(bad("riscv-dc: plan file store q4", List.of("check", "--format", "riscv-dc", "--from", "blocked", "--to",
                "s1-a", "--ordering", file("dc-q4.plan", "ordering past-the-dc\nclaim breaking\nstore q4 = 0\nsync entry\n"
                        .getBytes(StandardCharsets.UTF_8)).toString()),
                "dc-q4.plan:3:8: expected a qword index 0..3 of the 4-qword riscv-dc entry"));
        for (String ordering : List.of("riscv-iodir", "riscv-qos-in-place")) {
            for (String f : List.of("vtd-pasid", "smmu-ste", "smmu-cd", "amd-dte")) {
                tests.add(badNaming("matrix --format " + f + " --ordering " + ordering, List.of("matrix", "--format", f,
                        "--ordering", ordering), null, "ordering " + ordering + " applies to riscv-dc, riscv-dc-ext only"));
            }
        }
        tests.add(badNaming("check --format riscv-dc --ordering amd-update-dte256", List.of("check", "--format", "riscv-dc",
                "--from", "s1-a", "--to", "s1-b", "--ordering", "amd-update-dte256"), null,
                "ordering amd-update-dte256 applies to amd-dte only"));
        return tests.stream();
    }

    /** Like {@link #bad(String, List, String, String)} with every one of {@code names}; {@code option} null: any start. */
    static DynamicTest badNaming(String name, List<String> args, String option, String... names) {
        return DynamicTest.dynamicTest(name, () -> {
            Run r = assertBadInput(args);
            if (option != null) {
                assertTrue(r.err().startsWith("hitless: error: " + option + ": "), "names " + option + " first: " + show(args, r));
            }
            for (String n : names) assertTrue(r.err().contains(n), "stderr names '" + n + "': " + show(args, r));
        });
    }

    // ---- output files ----------------------------------------------------------------------------------------------

    static final String PREVIOUS = "a report from an earlier run\n";

    /** matrix runs that fail with exit 2; each is run with --json J --junit-xml X --html H. */
    static List<List<String>> badMatrixRuns() {
        return List.of(
                List.of("matrix", "--format", "nope"),
                List.of("matrix", "--format", "vtd-pasid", "--ordering", "nope"),
                List.of("matrix", "--format", "vtd-pasid", "--ordering", "used-bits-64", "--reader", "lazy"),
                List.of("matrix", "--format", "vtd-pasid", "--ordering", "used-bits-64", "--require", "perfect"),
                List.of("matrix", "--format", "vtd-pasid", "--ordering", "used-bits-64", "--frobnicate"),
                List.of("matrix", "--format", "vtd-pasid", "--ordering", syntaxErrorFile().toString()),
                List.of("matrix", "--format", "vtd-pasid", "--ordering", otherFormatFieldFile().toString(), "--reader", "strict"));
    }

    @TestFactory
    Stream<DynamicTest> matrixOutputFiles() {
        List<DynamicTest> tests = new ArrayList<>();
        AtomicInteger n = new AtomicInteger();
        for (List<String> run : badMatrixRuns()) {
            for (boolean existing : new boolean[]{false, true}) {
                String name = String.join(" ", run.subList(1, run.size())) + (existing ? ": reports already there stay untouched"
                        : ": no report written");
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    Path d = Files.createDirectory(dir.resolve("out" + n.incrementAndGet()));
                    Path json = d.resolve("m.json"), xml = d.resolve("m.xml"), html = d.resolve("m.html");
                    if (existing) {
                        Files.writeString(json, PREVIOUS);
                        Files.writeString(xml, PREVIOUS);
                        Files.writeString(html, PREVIOUS);
                    }
                    assertBadInput(with(run, "--json", json.toString(), "--junit-xml", xml.toString(), "--html", html.toString()));
                    assertUntouched(d, existing, json, xml, html);
                }));
            }
        }
        // a report that cannot be written: nothing on stdout, and the other report is not written either
        tests.add(DynamicTest.dynamicTest("--json under a regular file; --junit-xml not written", () -> {
            Path d = Files.createDirectory(dir.resolve("out" + n.incrementAndGet()));
            Path xml = d.resolve("m.xml");
            Files.writeString(xml, PREVIOUS);
            List<String> a = with(BASES.get("matrix"), "--json", regularFile().resolve("m.json").toString(), "--junit-xml", xml.toString());
            assertBadInput(args("matrix", a));
            assertUntouched(d, true, xml);
        }));
        tests.add(DynamicTest.dynamicTest("--junit-xml is a directory; --json not written", () -> {
            Path d = Files.createDirectory(dir.resolve("out" + n.incrementAndGet()));
            Path json = d.resolve("m.json");
            Path sub = Files.createDirectory(d.resolve("sub"));
            assertBadInput(args("matrix", with(BASES.get("matrix"), "--json", json.toString(), "--junit-xml", sub.toString())));
            assertTrue(Files.isDirectory(sub));
            assertFalse(Files.exists(json), "no json report");
        }));
        tests.add(DynamicTest.dynamicTest("--json and --junit-xml name the same file", () -> {
            Path d = Files.createDirectory(dir.resolve("out" + n.incrementAndGet()));
            Path same = d.resolve("m.out");
            assertBadInput(args("matrix", with(BASES.get("matrix"), "--json", same.toString(), "--junit-xml", same.toString())));
            assertUntouched(d, false, same);
        }));
        tests.add(DynamicTest.dynamicTest("--html under a regular file; --json not written", () -> {
            Path d = Files.createDirectory(dir.resolve("out" + n.incrementAndGet()));
            Path json = d.resolve("m.json");
            Files.writeString(json, PREVIOUS);
            assertBadInput(args("matrix", with(BASES.get("matrix"), "--json", json.toString(), "--html",
                    regularFile().resolve("m.html").toString())));
            assertUntouched(d, true, json);
        }));
        tests.add(DynamicTest.dynamicTest("--html and --junit-xml name the same file", () -> {
            Path d = Files.createDirectory(dir.resolve("out" + n.incrementAndGet()));
            Path same = d.resolve("m.out");
            assertBadInput(args("matrix", with(BASES.get("matrix"), "--html", same.toString(), "--junit-xml", same.toString())));
            assertUntouched(d, false, same);
        }));
        for (boolean existing : new boolean[]{false, true}) {
            tests.add(DynamicTest.dynamicTest("check --html with a bad --from" + (existing ? ": the page already there stays untouched"
                    : ": no page written"), () -> {
                Path d = Files.createDirectory(dir.resolve("out" + n.incrementAndGet()));
                Path html = d.resolve("c.html");
                if (existing) Files.writeString(html, PREVIOUS);
                List<String> a = new ArrayList<>(BASES.get("check"));
                a.set(a.indexOf("--from") + 1, "nope");
                assertBadInput(args("check", with(a, "--html", html.toString())));
                assertUntouched(d, existing, html);
            }));
        }
        return tests.stream();
    }

    /** Each file holds {@link #PREVIOUS} (or is absent) and the directory holds nothing else (no temporary files). */
    static void assertUntouched(Path d, boolean existing, Path... files) throws IOException {
        for (Path f : files) {
            if (existing) assertEquals(PREVIOUS, Files.readString(f), f + " untouched");
            else assertFalse(Files.exists(f), f + " not written");
        }
        try (Stream<Path> s = Files.list(d)) {
            Set<Path> expected = existing ? Set.of(files) : Set.of();
            assertEquals(expected, Set.copyOf(s.filter(p -> !Files.isDirectory(p)).toList()), "no other file left in " + d);
        }
    }

    @Test
    void aViolatingMatrixStillWritesItsReports() throws IOException {
        Path d = Files.createDirectory(dir.resolve("violating"));
        Path json = d.resolve("m.json"), xml = d.resolve("m.xml"), html = d.resolve("m.html");
        Files.writeString(json, PREVIOUS);
        Run r = run("matrix", "--format", "vtd-pasid", "--ordering", "struct-copy", "--reader", "strict", "--no-xfail",
                "--json", json.toString(), "--junit-xml", xml.toString(), "--html", html.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(Files.readString(json).contains("\"met\" : false"), "json report replaced");
        assertTrue(Files.readString(xml).contains("<failure message=\"TORN"), "junit report written");
        assertTrue(Files.readString(html).contains("data-exit-code=\"1\""), "html page written");
        try (Stream<Path> s = Files.list(d)) {
            assertEquals(Set.of(json, xml, html), Set.copyOf(s.toList()), "no temporary file left");
        }
    }

    // ---- plan files mutated line by line ---------------------------------------------------------------------------

    /** Word, number, string or operator, as the plan language's lexer splits them (near enough for mutations). */
    static final Pattern TOKEN = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|0[xX][0-9a-fA-F_]+|[A-Za-z_][\\w-]*|\\d[\\d_]*|==|!=|<=|>=|\\.\\.|[=<>\\[\\](),]");

    static final List<String> GARBAGE = List.of("garbage", "0xZZ", "@", "q9", "c4", "\"text\"", "99999999999999999999", "(", "]",
            "==", "crit", "vq", "end", "else", "claim", "store", "with", "-", "0x", "q", "ordering", "quantum", "..", "in", "1");

    record Mutant(String name, String text) {
    }

    /** The code part of a line: up to a {@code #} outside a string. */
    static int codeEnd(String line) {
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') inString = !inString;
            else if (c == '\\' && inString) i++;
            else if (c == '#' && !inString) return i;
        }
        return line.length();
    }

    static List<Mutant> mutants(String example) {
        String text = PlanFile.exampleText(example);
        List<String> lines = text.lines().toList();
        List<Mutant> out = new ArrayList<>();
        Consumer<String[]> add = nt -> out.add(new Mutant(example + ": " + nt[0], nt[1]));
        add.accept(new String[]{"empty file", ""});
        add.accept(new String[]{"only comments", lines.stream().filter(l -> l.startsWith("#")).map(l -> l + "\n").reduce("", String::concat)});
        add.accept(new String[]{"no final newline", text.stripTrailing()});
        add.accept(new String[]{"CRLF line ends", text.replace("\n", "\r\n")});
        add.accept(new String[]{"tabs for indentation", text.replace("  ", "\t")});
        add.accept(new String[]{"byte order mark", "\uFEFF" + text});
        add.accept(new String[]{"NUL byte", text.replaceFirst("\n", "\0\n")});
        add.accept(new String[]{"extra end", text + "end\n"});
        add.accept(new String[]{"garbage last line", text + "garbage\n"});
        add.accept(new String[]{"second ordering line", text + "ordering again\n"});
        add.accept(new String[]{"header after statements", text + "quantum 64\n"});
        add.accept(new String[]{"unterminated string", text.replaceFirst("description \"", "description \"unterminated\n#")});
        for (int i = 0; i < lines.size(); i++) {
            add.accept(new String[]{"cut after line " + (i + 1), String.join("\n", lines.subList(0, i + 1)) + "\n"});
            String line = lines.get(i);
            int end = codeEnd(line);
            String code = line.substring(0, end);
            if (code.isBlank()) continue;
            String where = "line " + (i + 1) + " ";
            add.accept(new String[]{where + "deleted", replaceLine(lines, i, null)});
            add.accept(new String[]{where + "duplicated", replaceLine(lines, i, line + "\n" + line)});
            if (i + 1 < lines.size()) add.accept(new String[]{where + "swapped with the next", replaceLine(replaceLine(lines, i, lines.get(i + 1)).lines().toList(), i + 1, line)});
            List<int[]> tokens = new ArrayList<>();
            Matcher m = TOKEN.matcher(code);
            while (m.find()) tokens.add(new int[]{m.start(), m.end()});
            String first = code.substring(tokens.get(0)[0], tokens.get(0)[1]);
            add.accept(new String[]{where + "keyword doubled", replaceLine(lines, i, code.substring(0, tokens.get(0)[0]) + first + " " + code.substring(tokens.get(0)[0]))});
            add.accept(new String[]{where + "joined with the next", replaceLine(lines, i, code + " " + (i + 1 < lines.size() ? lines.get(i + 1).strip() : ""))});
            for (int k = 0; k < tokens.size(); k++) {
                int s = tokens.get(k)[0], e = tokens.get(k)[1];
                String tok = code.substring(s, e);
                String at = where + "token " + (k + 1) + " '" + tok + "' ";
                if (k > 0) add.accept(new String[]{where + "cut before token " + (k + 1) + " '" + tok + "'", replaceLine(lines, i, code.substring(0, s))});
                add.accept(new String[]{at + "deleted", replaceLine(lines, i, code.substring(0, s) + code.substring(e))});
                for (int g = 0; g < 2; g++) {
                    String garbage = GARBAGE.get((i * 7 + k * 3 + g * 11) % GARBAGE.size());
                    add.accept(new String[]{at + "replaced by '" + garbage + "'", replaceLine(lines, i, code.substring(0, s) + garbage + code.substring(e))});
                }
                switch (tok) {
                    case "[", "(" -> add.accept(new String[]{at + "opened twice", replaceLine(lines, i, code.substring(0, e) + tok + code.substring(e))});
                    case "]", ")" -> add.accept(new String[]{at + "closed twice", replaceLine(lines, i, code.substring(0, e) + tok + code.substring(e))});
                    case "barrier" -> {
                        for (String kind : List.of(" smp_wmb", " dma_wmb", " mb", " dma_rmb", " dma_wmb smp_wmb", " 1", " plain"))
                            add.accept(new String[]{at + "+'" + kind.strip() + "'", replaceLine(lines, i, code.substring(0, e) + kind + code.substring(e))});
                    }
                    case "store", "store-changed", "store128", "store128-changed" -> {
                        for (String plain : List.of(" plain", " plain plain", " smp_wmb"))
                            add.accept(new String[]{at + "+'" + plain.strip() + "'", replaceLine(lines, i, code.substring(0, e) + plain + code.substring(e))});
                    }
                    case "plain", "yes", "no" -> {
                        for (String other : List.of("plain", "yes", "no", "maybe", "dma_wmb"))
                            add.accept(new String[]{at + "replaced by " + other, replaceLine(lines, i, code.substring(0, s) + other + code.substring(e))});
                    }
                    case "target", "current", "zero", "unused-update", "memory" -> {
                        for (String edit : List.of(" with NOSUCH = 1", " with DID = 0xffffffffffffffff", " with valid = 2", " with",
                                " with S1DSS = 1", " with valid = 1,", " with valid 1", " with valid = 0, valid = 1")) {
                            add.accept(new String[]{at + "+'" + edit.strip() + "'", replaceLine(lines, i, code.substring(0, e) + edit + code.substring(e))});
                        }
                    }
                    default -> {
                        if (tok.matches("\\d+")) {
                            for (String num : List.of("8", "4", "1000", "0x7", "007", "1_0"))
                                add.accept(new String[]{at + "number " + num, replaceLine(lines, i, code.substring(0, s) + num + code.substring(e))});
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The file with line {@code i} replaced by {@code with} (null: removed). */
    static String replaceLine(List<String> lines, int i, String with) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < lines.size(); j++) {
            if (j != i) sb.append(lines.get(j)).append('\n');
            else if (with != null) sb.append(with).append('\n');
        }
        return sb.toString();
    }

    /** The command each mutant runs through: a check of a hitless transition (one critical quantum). */
    static final List<String> MUTANT_CHECK = List.of("check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-a",
            "--reader", "sticky");
    /** The same for a mutant of an example that plans for the AMD-Vi DTE only (its {@code formats amd-dte} line). */
    static final List<String> MUTANT_CHECK_DTE = List.of("check", "--format", "amd-dte", "--from", "v1-l3-a", "--to", "v1-dom3",
            "--reader", "sticky");
    /** The same for a mutant of an example that plans for the VT-d context entry only ({@code formats vtd-context ...}). */
    static final List<String> MUTANT_CHECK_CONTEXT = List.of("check", "--format", "vtd-context-legacy", "--from", "sl-a", "--to",
            "sl-did3", "--reader", "sticky");
    /** ... and for one whose formats line names the scalable-mode context entry alone. */
    static final List<String> MUTANT_CHECK_CONTEXT_SM = List.of("check", "--format", "vtd-context", "--from", "table-a", "--to",
            "table-b", "--reader", "sticky");
    /** ... for one that plans for the RISC-V device context ({@code formats riscv-dc riscv-dc-ext}) ... */
    static final List<String> MUTANT_CHECK_RISCV = List.of("check", "--format", "riscv-dc", "--from", "s1-a", "--to",
            "s1-a-qos", "--reader", "sticky");
    /** ... and for one whose formats line names the extended device context alone. */
    static final List<String> MUTANT_CHECK_RISCV_EXT = List.of("check", "--format", "riscv-dc-ext", "--from", "blocked",
            "--to", "nested-msi", "--reader", "sticky");

    /**
     * Transitions a mutant that loads is then planned for, through the API (planning is what runs the file's
     * statements; the checker only replays the steps): hitless, breaking, no change, to and from not present.
     */
    static final List<String[]> MUTANT_PLANS = List.of(
            new String[]{"vtd-pasid", "fl-did5-a", "sl-did7-a"}, new String[]{"vtd-pasid", "fl-did5-a", "fl-did5-a"},
            new String[]{"vtd-pasid", "not-present", "fl-did5-a"}, new String[]{"vtd-pasid", "nested", "not-present"},
            new String[]{"vtd-pasid", "fl-did5-a", "fl-5level"}, new String[]{"smmu-ste", "s1-ssid0", "s1-cdtab-b"},
            new String[]{"smmu-ste", "s1-ssid0", "s2-vmid1"}, new String[]{"smmu-ste", "abort", "bypass"},
            new String[]{"smmu-cd", "cleared", "s1-asid1"}, new String[]{"smmu-cd", "s1-asid1", "s1-asid2"},
            new String[]{"smmu-cd", "sva", "sva-release"}, new String[]{"amd-dte", "v2-4level", "v2-5level"},
            new String[]{"amd-dte", "cleared", "v1-l3-a"}, new String[]{"amd-dte", "v1-l3-a", "blocked"},
            new String[]{"vtd-context", "table-a", "table-b"}, new String[]{"vtd-context", "cleared", "table-a"},
            new String[]{"vtd-context-legacy", "sl-a", "sl-did3"}, new String[]{"vtd-context-legacy", "pt", "cleared"},
            new String[]{"riscv-dc", "s1-a", "s1-a-qos"}, new String[]{"riscv-dc", "blocked", "s1-b"},
            new String[]{"riscv-dc-ext", "s1-a", "nested-msi"}, new String[]{"riscv-dc-ext", "blocked", "nested-msi"});

    @TestFactory
    Stream<DynamicTest> planFileMutants() {
        AtomicInteger n = new AtomicInteger();
        return PlanFile.EXAMPLES.stream().flatMap(ex -> mutants(ex).stream())
                .map(m -> DynamicTest.dynamicTest(m.name(), () -> checkPlanFile(dir.resolve("mutant-" + n.incrementAndGet() + ".plan"), m)));
    }

    /** Files no edit of an example produces: deep nesting, long chains, loops over huge sets. */
    @TestFactory
    Stream<DynamicTest> pathologicalPlanFiles() {
        String head = "ordering deep\nclaim breaking\n";
        Map<String, String> files = new LinkedHashMap<>();
        files.put("5000 nested parentheses", head + "when " + "(".repeat(5000) + "current == target" + ")".repeat(5000) + "\nsync entry\nend\n");
        files.put("5000 unclosed parentheses", head + "when " + "(".repeat(5000) + "\n");
        files.put("5000 nots", head + "when " + "not ".repeat(5000) + "current == target\nsync entry\nend\n");
        files.put("10000 ands", head + "when current == target" + " and current == target".repeat(10_000) + "\nsync entry\nend\n");
        files.put("10000 ors", head + "when current == target" + " or current == target".repeat(10_000) + "\nsync entry\nend\n");
        files.put("3000 nested whens", head + "when current == target\n".repeat(3000) + "sync entry\n" + "end\n".repeat(3000));
        StringBuilder fors = new StringBuilder(head);
        for (int i = 0; i < 3000; i++) fors.append("for v").append(i).append(" in 0\n");
        fors.append("sync entry\n").append("end\n".repeat(3000));
        files.put("3000 nested fors", fors.toString());
        StringBuilder storing = new StringBuilder(head), idle = new StringBuilder(head);
        for (int i = 0; i < 8; i++) {
            storing.append("for v").append(i).append(" in 0..7\n");
            idle.append("for v").append(i).append(" in 0..7\n");
        }
        storing.append("store q[v7] = target\n").append("end\n".repeat(8)).append("sync entry\n");
        idle.append("when current == target\nsync entry\nend\n").append("end\n".repeat(8));
        files.put("8 nested loops of 8 that store (8^8 stores)", storing.toString());
        files.put("8 nested loops of 8 that only test (8^8 statements)", idle.toString());
        files.put("a loop over a million indices", head + "for i in 0..1000000\nsync entry\nend\n");
        files.put("a loop over 2^32 indices", head + "for i in 0..0xffffffff\nsync entry\nend\n");
        files.put("a loop over index 1001", head + "for i in 1001\nsync entry\nend\n");
        files.put("a loop down from 9", head + "for i in 9..0\nsync entry\nend\n");
        files.put("one line of 10000 indices", head + "store q[" + "0,".repeat(10_000) + "0] = target\n");
        files.put("a 100000-character word", head + "store " + "q".repeat(100_000) + " = target\n");
        files.put("a 100000-character string", "ordering long\ndescription \"" + "x".repeat(100_000) + "\"\nclaim breaking\n");
        files.put("64-bit overflow", head + "store q[0] = target with DID = 18446744073709551616\n");
        files.put("a NUL in a word", head + "sto\0re q[0] = target\n");
        files.put("a lone carriage return", head.replace("\n", "\r") + "sync entry\r");
        files.put("a non-ASCII letter", head + "störe q[0] = target\n");
        files.put("an emoji", head + "store q[0] = target \uD83D\uDE00\n");
        files.put("only a newline", "\n");
        AtomicInteger n = new AtomicInteger();
        return files.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> checkPlanFile(dir.resolve("odd-" + n.incrementAndGet() + ".plan"), new Mutant(e.getKey(), e.getValue()))));
    }

    /** The file either loads and plans (exit 0 or 1), or is rejected with one line FILE:LINE:COL: expected ..., found .... */
    /**
     * The command a mutant runs through: the vtd-pasid check, unless the file loads and its formats line leaves
     * vtd-pasid out; then the AMD-Vi DTE's check, or the VT-d context entry's, whichever format it plans for.
     */
    private static List<String> mutantCheck(String text) {
        try {
            var o = PlanFile.parse("mutant.plan", text);
            if (o.appliesTo(dev.hitless.format.Formats.vtd())) return MUTANT_CHECK;
            if (o.appliesTo(dev.hitless.format.Formats.byName("amd-dte"))) return MUTANT_CHECK_DTE;
            if (o.appliesTo(dev.hitless.format.Formats.vtdContextLegacy())) return MUTANT_CHECK_CONTEXT;
            if (o.appliesTo(dev.hitless.format.Formats.vtdContext())) return MUTANT_CHECK_CONTEXT_SM;
            if (o.appliesTo(dev.hitless.format.Formats.byName("riscv-dc"))) return MUTANT_CHECK_RISCV;
            if (o.appliesTo(dev.hitless.format.Formats.byName("riscv-dc-ext"))) return MUTANT_CHECK_RISCV_EXT;
            return MUTANT_CHECK;
        } catch (dev.hitless.planlang.PlanFileException e) {
            return MUTANT_CHECK; // the vtd-pasid command reports the same located error
        }
    }

    static void checkPlanFile(Path f, Mutant m) throws IOException {
        Files.writeString(f, m.text());
        int lines = (int) m.text().lines().count();
        Pattern located = Pattern.compile(Pattern.quote(f.toString()) + ":(\\d+):(\\d+): expected .+, found .+");
        List<String> a = with(mutantCheck(m.text()), "--ordering", f.toString());
        Run r = run(a.toArray(String[]::new));
        String why = m.name() + "\n" + show(a, r) + "--- file\n" + m.text();
        if (r.code() == 2) {
            assertOneLineError(a, r);
            Matcher em = located.matcher(r.err().substring("hitless: error: ".length()).strip());
            assertTrue(em.matches(), "FILE:LINE:COL: expected ..., found ...: " + why);
            int line = Integer.parseInt(em.group(1)), col = Integer.parseInt(em.group(2));
            assertTrue(line >= 1 && line <= lines + 1 && col >= 1, "a place in the file: " + why);
            return;
        }
        assertTrue(r.code() == 0 || r.code() == 1, "a plan file that loads checks with exit 0 or 1: " + why);
        assertEquals("", r.err(), why);
        var ordering = PlanFile.load(f);
        for (String[] t : MUTANT_PLANS) {
            var format = dev.hitless.format.Formats.byName(t[0]);
            if (!ordering.appliesTo(format)) continue; // a formats line: the command line says so, not the file
            try {
                ordering.plan(format, format.parseConfig(t[1]), format.parseConfig(t[2]));
            } catch (dev.hitless.planlang.PlanFileException e) {
                assertTrue(located.matcher(e.getMessage()).matches() && !e.getMessage().contains("\n"),
                        "an error planning " + String.join(" ", t) + " is one located line: " + e.getMessage() + "\n" + why);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("planning " + String.join(" ", t) + " crashed: " + e + "\n" + why, e);
            }
        }
    }

    // ---- issue 19: the C writer and the compiler are untrusted ----------------------------------------------------

    /** A C file in the test folder, written byte for byte (ISO-8859-1: a char below 256 is that byte). */
    static Path cFile(String name, String source) throws IOException {
        Path d = Files.createDirectories(dir.resolve("c"));
        return Files.write(d.resolve(name), source.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** One transition, a short time limit: what every hostile writer is run with. */
    static List<String> cCheck(Path file, String... more) {
        return with(List.of("c-check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--time-limit-ms", "300",
                "--", file.toString()), more);
    }

    /**
     * Every hostile writer that must be rejected: exit 2, one line naming what it did, no stack trace, within seconds
     * (a writer that ignores every signal is stopped from outside at the time limit).
     */
    @TestFactory
    Stream<DynamicTest> hostileCWriters() {
        if (!runnable("c-check")) return Stream.empty();
        return dev.hitless.hostile.HostileWriters.ALL.stream().filter(w -> w.fragment() != null).map(w -> DynamicTest.dynamicTest(
                w.kind() + ": " + w.name(), () -> {
                    Path f = cFile(w.name() + ".c", w.source());
                    List<String> a = cCheck(f);
                    a.add(a.indexOf("--"), "--all"); // an option after FILE would be taken as a file after --
                    long t0 = System.nanoTime();
                    Run r = run(a.toArray(String[]::new));
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertOneLineError(a, r);
                    assertTrue(w.named(r.err()), "names '" + w.fragment() + "': " + show(a, r));
                    assertTrue(ms < 20_000, "ends within seconds, took " + ms + " ms: " + show(a, r));
                }));
    }

    /** The ones that may pass: printing what looks like the trace, forking, writing a file change nothing. */
    @TestFactory
    Stream<DynamicTest> harmlessCWriters() {
        if (!runnable("c-check")) return Stream.empty();
        return dev.hitless.hostile.HostileWriters.ALL.stream().filter(w -> w.fragment() == null).map(w -> DynamicTest.dynamicTest(
                w.kind() + ": " + w.name(), () -> {
                    List<String> a = cCheck(cFile(w.name() + ".c", w.source()));
                    Run r = run(a.toArray(String[]::new));
                    assertTrue(r.code() == 0 || r.code() == 1, show(a, r));
                    assertTrue(r.out().contains("recorded on 1 transition"), show(a, r));
                }));
    }

    /** A C file named -E in the current folder, given after --: the compiler gets ./-E, a file, not an option. */
    @Test
    void aFileNamedLikeAnOptionIsAFile() throws IOException {
        if (!runnable("c-check")) return;
        Path f = Path.of("-E");
        assertFalse(Files.exists(f), "no file -E in " + Path.of("").toAbsolutePath());
        try {
            Files.copy(testResource("c/copy-writer.c"), f);
            List<String> a = List.of("c-check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--", "-E");
            Run r = run(a.toArray(String[]::new));
            assertEquals(1, r.code(), "the copy tears under the strict reader: " + show(a, r));
            assertTrue(r.out().startsWith("-E: the C writer hitless_writer recorded on 1 transition"), show(a, r));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** A c-check run with {@code env} in place of this process's environment. */
    static Run runWithEnv(Map<String, String> env, List<String> args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), env).execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aBadCcIsExitTwoNamingIt() throws IOException {
        if (!runnable("c-check")) return;
        Path writer = testResource("c/copy-writer.c");
        Path notExecutable = cFile("not-executable-cc", "");
        Path folder = Files.createDirectories(dir.resolve("cc-folder"));
        Path silent = cFile("true-cc", "#!/bin/sh\nexit 0\n");
        Path bytes = cFile("bytes-cc", "#!/bin/sh\nprintf '\\377\\376 nonsense\\n' >&2\nexit 3\n");
        for (Path p : List.of(silent, bytes)) Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("no-such-cc", "no-such-cc is no program on PATH");
        cases.put(dir.resolve("missing-cc").toString(), "does not exist");
        cases.put(folder.toString(), "is a folder");
        cases.put(notExecutable.toString(), "is not executable");
        cases.put(silent.toString(), "the C compiler " + silent + " exited with code 0 but made no program");
        cases.put(bytes.toString(), "does not compile: \uFFFD\uFFFD nonsense");
        for (var c : cases.entrySet()) {
            List<String> a = cCheck(writer);
            Run r = runWithEnv(Map.of("CC", c.getKey(), "PATH", System.getenv("PATH")), a);
            assertOneLineError(a, r);
            assertTrue(r.err().contains(c.getValue()), "CC=" + c.getKey() + " names '" + c.getValue() + "': " + show(a, r));
        }
    }

    // ---- issue 19: reports and saved plans ----------------------------------------------------------------------------

    /** An output stream that fails every write, as standard output redirected to /dev/full or a closed pipe does. */
    static PrintWriter failingStdout() {
        return new PrintWriter(new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        }, true);
    }

    @Test
    void aFailedWriteToStdoutIsExitTwoAndWritesNoReport() throws IOException {
        Path d = Files.createDirectories(dir.resolve("stdout-fails"));
        Path json = d.resolve("m.json");
        Files.writeString(json, PREVIOUS);
        for (List<String> a : List.of(List.of("example", "vtd-corrected"), List.of("formats"),
                with(args("matrix", BASES.get("matrix")), "--json", json.toString()))) {
            StringWriter err = new StringWriter();
            int code = Main.commandLine(failingStdout(), new PrintWriter(err, true)).execute(a.toArray(String[]::new));
            Run r = new Run(code, "", err.toString());
            assertOneLineError(a, r);
            assertTrue(r.err().contains("cannot write to standard output"), show(a, r));
        }
        assertUntouched(d, true, json);
    }

    @Test
    void dashIsStandardOutputForEveryReportOption() throws IOException {
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(with(args("matrix", BASES.get("matrix")), "--json", "-"), "{");
        cases.put(with(args("matrix", BASES.get("matrix")), "--junit-xml", "-"), "<?xml");
        cases.put(with(args("matrix", BASES.get("matrix")), "--html", "-"), "<!DOCTYPE html>");
        cases.put(List.of("check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering", "used-bits-128",
                "--html", "-"), "<!DOCTYPE html>");
        cases.put(List.of("synthesize", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did5-b", "--save-plan", "-"), "# Recorded plans");
        for (var c : cases.entrySet()) {
            List<String> a = c.getKey();
            Run r = run(a.toArray(String[]::new));
            assertTrue(r.code() == 0 || r.code() == 1, show(a, r));
            assertTrue(r.out().startsWith(c.getValue()), "stdout is the report: " + show(a, r).substring(0, Math.min(2000, show(a, r).length())));
            assertEquals("", r.err(), show(a, r));
        }
        if (runnable("c-check")) {
            List<String> a = with(List.of("c-check", testResource("c/copy-writer.c").toString(), "--format", "vtd-pasid", "--from",
                    "fl-did5-a", "--to", "fl-did6-b"), "--save-plan", "-");
            Run r = run(a.toArray(String[]::new));
            assertEquals(1, r.code(), show(a, r));
            assertTrue(r.out().startsWith("# Recorded plans") && r.out().contains("\nordering c-copy-writer\n"), show(a, r));
        }
        assertBadInput(with(args("matrix", BASES.get("matrix")), "--json", "-", "--html", "-"));
        assertBadInput(with(args("matrix", BASES.get("matrix")), "--json", "--junit-xml", "-"));
    }

    @Test
    void specialFilesAreWrittenInPlaceAndLinksThrough() throws Exception {
        Path d = Files.createDirectories(dir.resolve("special"));
        // a character device: written, still the device
        Run r = run(with(args("matrix", BASES.get("matrix")), "--json", "/dev/null").toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(Path.of("/dev/null")) && !Files.isRegularFile(Path.of("/dev/null")), "/dev/null is still a device");
        // a FIFO: written to whoever reads it, still a FIFO
        Path fifo = d.resolve("reports.fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        var read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        r = run(with(args("matrix", BASES.get("matrix")), "--junit-xml", fifo.toString()).toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(read.get(10, java.util.concurrent.TimeUnit.SECONDS).startsWith("<?xml"), "the reader got the report");
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "still a FIFO");
        // a dangling symbolic link: the link stays, the file it names is written
        Path link = d.resolve("page.html"), target = d.resolve("real-page.html");
        Files.createSymbolicLink(link, target.getFileName());
        r = run(with(args("matrix", BASES.get("matrix")), "--html", link.toString()).toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertTrue(Files.readString(target).startsWith("<!DOCTYPE html>"), "its target holds the page");
    }

    @Test
    void twoOutputsOrAnOutputAndAnInputNamingOneFileAreRefused() throws IOException {
        Path d = Files.createDirectories(dir.resolve("same"));
        Path a = d.resolve("a.out"), link = d.resolve("link.out"), hard = d.resolve("hard.out");
        Files.writeString(a, PREVIOUS);
        Files.createSymbolicLink(link, a);
        Files.createLink(hard, a);
        List<String> m = args("matrix", BASES.get("matrix"));
        assertBadInput(with(m, "--json", a.toString(), "--junit-xml", link.toString()));
        assertBadInput(with(m, "--json", a.toString(), "--html", hard.toString()));
        assertBadInput(with(m, "--json", a.toString(), "--html", d.resolve("x/../a.out").toString()));
        Path plan = d.resolve("mine.plan");
        Files.writeString(plan, PlanFile.exampleText("used-bits-64").replace("ordering used-bits-64", "ordering mine"));
        assertBadInput(List.of("matrix", "--format", "vtd-pasid", "--ordering", plan.toString(), "--json", plan.toString()));
        assertBadInput(List.of("check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering", plan.toString(),
                "--html", plan.toString()));
        if (runnable("c-check")) {
            Path w = cFile("same-writer.c", Files.readString(testResource("c/copy-writer.c")));
            assertBadInput(cCheck(w, "--save-plan", a.toString(), "--json", a.toString()).stream().filter(x -> !x.equals("--")).toList());
            List<String> c = new ArrayList<>(List.of("c-check", w.toString(), "--format", "vtd-pasid", "--save-plan", w.toString()));
            assertBadInput(c);
            assertEquals(Files.readString(testResource("c/copy-writer.c")), Files.readString(w), "the C file is untouched");
        }
        assertEquals(PREVIOUS, Files.readString(a));
    }

    @Test
    void aFailingRunLeavesEveryOutputAndFolderAsItFoundThem() throws IOException {
        Path d = Files.createDirectories(dir.resolve("leaves"));
        Path old = d.resolve("old.json");
        Files.writeString(old, PREVIOUS);
        List<String> m = args("matrix", BASES.get("matrix"));
        // the last report cannot be written (a full device): the first is not replaced, the folders made for it go
        Run r = run(with(m, "--json", old.toString(), "--html", d.resolve("new/deeper/m.html").toString(), "--junit-xml", "/dev/full")
                .toArray(String[]::new));
        assertOneLineError(m, r);
        assertTrue(r.err().contains("--junit-xml: cannot write /dev/full"), r.err());
        assertFalse(Files.exists(d.resolve("new")), "the folder made for --html is removed");
        assertUntouched(d, true, old);
        if (runnable("c-check")) {
            // a writer that crashes after --save-plan and the reports were declared: nothing written, no folder made
            Path crash = testResource("c/crash-writer.c");
            List<String> a = List.of("c-check", crash.toString(), "--format", "vtd-pasid", "--save-plan", d.resolve("p/x.plan").toString(),
                    "--json", d.resolve("q/x.json").toString(), "--junit-xml", old.toString());
            assertBadInput(a);
            assertFalse(Files.exists(d.resolve("p")) || Files.exists(d.resolve("q")), "no folder made");
            assertUntouched(d, true, old);
        }
    }

    @Test
    void theLongestFileNameWorks() throws IOException {
        Path d = Files.createDirectories(dir.resolve("long"));
        String longest = "r".repeat(250) + ".json";
        List<String> m = args("matrix", BASES.get("matrix"));
        Run r = run(with(m, "--json", d.resolve(longest).toString()).toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(d.resolve(longest)).startsWith("{"));
        assertBadInput(with(m, "--json", d.resolve("r" + longest).toString()));
        try (Stream<Path> s = Files.list(d)) {
            assertEquals(List.of(d.resolve(longest)), s.toList(), "no temporary file left");
        }
    }

    // ---- issue 19: input files that are FIFOs or devices ------------------------------------------------------------

    @Test
    void fifoAndDeviceInputsAreRefusedAtOnce() throws Exception {
        Path fifo = dir.resolve("input.fifo");
        if (!Files.exists(fifo)) new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        for (String input : List.of(fifo.toString(), "/dev/zero")) {
            List<List<String>> runs = new ArrayList<>(List.of(
                    List.of("check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering", input),
                    List.of("check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering", "used-bits-128",
                            "--attach", input),
                    List.of("matrix", "--format", "vtd-pasid", "--attach", input)));
            if (runnable("c-check")) {
                runs.add(List.of("c-check", input, "--format", "vtd-pasid"));
                runs.add(List.of("c-check", testResource("c/copy-writer.c").toString(), "--format", "vtd-pasid", "--against", input));
            }
            for (List<String> a : runs) {
                Run r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> assertBadInput(a),
                        "refused at once: " + a);
                assertTrue(r.err().contains(input.endsWith("fifo") ? "a FIFO" : "a character device"), show(a, r));
            }
        }
    }

    // ---- issue 19: one behaviour everywhere -------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> digitsAreAscii() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        String arabic = "\u0661\u0660", fullWidth = "\uFF13";
        for (String digits : List.of(arabic, fullWidth)) {
            for (String[] edit : new String[][]{{"store-changed q[", "store-changed q[" + digits + ","}, {"= target        #", "= target with DID = " + digits + " #"}}) {
                Path f = dir.resolve("digits-" + tests.size() + ".plan");
                Files.writeString(f, PlanFile.exampleText("used-bits-64").replaceFirst(Pattern.quote(edit[0]), Matcher.quoteReplacement(edit[1])));
                tests.add(bad("plan file with " + digits + " in '" + edit[1] + "'", with(MUTANT_CHECK, "--ordering", f.toString()), "found '"));
            }
            tests.add(bad("raw entry of " + digits, List.of("describe", "--format", "vtd-pasid", "--config", digits + " 0 0 0 0 0 0 0"), "--config"));
            tests.add(bad("--chunk " + digits, List.of("check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b",
                    "--ordering", "used-bits-128", "--chunk", digits), "--chunk"));
            tests.add(bad("--time-limit-ms " + digits, List.of("c-check", testResource("c/copy-writer.c").toString(), "--format", "vtd-pasid",
                    "--time-limit-ms", digits), "--time-limit-ms"));
        }
        return tests.stream();
    }

    /** Option values are matched exactly as --help lists them, in lower case: no option folds case. */
    @TestFactory
    Stream<DynamicTest> oneCaseRuleForOptionValues() {
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, String> upper = new LinkedHashMap<>();
        upper.put("--require", "HITLESS");
        upper.put("--ats", "ON");
        upper.put("--order", "ANY");
        upper.put("--cache", "None");
        upper.put("--format", "VTD-PASID");
        upper.put("--reader", "STRICT");
        upper.put("--visibility", "In-Order");
        upper.put("--attach", "VTD-CORRECTED");
        upper.put("--ordering", "Used-Bits-128");
        for (var u : upper.entrySet()) {
            List<String> a = new ArrayList<>(BASES.get("check"));
            a.set(a.indexOf(u.getKey()) + 1, u.getValue());
            tests.add(bad("check " + u.getKey() + " " + u.getValue(), args("check", a), u.getValue()));
        }
        tests.add(bad("matrix --format ALL", List.of("matrix", "--format", "ALL"), "ALL"));
        tests.add(bad("example USED-BITS-64", List.of("example", "USED-BITS-64"), "USED-BITS-64"));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> attachFileHeadersOnce() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        String text = dev.hitless.planlang.AttachFile.text("vtd-corrected");
        int about = (int) text.lines().takeWhile(l -> !l.startsWith("about")).count() + 1;
        for (String line : List.of("about again", "known-bad no", "known-bad yes")) {
            String twice = line.startsWith("about") ? text.replaceFirst("(?m)^(about .*)$", "$1\n" + line)
                    : text.replaceFirst("(?m)^(about .*)$", "$1\nknown-bad no\n" + line);
            Path f = dir.resolve("twice-" + tests.size() + ".attach");
            Files.writeString(f, twice);
            int at = about + (line.startsWith("about") ? 1 : 2);
            tests.add(bad("attach file with a second '" + line + "'", List.of("check", "--format", "vtd-pasid", "--from", "fl-did5-a",
                    "--to", "fl-did6-b", "--ordering", "used-bits-128", "--attach", f.toString()), f + ":" + at + ":1: expected one '"));
        }
        return tests.stream();
    }
}
