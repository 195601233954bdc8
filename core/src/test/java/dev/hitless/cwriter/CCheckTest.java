package dev.hitless.cwriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitless.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code hitless c-check} end to end, in process: the table, the comparison with a built-in, the reports, and exit
 * code 2 with one promised line for each way a C writer can fail, leaving no temporary directory behind. Skipped,
 * saying so, where the machine has no C compiler.
 */
class CCheckTest {
    record Run(int code, String out, String err) {
    }

    @TempDir
    Path dir;

    /** c-check's build folders go here (not the shared system temp folder), so the leftover check sees only ours. */
    @TempDir
    static Path tempRoot;

    @BeforeAll
    static void compiler() {
        try {
            CCompiler.find();
        } catch (CWriterException e) {
            assumeTrue(false, "no C compiler on this machine, the c-check tests are skipped: " + e.getMessage());
        }
        System.setProperty("hitless.c.tmpdir", tempRoot.toString());
    }

    @org.junit.jupiter.api.AfterAll
    static void systemTempAgain() {
        System.clearProperty("hitless.c.tmpdir");
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        Set<Path> before = leftovers();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        Set<Path> after = leftovers();
        after.removeAll(before);
        assertEquals(Set.of(), after, "c-check leaves no temporary directory");
        return new Run(code, out.toString(), err.toString());
    }

