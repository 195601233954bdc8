package dev.hitless.litmus;

import dev.hitless.check.Checker;
import dev.hitless.check.Fetches;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.planlang.PlanFile;
import dev.hitless.reader.Observation;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.ReaderModel.Cache;
import dev.hitless.reader.ReaderModel.ChunkOrder;
import dev.hitless.reader.TableInit;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The litmus export without herd7: the fetches it compares against are the checker's own, and the tests say what a
 * reviewer needs (barriers as the architecture spells them, the table walk, every rewrite). Agreement with herd7
 * itself is {@link Herd7AgreementTest}.
 */
class LitmusExportTest {

    private static Plan plan(EntryFormat f, String from, String to, String ordering) {
        Ordering o = Orderings.byName(ordering);
        return o.plan(f, f.parseConfig(from), f.parseConfig(to));
    }

    /**
     * {@link Fetches}, judged one by one, are exactly the checker's outcomes: on every built-in ordering and
     * transition of every format, any-order and ordered readers, both visibilities. So what herd7 is compared with is
     * what the checker reports, not a second reading of the contract.
     */
    @Test
    void fetchesJudgedAreTheCheckersOutcomes() {
        int compared = 0, withUninit = 0;
        for (EntryFormat f : Formats.all()) {
            for (Ordering o : Orderings.builtInsFor(f)) {
                for (NamedConfig a : f.catalogue()) {
                    for (NamedConfig b : f.catalogue()) {
                        if (a == b) continue;
                        Plan p = o.plan(f, a.entry(), b.entry());
                        Oracle oracle = new Oracle(f, p.current(), p.target());
                        TableInit tables = TableInit.of(oracle);
                        for (ChunkOrder order : List.of(ChunkOrder.ANY, ChunkOrder.DESCENDING)) {
                            for (Visibility v : Visibility.values()) {
                                ReaderModel m = new ReaderModel(f.defaultChunkBits(), order, Cache.NONE, v);
                                Set<Observation> fromFetches = new HashSet<>();
                                for (Fetches.Window w : Fetches.of(p, m)) {
                                    for (Outcome out : Litmus.expected(w, tables)) fromFetches.add(out.observation(oracle, m.chunkBits()));
                                }
                                assertEquals(Checker.check(p, m).outcomes(), fromFetches, () -> p + "\n" + m.label());
                                if (fromFetches.stream().anyMatch(x -> x.seen() == dev.hitless.reader.Seen.UNINIT)) withUninit++;
                                compared++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(compared > 15_000, "checks compared: " + compared);
        assertTrue(withUninit > 100, "checks with an UNINIT fetch: " + withUninit);
    }

    @Test
    void theMissingDmaWmbIsMissingFromTheLitmusTest() {
        EntryFormat ste = Formats.ste();
        ReaderModel strict = ReaderModel.strict(ste);
        Litmus.Export bad = Litmus.of(plan(ste, "s2-vmid1", "s2-vmid1-ttb-b", "used-bits-64-no-wmb"), strict, "bad");
        Litmus.Export good = Litmus.of(plan(ste, "s2-vmid1", "s2-vmid1-ttb-b", "used-bits-64"), strict, "good");
        assertEquals(1, bad.tests().size());
        assertEquals(List.of(1), bad.quietWindows(), "the window after the sync changes nothing");
        String b = bad.tests().get(0).text(), g = good.tests().get(0).text();
        assertTrue(b.startsWith("AArch64 bad+w0\n"), b);
        assertFalse(b.contains("DMB"), b);
        // the tables, then the barrier, then the one critical store
        int tablesStore = g.indexOf("STR X10,[X8]"), dmb = g.indexOf("DMB OSHST"), critical = g.indexOf("STR X10,[X3]");
        assertTrue(tablesStore >= 0 && tablesStore < dmb && dmb < critical, g);
        // the walk depends on the load of the pointer qword
        assertTrue(g.contains("EOR X21,X13,X13") && g.contains("LDR X20,[X8,X21]"), g);
        assertTrue(b.contains("UNINIT ===n===="), "the condition is the checker's counterexample: " + b);
        assertTrue(b.contains("exists (1:X13=1 /\\ 1:X20=0)"), b);
        assertTrue(bad.twin().differences().isEmpty());
    }

    @Test
    void smpWmbForADeviceIsStatedAsDmaWmbAndSaidSo() throws Exception {
        Ordering o = PlanFile.load(Path.of(getClass().getResource("/plans/smp-wmb-leading-barrier.plan").toURI()));
        EntryFormat ste = Formats.ste();
        Plan p = o.plan(ste, ste.parseConfig("s2-vmid1"), ste.parseConfig("s2-vmid1-ttb-b"));
        Litmus.Export arm = Litmus.of(p, ReaderModel.strict(ste), "smp");
        assertEquals(Set.of(Expressible.Difference.SHAREABILITY), arm.twin().differences());
        assertTrue(arm.tests().get(0).text().contains("DMB OSHST"));
        assertTrue(arm.tests().get(0).text().contains("Differs from hitless: smp_wmb"));
        Litmus.Export x86 = Litmus.of(p, ReaderModel.strict(ste).withVisibility(Visibility.IN_ORDER), "smp");
        assertTrue(x86.twin().differences().isEmpty(), "on x86 smp_wmb is a compiler barrier: nothing to rewrite");
        assertTrue(x86.tests().get(0).text().startsWith("X86_64 "));
    }

    @Test
    void whatHerd7CannotStateIsRefused() {
        EntryFormat ste = Formats.ste();
        Plan p = plan(ste, "s2-vmid1", "s2-vmid1-ttb-b", "used-bits-64");
        ReaderModel sticky = ReaderModel.preset("sticky", ste);
        var e = assertThrows(Expressible.NotExpressible.class, () -> Litmus.of(p, sticky, "x"));
        assertTrue(e.getMessage().contains("sticky"), e.getMessage());
        EntryFormat dte = Formats.dte();
        Plan v32 = plan(dte, "cleared", "blocked", "amd-2009-v-first");
        var e2 = assertThrows(Expressible.NotExpressible.class, () -> Litmus.of(v32, ReaderModel.strict(dte), "x"));
        assertTrue(e2.getMessage().contains("32-bit store"), e2.getMessage());
    }

    @Test
    void wideStoresAndReadsAreSplitAndSaidSo() {
        EntryFormat vtd = Formats.vtd();
        Litmus.Export x = Litmus.of(plan(vtd, "fl-did5-a", "sl-did7-a", "used-bits-128"), ReaderModel.strict(vtd), "w");
        assertEquals(Set.of(Expressible.Difference.WIDE_STORE, Expressible.Difference.WIDE_READ), x.twin().differences());
        assertEquals(64, x.twin().model().chunkBits());
        assertTrue(x.twin().plan().steps().stream().noneMatch(s -> s instanceof dev.hitless.plan.Step.Store128));
        // in-order (VT-d's x86) with an any-order reader: one device thread per written qword, loads in program order
        LitmusTest t = x.tests().get(0);
        assertEquals("X86_64", t.arch());
        long written = java.util.Arrays.stream(t.loadRegs()).filter(java.util.Objects::nonNull).count();
        assertTrue(t.text().contains(" P" + written + " ") && !t.text().contains(" P" + (written + 1) + " "), t.text());
    }

    @Test
    void storesOfTheValueAlreadyThereAreLeftOut() {
        EntryFormat vtd = Formats.vtd();
        Plan p = plan(vtd, "fl-did5-a", "fl-did6-b", "struct-copy");
        Litmus.Export x = Litmus.of(p, ReaderModel.strict(vtd), "copy");
        LitmusTest t = x.tests().get(0);
        assertTrue(t.text().contains("Left out: "), t.text());
        Entry changed = p.current();
        int differ = 0;
        for (int q = 0; q < changed.qwords(); q++) if (p.current().qword(q) != p.target().qword(q)) differ++;
        assertEquals(differ, java.util.Arrays.stream(t.loadRegs()).filter(java.util.Objects::nonNull).count());
    }

    @Test
    void herd7StatesReadBackAsFetches() {
        EntryFormat ste = Formats.ste();
        Plan p = plan(ste, "s2-vmid1", "s2-vmid1-ttb-b", "used-bits-64-no-wmb");
        LitmusTest t = Litmus.of(p, ReaderModel.strict(ste), "x").tests().get(0);
        TableInit tables = TableInit.of(new Oracle(ste, p.current(), p.target()));
        Map<String, Long> state = new HashMap<>(Map.of("1:X13", 1L, "1:X20", 0L));
        Outcome o = t.outcome(state, tables);
        assertEquals(p.target(), o.entry());
        assertEquals(Outcome.Tables.UNSEEN, o.tables());
        state.put("1:X13", 0L);
        assertEquals(new Outcome(p.current(), Outcome.Tables.NOT_WALKED), t.outcome(state, tables));
        state.put("1:X13", 7L);
        assertThrows(IllegalArgumentException.class, () -> t.outcome(state, tables));
        assertEquals(t.expected(), Set.of(new Outcome(p.current(), Outcome.Tables.NOT_WALKED),
                new Outcome(p.target(), Outcome.Tables.SEEN), new Outcome(p.target(), Outcome.Tables.UNSEEN)));
    }

    @Test
    void herd7OutputIsParsedPerTest() throws Exception {
        List<String> out = List.of(
                "Test a+w0 Allowed", "States 2", "1:X13=0; 1:X20=0;", "1:X13=1; 1:X20=1;", "Ok", "Witnesses",
                "Positive: 1 Negative: 1", "Condition exists (1:X13=1 /\\ 1:X20=0)", "Observation a+w0 Sometimes 1 1",
                "Time a+w0 0.03", "Hash=0",
                "Test b Allowed", "States 1", "2:r8=1;", "No", "Time b 1.5");
        Map<String, Herd7.Result> r = Herd7.parse(out);
        assertEquals(Set.of(Map.of("1:X13", 0L, "1:X20", 0L), Map.of("1:X13", 1L, "1:X20", 1L)), r.get("a+w0").states());
        assertEquals(0.03, r.get("a+w0").seconds());
        assertEquals(Set.of(Map.of("2:r8", 1L)), r.get("b").states());
        assertThrows(Herd7.Herd7Exception.class, () -> Herd7.parse(List.of("Test c Allowed", "States 1", "garbage", "Time c 0.1")));
    }
}
