package dev.hitless.cwriter;

import dev.hitless.check.Checker;
import dev.hitless.check.Verdict;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.format.RiscvDc;
import dev.hitless.ordering.NewTables;
import dev.hitless.ordering.Orderings;
import dev.hitless.ordering.RiscvQosInPlace;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The C examples in c/examples/ against the Java built-ins they were written from: compiled with the shim's recording
 * harness, run over every catalogue transition of their format, their recorded steps must be the built-in's, step by
 * step; the broken copies must differ where they are broken, and the draft's breaking path must be caught by the
 * checker exactly where the Java draft is. Recorded through {@link CWriter}, as {@code hitless c-check} records them;
 * skipped only when the machine has no C compiler.
 */
class ExamplesMatchBuiltInsCTest {
    private static final String VTD = "c/examples/vtd_used_bits_128.c";
    private static final String VTD_DRAFT = "c/examples/broken/vtd_draft_breaking_path.c";
    private static final String SMMU_NO_BARRIER = "c/examples/broken/smmu_no_leading_barrier.c";

    private static CCompiler cc;
    @TempDir
    static Path tempRoot;
    private static String noCompiler;

    @BeforeAll
    static void findCompiler() {
        try {
            cc = CCompiler.find();
        } catch (CWriterException e) {
            noCompiler = e.getMessage();
        }
    }

    /** Each test, not the class, is skipped, so the report counts them and shows why. */
    @BeforeEach
    void needsCompiler() {
        Assumptions.assumeTrue(cc != null, () -> "skipped: " + noCompiler);
    }

    /**
     * {@code unchanged} says what the writer does when the live entry is already the target, where every built-in's
     * plan is empty (no change): {@code nothing}, the same empty plan; {@code rewrites}, the driver's own behaviour
     * for a writer that does not compare first (AMD's amd_iommu_update_dte() stores both halves and flushes whatever
     * they hold), checked by {@link #assertUnchangedRewrites} instead: no store changes a bit.
     */
    @ParameterizedTest(name = "{0} --entry {1} --format {2} is {3} on every catalogue transition")
    @CsvSource(delimiter = '|', textBlock = """
            c/examples/smmu_used_bits_64.c                | hitless_writer_ste | smmu-ste  | used-bits-64        | nothing
            c/examples/smmu_used_bits_64.c                | hitless_writer_cd  | smmu-cd   | used-bits-64        | nothing
            c/examples/vtd_used_bits_128.c                |                    | vtd-pasid | used-bits-128       | nothing
            c/examples/broken/vtd_draft_breaking_path.c   |                    | vtd-pasid | used-bits-128-draft | nothing
            c/examples/amd_update_dte256.c                |                    | amd-dte   | amd-update-dte256   | rewrites
            """)
    void identicalOnEveryCatalogueTransition(String source, String entry, String format, String ordering, String unchanged) {
        EntryFormat f = Formats.byName(format);
        List<Transition> transitions = catalogueTransitions(f);
        assertSameSteps(source, entry, f, Orderings.byName(ordering), transitions, unchanged);
    }

    /**
     * The VT-d context-entry writers, which write the entry with plain assignments as the driver does
     * ({@code context_clear_entry()}, the fields; c/README.md "Plain stores"): on both table modes, every catalogue
     * transition records the built-in's steps, plain stores included.
     */
    @ParameterizedTest(name = "{0} --format {1} is {2} on every catalogue transition")
    @CsvSource(delimiter = '|', textBlock = """
            c/examples/vtd_context_2026.c     | vtd-context        | vtd-context-2026
            c/examples/vtd_context_2026.c     | vtd-context-legacy | vtd-context-2026
            c/examples/vtd_context_pre_2026.c | vtd-context        | vtd-context-pre-2026
            c/examples/vtd_context_pre_2026.c | vtd-context-legacy | vtd-context-pre-2026
            """)
    void contextWritersIdenticalOnEveryCatalogueTransition(String source, String format, String ordering) {
        EntryFormat f = Formats.byName(format);
        List<Transition> transitions = catalogueTransitions(f);
        Ordering o = Orderings.byName(ordering);
        Map<String, List<Step>> recorded = record(source, null, transitions, true);
        for (Transition t : transitions) {
            assertEquals(o.plan(f, t.current(), t.target()).steps(), recorded.get(t.name()), t.name());
        }
    }