    static Set<Path> leftovers() {
        try (Stream<Path> s = Files.list(tempRoot)) {
            return s.filter(p -> p.getFileName().toString().startsWith("hitless-c-")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String writer(String name) {
        return CWriterTest.writer(name).toString();
    }

    static void assertBadInput(Run r, String fragment) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("hitless: error: "), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertOneLine(r, fragment);
    }

    /** Exit 2 with {@code hitless: error:} naming {@code fragment}, nothing on stdout; a compile may add indented lines. */
    static void assertOneLine(Run r, String fragment) {
        assertEquals(2, r.code(), r.err());
        assertTrue(dev.hitless.hostile.HostileCorpus.oneErrorLine(r.err()), r.err());
        assertTrue(r.err().contains(fragment), "names '" + fragment + "': " + r.err());
        assertEquals("", r.out());
    }

    /**
     * Without --reader, c-check runs the format's own presets, as matrix does: the DTE adds the what-if readers
     * strict-128 and strict-64 ({@code ReaderModel.presets}), VT-d keeps strict, ascending and sticky. The AMD-Vi example
     * is step for step amd-update-dte256 and gets the built-in's own verdicts (c/examples/README.md): exit 1, for the
     * driver's UNTRANSLATED window and the what-if readers' tears, not for a difference.
     */
    @Test
    void eachFormatGetsItsOwnReaderPresetsAndTheAmdWriterIsTheBuiltIn() {
        Path example = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && example == null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("c/examples/amd_update_dte256.c"))) example = p.resolve("c/examples/amd_update_dte256.c");
        }
        assertTrue(example != null, "c/examples/amd_update_dte256.c above " + Path.of("").toAbsolutePath());
        Run amd = run("c-check", example.toString(), "--format", "amd-dte", "--against", "amd-update-dte256");
        assertEquals("", amd.err());
        assertEquals(1, amd.code(), amd.out());
        assertTrue(amd.out().contains("against amd-update-dte256: OK, 90 of 90 recorded plans are step for step amd-update-dte256's"), amd.out());
        // ascending is left out: with one 256-bit chunk it reads as strict does
        assertTrue(amd.out().contains("\nreaders: strict 256b/any/none/in-order,"
                + " sticky 256b/any/sticky/in-order, strict-128 128b/any/none/in-order, strict-64 64b/any/none/in-order\n"), amd.out());
        // reader | HITLESS BREAKING UNINIT UNTRANSLATED TORN, as matrix --format amd-dte --ordering amd-update-dte256 --visibility in-order
        for (String row : List.of("strict +84 +0 +0 +6 +0", "sticky +84 +0 +0 +6 +0",
                "strict-128 +72 +0 +0 +2 +16", "strict-64 +4 +0 +0 +0 +86")) {
            assertTrue(amd.out().lines().anyMatch(l -> l.matches(".* " + row + " +1-3 .*")), row + ": " + amd.out());
        }
        Run vtd = run("c-check", writer("copy-writer.c"), "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b");
        assertTrue(vtd.out().contains("\nreaders: strict 128b/any/none/in-order, ascending 128b/ascending/none/in-order,"
                + " sticky 128b/any/sticky/in-order\n"), vtd.out());
    }

    /**
     * copy-writer.c copies with WRITE_ONCE; the built-in struct-copy is the C struct assignment, plain stores. Same
     * qwords, same values, same order: the plans differ only in that, at step 1, and the side-by-side shows it.
     */
    @Test
    void theWriteOnceCopyInCTearsAndDiffersFromThePlainBuiltInOnlyInPlainness() {
        Run r = run("c-check", writer("copy-writer.c"), "--format", "vtd-pasid", "--against", "struct-copy");
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("the C writer hitless_writer recorded on 110 transitions"), r.out());
        assertTrue(r.out().matches("(?s).*copy-writer\\.c +in-order \\(format default\\) +strict +\\d+ +0 +0 +[1-9]\\d* +1 .*FAIL.*"), "TORN under strict: " + r.out());
        assertTrue(r.out().contains("against struct-copy: FAIL, 110 of 110 recorded plans differ"), r.out());
        List<String> lines = r.out().lines().toList();
        int at = lines.indexOf("  not-present -> fl-did5-a, step 1:");
        assertTrue(at > 0, r.out());
        assertTrue(lines.get(at + 1).matches(" {4}copy-writer\\.c +1 +store64 +q0 +0x.*"), lines.get(at + 1));
        assertTrue(lines.get(at + 2).matches(" {4}struct-copy +1 +store64 +q0 plain +0x.*"), lines.get(at + 2));
        Run sticky = run("c-check", writer("copy-writer.c"), "--format", "vtd-pasid", "--reader", "sticky");
        assertEquals(0, sticky.code(), sticky.out());
    }

    @Test
    void theRecordedPlansSaveAsAPlanFileThatEveryCommandTakes() throws IOException {
        Path plan = dir.resolve("copy.plan");
        Run r = run("c-check", writer("copy-writer.c"), "--format", "vtd-pasid", "--reader", "sticky",
                "--save-plan", plan.toString());
        assertEquals(0, r.code(), r.err());
        var saved = dev.hitless.planlang.PlanFile.load(plan);
        assertEquals("c-copy-writer", saved.name());
        var f = dev.hitless.format.Formats.vtd();
        var copy = dev.hitless.ordering.Orderings.byName("struct-copy");
        for (var a : f.catalogue()) {
            for (var b : f.catalogue()) {
                if (a == b) continue;
                var expected = copy.plan(f, a.entry(), b.entry());
                var replayed = saved.plan(f, a.entry(), b.entry());
                // the built-in's plain stores, as the WRITE_ONCE copy makes them
                var writeOnce = expected.steps().stream().map(s -> s instanceof dev.hitless.plan.Step.Store64 w
                        ? new dev.hitless.plan.Step.Store64(w.qword(), w.value()) : s).toList();
                assertEquals(writeOnce, replayed.steps(), a.name() + " -> " + b.name());
                assertEquals(expected.claim(), replayed.claim(), a.name() + " -> " + b.name());
            }
        }
        Run check = run("check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering", plan.toString());
        assertEquals(1, check.code(), check.out());
        assertTrue(check.out().contains("verdict  TORN"), check.out());
    }

    @Test
    void aDifferentPlanShowsTheFirstDifferingStepSideBySide() {
        Run r = run("c-check", writer("copy-writer.c"), "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b",
                "--reader", "sticky", "--against", "used-bits-128");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("against used-bits-128: FAIL, 1 of 1 recorded plans differ"), r.out());
        List<String> lines = r.out().lines().toList();
        int at = lines.indexOf("  fl-did5-a -> fl-did6-b, step 1:");
        assertTrue(at > 0, r.out());
        assertTrue(lines.get(at + 1).matches(" {4}copy-writer\\.c +1 +store64 +q0 .*"), lines.get(at + 1));
        assertTrue(lines.get(at + 2).matches(" {4}used-bits-128 +1 +\\S+.*"), lines.get(at + 2));
    }

    @Test
    void oneTransitionShowsThePlanAndTheCounterexample() {
        String file = writer("copy-writer.c");
        Run r = run("c-check", file, "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--reader", "strict");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("copy-writer.c on vtd-pasid: unclaimed, 1 entry sync, 8 stores"), r.out());
        assertTrue(r.out().contains("require  safe: VIOLATED"), r.out());
        assertTrue(r.out().contains("TORN observation"), r.out());
        assertTrue(r.out().contains("failing transitions (hitless c-check " + file + " --format vtd-pasid --from A --to B --reader R"
                + " shows the counterexample)"), r.out());
    }

    @Test
    void jsonAndJunitCarryTheComparison() throws IOException {
        Path junit = dir.resolve("c-check.xml");
        Run r = run("c-check", writer("copy-writer.c"), "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b",
                "--against", "used-bits-128", "--json", "--junit-xml", junit.toString());
        assertEquals(1, r.code());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(3, root.get("cells").asInt());
        assertFalse(root.get("against").get(0).get("identical").asBoolean());
        assertEquals(1, root.get("against").get(0).get("step").asInt());
        String xml = Files.readString(junit);
        assertTrue(xml.contains("name=\"against used-bits-128 fl-did5-a -&gt; fl-did6-b\""), xml);
        assertTrue(xml.contains("type=\"DIFFERS\""), xml);
    }

    @Test
    void plainStoresAreNoted() {
        Run r = run("c-check", writer("plain-writer.c"), "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b");
        assertTrue(r.out().contains("plain stores (not WRITE_ONCE, checked as plain 64-bit stores: the compiler may reorder them) on 1 transition"), r.out());
    }

    @Test
    void entryNamesAnotherFunction() {
        Run r = run("c-check", writer("events-writer.c"), "--format", "vtd-pasid", "--entry", "events_writer", "--from",
                "fl-did5-a", "--to", "fl-did6-b", "--reader", "sticky");
        assertEquals("", r.err());
        assertTrue(r.out().contains("the C writer events_writer recorded on 1 transition"), r.out());
        assertTrue(r.out().contains("WARN_ON fired on 1 transition"), r.out());
    }

    @Test
    void eachBrokenWriterIsBadInputNamingWhatWentWrong() {
        assertBadInput(run("c-check", writer("compile-error.c"), "--format", "vtd-pasid"),
                writer("compile-error.c") + " does not compile: ");
        assertBadInput(run("c-check", writer("compile-error.c"), "--format", "vtd-pasid"), "compile-error.c:5:");
        assertBadInput(run("c-check", writer("crash-writer.c"), "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b"),
                "on transition fl-did5-a -> fl-did6-b: the writer crashed with SIGSEGV");
        assertBadInput(run("c-check", writer("loop-writer.c"), "--format", "vtd-pasid", "--time-limit-ms", "200"),
                "the writer did not return within the time limit of 200 ms");
        assertBadInput(run("c-check", writer("outside-writer.c"), "--format", "smmu-ste", "--from", "abort", "--to", "bypass"),
                "on transition abort -> bypass: the writer wrote outside the entry");
        assertBadInput(run("c-check", writer("copy-writer.c"), "--format", "vtd-pasid", "--entry", "nowhere"),
                "defines no writer function nowhere");
    }

    /**
     * Issue 22: every error of a failed compile (the first on the error line, the others below it, indented), each
     * kernel name the shim lacks named as such; a compile that succeeds shows its warnings above the table.
     */
    @Test
    void everyErrorAndTheWarningsAreShown() {
        Run bad = run("c-check", writer("many-errors.c"), "--format", "vtd-pasid");
        assertOneLine(bad, writer("many-errors.c") + " does not compile: " + writer("many-errors.c") + ":2:");
        List<String> lines = bad.err().lines().toList();
        assertTrue(lines.getFirst().endsWith("[DEFINE_KERNEL_THING: a kernel name the shim (hitless.h) lacks; define it in a stub header (-I DIR) or with -D DEFINE_KERNEL_THING=..., or report it]"),
                bad.err());
        for (String name : List.of("kernel_type_t", "no_such_variable", "kernel_function_the_shim_lacks")) {
            assertTrue(lines.stream().skip(1).anyMatch(l -> l.startsWith("  ") && l.contains("[" + name + ": a kernel name the shim (hitless.h) lacks")),
                    name + ": " + bad.err());
        }
        Run ok = run("c-check", writer("warning-writer.c"), "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b");
        assertEquals(1, ok.code(), ok.err() + ok.out()); // stores without a sync tear: beside the point here
        assertEquals("", ok.err());
        assertTrue(ok.out().startsWith(writer("warning-writer.c") + ": the C writer hitless_writer recorded on 1 transition\n"
                + "compiler warnings (the writer compiled; each may matter):\n  "), ok.out());
        assertTrue(ok.out().contains("warning-writer.c:4:13: warning: unused variable 'unused'"), ok.out());
        assertTrue(ok.out().contains("warning: implicit declaration of function 'declared_later'"), ok.out());
    }
}
