package dev.hitless.cwriter;

import dev.hitless.check.Checker;
import dev.hitless.check.Verdict;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.format.NarrowFormats;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;
import dev.hitless.reader.ReaderModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The runner on the small writers in {@code src/test/resources/c/}: what it records, and how each way a writer can
 * fail is reported, always with the temporary directory removed. Skipped, saying so, where the machine has no C
 * compiler.
 */
class CWriterTest {
    static final EntryFormat VTD = Formats.vtd();
    static CCompiler cc;

    @TempDir
    Path tempRoot;

    @BeforeAll
    static void compiler() {
        try {
            cc = CCompiler.find();
        } catch (CWriterException e) {
            assumeTrue(false, "no C compiler on this machine, the C writer tests are skipped: " + e.getMessage());
        }
    }

    static Path writer(String name) {
        try {
            return Path.of(CWriterTest.class.getResource("/c/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static NamedConfig config(String name) {
        return VTD.catalogue().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    static Transition transition(String from, String to) {
        return new Transition(from + " -> " + to, config(from).entry(), config(to).entry());
    }

    /** Two transitions: the first from the all-zero not-present entry, the second from a present one. */
    static final List<Transition> TWO = List.of(transition("not-present", "fl-did5-a"), transition("fl-did5-a", "fl-did6-b"));

    CWriter.Options options(String entry, long timeLimitMillis) {
        return new CWriter.Options(List.of(), entry, timeLimitMillis, tempRoot);
    }

    List<Recording> record(String file, List<Transition> transitions) {
        return CWriter.record(cc, writer(file), transitions, options(CWriter.Options.DEFAULT_ENTRY, 2000));
    }

    void assertTempRootEmpty() throws IOException {
        try (Stream<Path> left = Files.list(tempRoot)) {
            assertEquals(List.of(), left.toList(), "the temporary directory is removed");
        }
    }

    static List<Transition> catalogue(EntryFormat f) {
        List<Transition> ts = new ArrayList<>();
        for (NamedConfig a : f.catalogue()) {
            for (NamedConfig b : f.catalogue()) {
                if (a != b) ts.add(new Transition(a.name() + " -> " + b.name(), a.entry(), b.entry()));
            }
        }
        return ts;
    }

    @Test
    void aWriteOnceCopyIsTheBuiltInStructCopyAndTearsUnderTheStrictReader() throws IOException {
        List<Transition> ts = catalogue(VTD);
        List<Recording> rs = record("copy-writer.c", ts);
        assertEquals(ts.size(), rs.size());
        int torn = 0;
        for (Recording r : rs) {
            Plan plainCopy = Orderings.byName("struct-copy").plan(VTD, r.transition().current(), r.transition().target());
            // The built-in models *pte = new_pte, plain stores; this writer copies with WRITE_ONCE, the same stores.
            Plan builtIn = new Plan("struct-copy", VTD, plainCopy.current(), plainCopy.target(), plainCopy.claim(),
                    plainCopy.steps().stream().map(s -> s instanceof Step.Store64 w ? new Step.Store64(w.qword(), w.value()) : s).toList());
            assertTrue(plainCopy.steps().stream().allMatch(s -> !(s instanceof Step.Store64 w) || w.plain()), "the built-in's stores are plain");
            Plan recorded = r.plan("copy-writer.c", VTD, Claim.UNCLAIMED);
            assertEquals(builtIn.steps(), recorded.steps(), r.transition().name());
            assertEquals(List.of(), r.plainStores(), "every store is a WRITE_ONCE");
            Verdict v = Checker.check(recorded, ReaderModel.preset("strict", VTD)).verdict();
            assertEquals(Checker.check(builtIn, ReaderModel.preset("strict", VTD)).verdict(), v, r.transition().name());
            if (v == Verdict.TORN) torn++;
        }
        assertTrue(torn > 0, "the struct copy tears under the strict reader");
        assertTempRootEmpty();
    }

    @Test
    void plainStoresIntoTheEntryAreRecordedAsPlain() throws IOException {
        Recording r = record("plain-writer.c", List.of(transition("fl-did5-a", "fl-did6-b"))).get(0);
        Entry cur = r.transition().current(), tgt = r.transition().target();
        List<Step> expected = new ArrayList<>();
        for (int q = 0; q < 8; q++) if (cur.qword(q) != tgt.qword(q)) expected.add(new Step.Store64(q, tgt.qword(q), true));
        assertTrue(expected.size() > 0);
        expected.add(Step.Sync.of(SyncKind.ENTRY));
        assertEquals(expected, r.steps(), "the changed qwords, in qword order, found at the sync");
        assertEquals(expected.size() - 1, r.plainStores().size());
        assertTrue(r.plan("plain", VTD, Claim.UNCLAIMED).reachesTarget());
        assertTempRootEmpty();
    }

    @Test
    void everyEventIsRecordedInOrder() throws IOException {
        // every qword differs between the two, so the plain store changes the entry
        Transition t = new Transition("synthetic", Entry.of(1, 2, 3, 4, 5, 6, 7, 8), Entry.of(11, 12, 13, 14, 15, 16, 17, 18));
        Recording r = CWriter.record(cc, writer("events-writer.c"), List.of(t), options("events_writer", 2000)).get(0);
        Entry g = t.target();
        List<Step> expected = List.of(
                new Step.Store64(1, g.qword(1)),
                new Step.Barrier(BarrierKind.DMA_WMB), new Step.Barrier(BarrierKind.DMA_WMB),
                new Step.Barrier(BarrierKind.SMP_WMB), new Step.Barrier(BarrierKind.DMA_WMB),
                new Step.Store64(2, g.qword(2), true),
                new Step.Store128(2, g.qword(4), g.qword(5)),
                new Step.Store128(3, g.qword(6), g.qword(7)),
                Step.Sync.of(SyncKind.ENTRY, SyncKind.IOTLB),
                new Step.Store64(0, g.qword(0)),
                new Step.Store64(3, g.qword(3)),
                Step.Sync.of(SyncKind.ENTRY));
        assertEquals(expected, r.steps());
        assertEquals(List.of(5), r.plainStores(), "only the entry[2] = ... store is plain");
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).matches(".*events-writer\\.c:\\d+"), r.warnings().toString());
        assertTempRootEmpty();
    }

    /** The barriers that order stores for a device are dma_wmb steps; the smp_* ones order them among CPUs only. */
    @Test
    void everyBarrierMacroMapsToTheKindThatSaysWhatItOrders() {
        for (String k : List.of("dma_wmb", "wmb", "mb")) assertEquals(new Step.Barrier(BarrierKind.DMA_WMB), Trace.barrier(k), k);
        for (String k : List.of("smp_wmb", "smp_mb")) assertEquals(new Step.Barrier(BarrierKind.SMP_WMB), Trace.barrier(k), k);
        assertThrows(IllegalArgumentException.class, () -> Trace.barrier("rmb"));
    }

    /** Recording {@code file} on {@link #TWO} fails with a message containing {@code fragment}; nothing is left. */
    String failsWith(String file, long timeLimitMillis, String fragment) throws IOException {
        String m = assertThrows(CWriterException.class,
                () -> CWriter.record(cc, writer(file), TWO, options(CWriter.Options.DEFAULT_ENTRY, timeLimitMillis))).getMessage();
        assertTrue(m.contains(fragment), m);
        assertEquals(1, m.lines().count(), m);
        assertTempRootEmpty();
        return m;
    }

    @Test
    void aFileThatDoesNotCompileGivesTheCompilersFirstError() throws IOException {
        String m = failsWith("compile-error.c", 2000, "no_such_variable");
        assertTrue(m.startsWith(writer("compile-error.c") + " does not compile: "), m);
        assertTrue(m.contains("compile-error.c:5:"), "file:line as the compiler prints it: " + m);
    }

    @Test
    void aMissingEntryPointIsNamed() throws IOException {
        String m = assertThrows(CWriterException.class, () -> CWriter.record(cc, writer("copy-writer.c"), TWO,
                options("not_there", 2000))).getMessage();
        assertTrue(m.contains("defines no writer function not_there"), m);
        assertTempRootEmpty();
    }

    @Test
    void aCrashNamesTheTransitionAndTheSignal() throws IOException {
        failsWith("crash-writer.c", 2000, "on transition fl-did5-a -> fl-did6-b: the writer crashed with SIGSEGV at address 0x0");
    }

    @Test
    void anEndlessLoopHitsTheTimeLimitAndNamesTheTransition() throws IOException {
        failsWith("loop-writer.c", 200, "on transition fl-did5-a -> fl-did6-b: the writer did not return within the time limit of 200 ms");
    }

    @Test
    void aWriteOutsideTheEntryNamesTheTransitionAndTheByte() throws IOException {
        failsWith("outside-writer.c", 2000,
                "on transition not-present -> fl-did5-a: the writer wrote outside the entry (at byte 64 from its start");
    }

    /**
     * The shim follows the format's width: on the 4- and 2-qword test formats the harness's live entry, its input
     * lines and the recorded stores have the format's qwords (two WRITE_ONCE, then a cmpxchg128 per further chunk),
     * and each recording is a plan of that format that reaches its target.
     */
    @Test
    void theHarnessEntryIsTheFormatsWidth() throws IOException {
        for (EntryFormat f : NarrowFormats.all()) {
            List<Transition> ts = catalogue(f);
            List<Recording> rs = record("width-writer.c", ts);
            assertEquals(ts.size(), rs.size());
            for (Recording r : rs) {
                Entry b = r.transition().target();
                Plan recorded = r.plan("width-writer.c", f, Claim.UNCLAIMED);
                List<Step> want = new ArrayList<>(List.of(new Step.Store64(0, b.qword(0)), new Step.Store64(1, b.qword(1))));
                for (int c = 1; c < f.qwords() / 2; c++) want.add(new Step.Store128(c, b.qword(2 * c), b.qword(2 * c + 1)));
                want.add(Step.Sync.of(SyncKind.ENTRY));
                assertEquals(want, recorded.steps(), f.name() + " " + r.transition().name());
                assertEquals(b, recorded.finalEntry());
                assertEquals(List.of(), r.plainStores());
            }
        }
        assertTempRootEmpty();
    }

    /** A write that an 8-qword entry would hold is outside a 4-qword one: the harness names the byte and the width. */
    @Test
    void aWritePastANarrowEntryIsCaught() throws IOException {
        EntryFormat four = NarrowFormats.FOUR;
        List<Transition> ts = catalogue(four).subList(0, 2);
        String m = assertThrows(CWriterException.class, () -> CWriter.record(cc, writer("past-four-writer.c"), ts,
                options(CWriter.Options.DEFAULT_ENTRY, 2000))).getMessage();
        assertEquals(writer("past-four-writer.c") + ": on transition " + ts.get(0).name()
                + ": the writer wrote outside the entry (at byte 32 from its start; the entry is bytes 0..31)", m);
        assertTempRootEmpty();
        // the same writer on an 8-qword format stays inside its entry
        List<Recording> rs = record("past-four-writer.c", TWO);
        assertEquals(1, rs.get(0).plainStores().size(), "one plain store of qword 4");
    }

    @Test
    void noCompilerNamesWhatWasLookedFor() {
        String m = assertThrows(CWriterException.class, () -> CCompiler.find(Map.of("PATH", "/nonexistent"))).getMessage();
        assertEquals("no C compiler found: looked for $CC (unset), cc, gcc, clang on PATH; install one (e.g. gcc) or set CC", m);
    }

    /** A CC that is set must be a compiler: never a silent fall-back to cc. */
    @Test
    void aBadCcIsAnErrorNamingIt() throws IOException {
        String path = System.getenv("PATH");
        assertEquals("$CC is 'my-cc -m64', but my-cc is no program on PATH; set CC to a C compiler (e.g. gcc) or unset it",
                assertThrows(CWriterException.class, () -> CCompiler.find(Map.of("PATH", path, "CC", "my-cc -m64"))).getMessage());
        Path notExecutable = Files.writeString(tempRoot.resolve("cc"), "");
        Path folder = Files.createDirectory(tempRoot.resolve("ccdir"));
        for (var e : Map.of(tempRoot.resolve("missing").toString(), "does not exist", folder.toString(), "is a folder",
                notExecutable.toString(), "is not executable").entrySet()) {
            String m = assertThrows(CWriterException.class, () -> CCompiler.find(Map.of("PATH", path, "CC", e.getKey()))).getMessage();
            assertTrue(m.startsWith("$CC is '" + e.getKey() + "', but " + e.getKey() + " " + e.getValue()), m);
        }
        Files.delete(notExecutable);
        Files.delete(folder);
    }

    /** A "compiler" that exits 0 without making a program, and one whose output is not UTF-8 and full of escapes. */
    @Test
    void aCompilerThatMakesNoProgramOrPrintsBytesIsNamed() throws IOException {
        Path scripts = Files.createTempDirectory("hitless-cc-");
        try {
            Path none = script(scripts.resolve("true-cc"), "exit 0");
            String m = assertThrows(CWriterException.class, () -> CWriter.record(new CCompiler(none), writer("copy-writer.c"), TWO,
                    options(CWriter.Options.DEFAULT_ENTRY, 2000))).getMessage();
            assertTrue(m.endsWith("the C compiler " + none + " exited with code 0 but made no program (is $CC a C compiler?)"), m);
            Path bytes = script(scripts.resolve("bytes-cc"), "printf 'x.c:1:1: error: \\377\\376 \\033[31mred\\033[0m\\n' >&2; exit 1");
            m = assertThrows(CWriterException.class, () -> CWriter.record(new CCompiler(bytes), writer("copy-writer.c"), TWO,
                    options(CWriter.Options.DEFAULT_ENTRY, 2000))).getMessage();
            assertTrue(m.endsWith(" does not compile: x.c:1:1: error: \uFFFD\uFFFD \\x1b[31mred\\x1b[0m"), m);
            assertTempRootEmpty();
        } finally {
            CWriter.delete(scripts);
        }
    }

    static Path script(Path p, String body) throws IOException {
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void ccComesFirstWhenSet() {
        assertEquals(cc.program(), CCompiler.find(Map.of("PATH", System.getenv("PATH"), "CC", cc.program().toString())).program());
    }
}
