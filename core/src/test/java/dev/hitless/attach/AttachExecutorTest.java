package dev.hitless.attach;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.memory.EntryTable;
import dev.hitless.ordering.Orderings;
import dev.hitless.planlang.AttachFile;
import dev.hitless.reader.ReaderModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The executor on real memory against the checker: the checker's shortest runs, replayed move by move on off-heap
 * memory, pass through the same states and reach the same outcomes; the jcstress race's unmap point is the
 * checker's.
 */
class AttachExecutorTest {
    /** Replaces with distinct tags and tables, one tag and two tables, and SMMUv3 STE and CD moves. */
    private static final String[][] REPLACES = {
            {"vtd-pasid", "fl-did5-a", "fl-did6-b", "used-bits-128"},
            {"vtd-pasid", "fl-did5-a", "fl-did5-b", "used-bits-128"},
            {"vtd-pasid", "fl-did5-a", "fl-did6-b", "clear-then-update"},
            {"smmu-ste", "s2-vmid1", "s2-vmid1-ttb-b", "used-bits-64"},
            {"smmu-cd", "s1-asid1", "s1-asid2", "used-bits-64"},
    };

    static AttachResult check(String seq, String format, String from, String to, String ordering, boolean ats) {
        EntryFormat f = Formats.byName(format);
        return AttachChecker.check(AttachFile.builtIn(seq), Orderings.byName(ordering), f, entry(f, from), entry(f, to),
                ReaderModel.strict(f), ats);
    }

    private static Entry entry(EntryFormat f, String name) {
        return f.catalogue().stream().filter(c -> c.name().equals(name)).map(NamedConfig::entry).findFirst().orElseThrow();
    }

    /** Every (sequence, replace, ATS) the checker can run: a temporary tag needs a tag field in both entries. */
    private static List<AttachResult> all() {
        List<AttachResult> out = new ArrayList<>();
        for (String seq : AttachFile.BUILT_INS) {
            for (String[] r : REPLACES) {
                for (boolean ats : new boolean[] {true, false}) {
                    try {
                        out.add(check(seq, r[0], r[1], r[2], r[3], ats));
                    } catch (IllegalArgumentException noTag) {
                        // the temporary-tag route on an entry without a tag field: the checker refuses it too
                    }
                }
            }
        }
        return out;
    }

    @Test
    void replayingEveryShortestRunOnRealMemoryPassesThroughTheCheckersStatesToTheSameOutcome() {
        int replayed = 0;
        for (AttachResult r : all()) {
            AttachExecutor ex = AttachExecutor.of(r);
            for (var e : r.exploration().shortest().entrySet()) {
                String what = r.sequence().name() + " " + r.domains().format().name() + " ats=" + r.ats() + " " + e.getKey().key();
                try (EntryTable table = EntryTable.allocate(1, 8); TranslationWords words = TranslationWords.allocate(1)) {
                    AttachExecutor.Sample s = ex.sample(table, 0, words, 0, AttachExecutor.Waits.NONE);
                    int pc = 0;
                    int listRead = 0;
                    for (TagExplorer.Move m : e.getValue()) {
                        assertEquals(pc, m.pc(), what);
                        switch (m.actor()) {
                            case WRITER -> ex.event(s, pc++, new SplittableRandom(1));
                            case DEVICE -> assertTrue(ex.translate(s, m.arg()), what + ": the checker's device made a translation");
                            case UNMAPPER -> {
                                switch (m.unmap()) {
                                    case CLEAR_PTE -> ex.clearPte(s, Domain.values()[m.arg()]);
                                    case READ_LIST -> {
                                        listRead = ex.readList(s, lastUnmapped(e.getValue()));
                                        assertEquals(m.arg(), listRead, what);
                                    }
                                    case INVALIDATE_IOTLB -> {
                                        assertTrue((listRead & (1 << m.arg())) != 0, what + ": invalidates a slot it read");
                                        ex.invalidateIotlb(s, m.arg());
                                    }
                                    case INVALIDATE_DEVTLB -> ex.invalidateDevtlb(s);
                                    case COMPLETE -> ex.complete(s, Domain.values()[m.arg()], pc);
                                }
                            }
                        }
                        assertEquals(m.after(), s.memory().packed(), what + ": state after " + m);
                    }
                    if (e.getKey().kind() == TagOutcome.Kind.STALE) {
                        // The checker judges STALE in the state its run ends in: so does the executor, there.
                        assertTrue(ex.stale(s, e.getKey().domain(), pc), what);
                    } else {
                        assertEquals(r.program().events().size(), pc, what + ": a LEAK is judged after the writer");
                        assertTrue((ex.leaks(s) & (1 << e.getKey().domain().ordinal())) != 0, what);
                    }
                    replayed++;
                }
            }
        }
        assertTrue(replayed >= 20, "replayed " + replayed + " runs");
    }