    /**
     * The RISC-V device-context writers, one C file each for both formats (HITLESS_ENTRY_QWORDS 4 or 8): every
     * catalogue transition, and every catalogue configuration to itself with new RCID and MCID and back, records the
     * built-in's steps. The QoS edits reach riscv-qos-in-place's in-place path on both formats (riscv-dc-ext's
     * catalogue has no QoS-only pair of its own) and riscv-iodir's fallback from a blocked DC.
     */
    @ParameterizedTest(name = "{0} --format {1} is {2} on every catalogue transition and QoS edit")
    @CsvSource(delimiter = '|', textBlock = """
            c/examples/riscv_iodir.c        | riscv-dc     | riscv-iodir
            c/examples/riscv_iodir.c        | riscv-dc-ext | riscv-iodir
            c/examples/riscv_qos_in_place.c | riscv-dc     | riscv-qos-in-place
            c/examples/riscv_qos_in_place.c | riscv-dc-ext | riscv-qos-in-place
            """)
    void riscvWritersIdenticalOnEveryCatalogueTransitionAndQosEdit(String source, String format, String ordering) {
        EntryFormat f = Formats.byName(format);
        List<Transition> transitions = new ArrayList<>(catalogueTransitions(f));
        int inPlace = 0;
        for (NamedConfig c : f.catalogue()) {
            Entry qos = RiscvDc.MCID.set(RiscvDc.RCID.set(c.entry(), 0x5), 0x7);
            if (qos.equals(c.entry())) continue;
            transitions.add(new Transition(c.name() + " -> " + c.name() + " with RCID=5, MCID=7", c.entry(), qos));
            transitions.add(new Transition(c.name() + " with RCID=5, MCID=7 -> " + c.name(), qos, c.entry()));
            if (RiscvQosInPlace.inPlace(f, c.entry(), qos)) inPlace++;
        }
        assertTrue(inPlace > 0, "a QoS edit of a valid DC on " + format);
        assertSameSteps(source, null, f, Orderings.byName(ordering), transitions, "nothing");
    }

    /**
     * The pre-2026 C writer is TORN under the strict (128-bit) reader on exactly the legacy transitions where the Java
     * ordering is, which is all of them, with P set in what the reader saw; the 2026 writer is TORN on none, in either
     * mode; in scalable mode, where the driver's hi is always 0, neither tears.
     */
    @Test
    void preFixContextWriterTornWhereTheJavaOrderingIs() {
        Ordering pre = Orderings.byName("vtd-context-pre-2026");
        for (EntryFormat f : List.of(Formats.vtdContextLegacy(), Formats.vtdContext())) {
            ReaderModel strict = ReaderModel.strict(f);
            List<Transition> transitions = catalogueTransitions(f);
            Map<String, List<Step>> broken = record("c/examples/vtd_context_pre_2026.c", null, transitions, true);
            Map<String, List<Step>> fixed = record("c/examples/vtd_context_2026.c", null, transitions, true);
            Set<String> tornC = new TreeSet<>(), tornJava = new TreeSet<>(), tornFixed = new TreeSet<>();
            for (Transition t : transitions) {
                if (t.current().equals(t.target())) continue;
                if (verdict(f, t, broken.get(t.name()), strict) == Verdict.TORN) tornC.add(t.name());
                var r = Checker.check(pre.plan(f, t.current(), t.target()), strict);
                if (r.verdict() == Verdict.TORN) {
                    tornJava.add(t.name());
                    assertTrue(f.isPresent(r.counterexample().orElseThrow().observed()), t.name() + ": torn with P set");
                }
                if (verdict(f, t, fixed.get(t.name()), strict).worseThan(Verdict.BREAKING)) tornFixed.add(t.name());
            }
            int changing = f.catalogue().size() * (f.catalogue().size() - 1);
            assertEquals(f == Formats.vtdContextLegacy() ? changing : 0, tornJava.size(), f.name() + ": " + tornJava);
            assertEquals(tornJava, tornC, f.name() + ": TORN under the strict reader, Java vs C");
            assertEquals(Set.of(), tornFixed, f.name() + ": the 2026 writer is never torn");
        }
    }