    private static Domain lastUnmapped(List<TagExplorer.Move> run) {
        for (TagExplorer.Move m : run) {
            if (m.actor() == TagExplorer.Actor.UNMAPPER && m.unmap() == TagExplorer.UnmapStep.CLEAR_PTE) return Domain.values()[m.arg()];
        }
        throw new AssertionError("no unmap");
    }

    @Test
    void theDeviceTranslatesThroughTheOldConfigurationBeforeAndTheNewOneAfterAWholeWriter() {
        for (AttachResult r : all()) {
            AttachExecutor ex = AttachExecutor.of(r);
            DomainSwitch ds = r.domains();
            String what = r.sequence().name() + " " + ds.format().name();
            try (EntryTable table = EntryTable.allocate(1, 8); TranslationWords words = TranslationWords.allocate(1)) {
                AttachExecutor.Sample s = ex.sample(table, 0, words, 0, AttachExecutor.Waits.NONE);
                int before = ex.device(s);
                assertEquals(ds.translates(Domain.OLD) ? 2 * ds.slot(TagId.OLD) : AttachExecutor.NOTHING, before, what);
                ex.writer(s, new SplittableRandom(7), -1, null);
                assertEquals(ds.entryOf(TagId.NEW, Domain.NEW), table.loadEntryOpaque(0), what);
                int after = ex.device(s);
                assertEquals(ds.translates(Domain.NEW) ? 2 * ds.slot(TagId.NEW) + 1 : AttachExecutor.NOTHING, after, what);
                // Without races, what the device cached before and after is reachable unless the checker says LEAK.
                boolean leakPossible = r.outcomes().stream().anyMatch(o -> o.kind() == TagOutcome.Kind.LEAK);
                if (!leakPossible) assertEquals(0, ex.leaks(s), what);
            }
        }
    }

    @Test
    void theStressRaceUnmapsWhereTheCheckersShortestStaleRunDoesAndOnlyTheKnownBadSequenceGoesStaleThere() {
        AttachResult bad = check("vtd-rid-2024", "vtd-pasid", "fl-did5-a", "fl-did5-b", "used-bits-128", true);
        AttachResult good = check("vtd-corrected", "vtd-pasid", "fl-did5-a", "fl-did5-b", "used-bits-128", true);
        TagOutcome staleNew = new TagOutcome(TagOutcome.Kind.STALE, Domain.NEW);
        AttachExecutor badEx = AttachExecutor.of(bad);
        AttachExecutor goodEx = AttachExecutor.of(good);
        assertEquals(badEx.afterSwitchBegins(0), badEx.unmapPoint(staleNew));
        assertFalse(good.outcomes().contains(staleNew));
        for (AttachExecutor ex : List.of(badEx, goodEx)) {
            int point = ex.afterSwitchBegins(0);
            try (EntryTable table = EntryTable.allocate(1, 8); TranslationWords words = TranslationWords.allocate(1)) {
                AttachExecutor.Sample s = ex.sample(table, 0, words, 0, AttachExecutor.Waits.NONE);
                AttachExecutor.Unmap[] u = new AttachExecutor.Unmap[1];
                // The device translates between the switch and the unmap: the interleaving jcstress must find.
                ex.writer(s, new SplittableRandom(3), point, () -> {
                    assertNotEquals(AttachExecutor.NOTHING, ex.device(s));
                    u[0] = ex.unmap(s, Domain.NEW, point);
                });
                assertEquals(ex == badEx, u[0].stale(), ex.result().sequence().name());
                assertEquals(ex == badEx ? 0 : 2, u[0].invalidations(), "the new list holds the new tag only once it is added");
                assertEquals(0, ex.leaks(s));
            }
        }
    }

    @Test
    void wordsStartAsEveryReplaceStartsAndTheLockExcludes() throws InterruptedException {
        try (TranslationWords words = TranslationWords.allocate(3)) {
            for (int i = 0; i < 3; i++) assertEquals(PackedMemory.initial(), words.at(i).packed());
            int perThread = 200_000;
            Runnable inc = () -> {
                for (int k = 0; k < perThread; k++) {
                    words.lock(1);
                    TranslationWords.Sample m = words.at(1);
                    m.setIotlb(m.iotlb() + 1);
                    words.unlock(1);
                }
            };
            Thread a = new Thread(inc);
            Thread b = new Thread(inc);
            a.start();
            b.start();
            a.join();
            b.join();
            assertEquals(2 * perThread, words.at(1).iotlb());
            assertEquals(PackedMemory.initial(), words.at(0).packed(), "a neighbouring slot is untouched");
            words.at(1).clearPte(Domain.NEW);
            words.resetPlain(1);
            assertEquals(PackedMemory.initial(), words.at(1).packed());
            words.at(1).clearPte(Domain.OLD);
            words.at(1).setListSlots(Domain.NEW, 3);
            words.reset(1);
            assertEquals(PackedMemory.initial(), words.at(1).packed(), "the locked reset");
        }
    }
}