    /**
     * The C used-bits and update-safe functions against the Java ones beyond the catalogue: every catalogue entry with
     * one bit of qwords 0 to 3 flipped (valid bit, configuration fields, undefined PGTT or Config values, bits no
     * configuration uses), to and from a catalogue entry, and entries mixed qword by qword from two catalogue entries
     * with a few bits flipped. Seeded, so a failure repeats.
     */
    @ParameterizedTest(name = "{0} --entry {1} --format {2} is {3} on entries off the catalogue")
    @CsvSource(delimiter = '|', textBlock = """
            c/examples/smmu_used_bits_64.c | hitless_writer_ste | smmu-ste  | used-bits-64      | nothing
            c/examples/smmu_used_bits_64.c | hitless_writer_cd  | smmu-cd   | used-bits-64      | nothing
            c/examples/vtd_used_bits_128.c |                    | vtd-pasid | used-bits-128     | nothing
            c/examples/amd_update_dte256.c |                    | amd-dte   | amd-update-dte256 | rewrites
            """)
    void identicalOffTheCatalogue(String source, String entry, String format, String ordering, String unchanged) {
        EntryFormat f = Formats.byName(format);
        Random rnd = new Random(12);
        List<NamedConfig> cat = f.catalogue();
        List<Transition> transitions = new ArrayList<>();
        for (NamedConfig c : cat) {
            for (int q = 0; q < 4; q++) {
                for (int bit = 0; bit < 64; bit++) {
                    Entry off = c.entry().withQword(q, c.entry().qword(q) ^ 1L << bit);
                    String id = c.name() + "^" + q + ":" + bit;
                    transitions.add(new Transition(id + "->", off, cat.get(rnd.nextInt(cat.size())).entry()));
                    transitions.add(new Transition("->" + id, cat.get(rnd.nextInt(cat.size())).entry(), off));
                }
            }
        }
        for (int i = 0; i < 400; i++) {
            Entry a = mixed(f, rnd), b = rnd.nextInt(4) == 0 ? a : mixed(f, rnd);
            if (rnd.nextInt(3) == 0) b = cat.get(rnd.nextInt(cat.size())).entry();
            transitions.add(new Transition("mixed-" + i, a, b));
        }
        assertSameSteps(source, entry, f, Orderings.byName(ordering), transitions, unchanged);
    }

    /**
     * The draft's breaking path (quantum 0 with P = 1 stored before the other quanta, in one window) is TORN under the
     * strict reader on exactly the transitions where the Java used-bits-128-draft is, and there are some; the correct
     * example is TORN on none of them.
     */
    @Test
    void draftBreakingPathTornExactlyWhereTheJavaDraftIs() {
        EntryFormat f = Formats.vtd();
        ReaderModel strict = ReaderModel.strict(f);
        Ordering javaDraft = Orderings.byName("used-bits-128-draft");
        List<Transition> transitions = catalogueTransitions(f);

        Map<String, List<Step>> draft = record(VTD_DRAFT, null, transitions);
        Map<String, List<Step>> correct = record(VTD, null, transitions);
        Set<String> tornC = new TreeSet<>(), tornJava = new TreeSet<>(), tornCorrect = new TreeSet<>();
        for (Transition t : transitions) {
            if (verdict(f, t, draft.get(t.name()), strict) == Verdict.TORN) tornC.add(t.name());
            if (Checker.check(javaDraft.plan(f, t.current(), t.target()), strict).verdict() == Verdict.TORN) tornJava.add(t.name());
            if (verdict(f, t, correct.get(t.name()), strict) == Verdict.TORN) tornCorrect.add(t.name());
        }
        assertFalse(tornJava.isEmpty(), "the Java draft tears somewhere in the catalogue");
        assertTrue(tornJava.contains("fl-did5-a -> fl-did6-b"), "the header comment's example transition tears: " + tornJava);
        assertEquals(tornJava, tornC, "TORN under the strict reader: Java draft vs C draft");
        assertEquals(Set.of(), tornCorrect, "the correct C example never tears");
    }

    /**
     * The copy without the leading dma_wmb() records the built-in's steps minus exactly that barrier, which is step for
     * step the built-in {@code used-bits-64-no-wmb} (ARM's writer before 6fabce53f6b9), so a diff against
     * used-bits-64 shows it on every transition that stores.
     */
    @Test
    void missingLeadingBarrierIsTheOnlyDifference() {
        EntryFormat f = Formats.ste();
        Ordering builtIn = Orderings.byName("used-bits-64");
        Ordering preFix = Orderings.byName("used-bits-64-no-wmb");
        List<Transition> transitions = catalogueTransitions(f);
        Map<String, List<Step>> recorded = record(SMMU_NO_BARRIER, "hitless_writer_ste", transitions);
        int differing = 0;
        for (Transition t : transitions) {
            List<Step> expected = builtIn.plan(f, t.current(), t.target()).steps();
            List<Step> withoutBarrier = expected.stream().filter(s -> !(s instanceof Step.Barrier)).toList();
            assertEquals(withoutBarrier, recorded.get(t.name()), t.name());
            assertEquals(preFix.plan(f, t.current(), t.target()).steps(), recorded.get(t.name()), t.name());
            if (!withoutBarrier.equals(expected)) differing++;
        }
        assertEquals(f.catalogue().size() * (f.catalogue().size() - 1), differing,
                "every transition between distinct configurations stores, so every one lost its barrier");
    }

    /**
     * The verdict that flags the copy without the leading dma_wmb(): under the STE's barrier-ordered visibility it is
     * UNINIT on exactly the transitions whose first stores publish a new table before any ordering point
     * (NewTables), and the correct example on none. Needs the checker that explores barrier-ordered visibility.
     */
    @Test
    void missingLeadingBarrierIsUninitUnderBarrierOrderedWhereItsFirstStorePublishesANewTable() {
        EntryFormat f = Formats.ste();
        ReaderModel strict = ReaderModel.strict(f);
        assertEquals(Visibility.BARRIER_ORDERED, strict.visibility());
        List<Transition> transitions = catalogueTransitions(f);
        Map<String, List<Step>> broken = record(SMMU_NO_BARRIER, "hitless_writer_ste", transitions);
        Map<String, List<Step>> correct = record("c/examples/smmu_used_bits_64.c", "hitless_writer_ste", transitions);
        Set<String> uninit = new TreeSet<>(), uninitCorrect = new TreeSet<>();
        for (Transition t : transitions) {
            if (verdict(f, t, broken.get(t.name()), strict) == Verdict.UNINIT) uninit.add(t.name());
            if (verdict(f, t, correct.get(t.name()), strict).worseThan(Verdict.BREAKING)) uninitCorrect.add(t.name());
        }
        Set<String> expected = new TreeSet<>(NewTables.transitions(Orderings.byName("used-bits-64-no-wmb"), f));
        assertFalse(expected.isEmpty());
        assertEquals(expected, uninit, "UNINIT under barrier-ordered: the C copy without dma_wmb()");
        assertEquals(Set.of(), uninitCorrect, "the correct C example is never UNINIT or TORN");
    }

    // --- helpers ---

    /** Every ordered pair of catalogue configurations, the identical ones (no change) included. */
    private static List<Transition> catalogueTransitions(EntryFormat f) {
        List<Transition> out = new ArrayList<>();
        for (NamedConfig a : f.catalogue()) {
            for (NamedConfig b : f.catalogue()) out.add(new Transition(a.name() + " -> " + b.name(), a.entry(), b.entry()));
        }
        return out;
    }

    /** Two catalogue entries of {@code f} mixed qword by qword, with up to three bits flipped. */
    private static Entry mixed(EntryFormat f, Random rnd) {
        List<NamedConfig> cat = f.catalogue();
        int n = f.qwords();
        Entry x = cat.get(rnd.nextInt(cat.size())).entry(), y = cat.get(rnd.nextInt(cat.size())).entry();
        long[] q = new long[n];
        for (int i = 0; i < n; i++) q[i] = (rnd.nextBoolean() ? x : y).qword(i);
        int flips = rnd.nextInt(4);
        for (int k = 0; k < flips; k++) {
            // Mostly the low qwords and low bits, where valid bits and configuration fields are.
            int i = rnd.nextInt(10) < 8 ? rnd.nextInt(Math.min(4, n)) : rnd.nextInt(n);
            int bit = rnd.nextBoolean() ? rnd.nextInt(12) : rnd.nextInt(64);
            q[i] ^= 1L << bit;
        }
        return Entry.of(q);
    }

    /** The steps {@code source}'s writer {@code entry} (null: the default) records, by transition name. */
    private static Map<String, List<Step>> record(String source, String entry, List<Transition> transitions) {
        return record(source, entry, transitions, false);
    }

    /**
     * The steps {@code source}'s writer {@code entry} (null: the default) records, by transition name; unless
     * {@code plainAllowed}, every store must be a WRITE_ONCE or cmpxchg128.
     */
    private static Map<String, List<Step>> record(String source, String entry, List<Transition> transitions,
                                                  boolean plainAllowed) {
        // Its own temporary root: CCheckTest counts hitless-c-* folders in java.io.tmpdir.
        CWriter.Options d = CWriter.Options.defaults();
        CWriter.Options o = new CWriter.Options(d.includeDirs(), entry == null ? d.entry() : entry, d.timeLimitMillis(),
                tempRoot);
        Map<String, List<Step>> recorded = new LinkedHashMap<>();
        for (Recording r : CWriter.record(cc, repoRoot().resolve(source), transitions, o)) {
            assertEquals(List.of(), r.warnings(), r.transition().name() + ": WARN_ON fired");
            if (!plainAllowed) {
                assertEquals(List.of(), r.plainStores(), r.transition().name() + ": every store is a WRITE_ONCE or cmpxchg128");
            }
            recorded.put(r.transition().name(), r.steps());
        }
        assertEquals(transitions.size(), recorded.size(), "transitions recorded");
        return recorded;
    }

    /** The repository root: the nearest directory above the working directory holding c/examples. */
    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("c/examples"))) return p;
        }
        throw new IllegalStateException("no c/examples above " + Path.of("").toAbsolutePath());
    }

    /**
     * {@code source}'s recorded steps are {@code o}'s on every transition; where the live entry is already the target
     * ({@code o}'s plan is empty), {@code unchanged} says what the writer must record instead: {@code nothing}, or
     * ({@code rewrites}) any steps whose stores each leave every bit as it was.
     */
    private static void assertSameSteps(String source, String entry, EntryFormat f, Ordering o,
                                        List<Transition> transitions, String unchanged) {
        assertTrue(Set.of("nothing", "rewrites").contains(unchanged), "unchanged: nothing or rewrites, found " + unchanged);
        Map<String, List<Step>> recorded = record(source, entry, transitions);
        List<String> mismatches = new ArrayList<>();
        for (Transition t : transitions) {
            List<Step> expected = o.plan(f, t.current(), t.target()).steps();
            List<Step> got = recorded.get(t.name());
            if (unchanged.equals("rewrites") && t.current().equals(t.target())) {
                assertEquals(List.of(), expected, o.name() + " on an unchanged entry");
                assertUnchangedRewrites(t, got);
                continue;
            }
            if (!expected.equals(got)) mismatches.add(t.name() + " (" + t.current() + " -> " + t.target() + "): "
                    + firstDifference(expected, got));
        }
        assertEquals(List.of(), mismatches.stream().limit(5).toList(),
                mismatches.size() + " of " + transitions.size() + " transitions differ from " + o.name());
    }

    /** A writer that does not compare first, on an unchanged entry: it stores, but no store changes a bit. */
    private static void assertUnchangedRewrites(Transition t, List<Step> steps) {
        Entry e = t.current();
        for (int i = 0; i < steps.size(); i++) {
            Entry after = steps.get(i).applyTo(e);
            assertEquals(e, after, t.name() + ": step " + (i + 1) + " " + steps.get(i) + " changes the unchanged entry");
        }
    }

    private static String firstDifference(List<Step> expected, List<Step> got) {
        for (int i = 0; i < Math.max(expected.size(), got.size()); i++) {
            Step e = i < expected.size() ? expected.get(i) : null, g = i < got.size() ? got.get(i) : null;
            if (e == null || !e.equals(g)) return "step " + (i + 1) + ": built-in " + e + ", C " + g;
        }
        return "equal";
    }

    private static Verdict verdict(EntryFormat f, Transition t, List<Step> steps, ReaderModel model) {
        Plan plan = new Plan("c", f, t.current(), t.target(), Claim.UNCLAIMED, steps);
        assertTrue(plan.reachesTarget(), t.name() + " leaves the target in memory");
        return Checker.check(plan, model).verdict();
    }
}
