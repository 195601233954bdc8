package dev.hitless.synth;

import dev.hitless.check.CheckResult;
import dev.hitless.check.Checker;
import dev.hitless.check.Requirement;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.format.NarrowFormats;
import dev.hitless.ordering.UsedBits;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The synthesiser's answers on the transitions the issue names, and its optimum against the built-ins. */
class SynthesizerTest {
    static Synthesis synth(String format, String from, String to, Requirement r) {
        EntryFormat f = Formats.byName(format);
        return Synthesizer.synthesize(f, f.parseConfig(from), f.parseConfig(to), ReaderModel.strict(f), r);
    }

    /**
     * The ARM KUnit transitions (arm-smmu-v3-test.c, the STE and CD rows of KernelExpectationsTest): the optimum
     * under the requirement used-bits-64's plan meets (hitless where it claims hitless, else safe) never needs more
     * entry syncs than used-bits-64, and the optimum for hitless exists exactly where used-bits-64 is hitless.
     */
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            smmu-ste | bypass                     | abort
            smmu-ste | abort                      | bypass
            smmu-ste | s1-ssid0                   | abort
            smmu-ste | abort                      | s1-ssid0
            smmu-ste | s1-ssid0                   | bypass
            smmu-ste | bypass                     | s1-ssid0
            smmu-ste | s1-ssid0                   | s1-bypass
            smmu-ste | s1-bypass                  | s1-ssid0
            smmu-ste | s1-bypass                  | bypass
            smmu-ste | bypass                     | s1-bypass
            smmu-ste | s2-vmid1                   | abort
            smmu-ste | abort                      | s2-vmid1
            smmu-ste | s2-vmid1                   | bypass
            smmu-ste | bypass                     | s2-vmid1
            smmu-ste | s1-ssid0                   | s2-vmid1
            smmu-ste | s2-vmid1                   | s1-ssid0
            smmu-ste | s1-bypass                  | s1-cdtab-b
            smmu-cd  | cleared                    | s1-asid1
            smmu-cd  | s1-asid1                   | cleared
            smmu-cd  | cd-s1:asid=1,ttb0=0x100000 | cd-s1:asid=2,ttb0=0x100000
            smmu-cd  | sva                        | sva-release
            smmu-cd  | sva                        | cleared
            """)
    void kunitTransitionsNeverNeedMoreSyncsThanUsedBits64(String format, String from, String to) {
        EntryFormat f = Formats.byName(format);
        Entry a = f.parseConfig(from), b = f.parseConfig(to);
        ReaderModel m = ReaderModel.strict(f);
        Plan builtIn = UsedBits.qwords().plan(f, a, b);
        CheckResult bi = Checker.check(builtIn, m);
        Requirement r = Requirement.ofClaim(builtIn.claim());
        assertTrue(bi.meets(r), "used-bits-64 meets its claim\n" + builtIn);
        Synthesis s = Synthesizer.synthesize(f, a, b, m, r);
        Plan best = s.plan().orElseThrow();
        assertTrue(best.entrySyncCount() <= builtIn.entrySyncCount(), best + "\nagainst\n" + builtIn);
        assertEquals(bi.meets(Requirement.HITLESS), Synthesizer.synthesize(f, a, b, m, Requirement.HITLESS).found(),
                "a hitless plan exists exactly where used-bits-64 is hitless");
    }

    @Test
    void vtdNewDidAndNewTableHasNoHitlessPlanUnder128BitReads() {
        Synthesis s = synth("vtd-pasid", "fl-did5-a", "fl-did6-b", Requirement.HITLESS);
        assertFalse(s.found());
        Proof p = s.proof().orElseThrow();
        String text = String.join("\n", p.lines());
        assertTrue(text.contains("DID (qword 1, chunk 0), FSPTPTR (qword 2, chunk 1)"), text);
        assertTrue(text.contains("they lie in 2 store units"), text);
        assertEquals(1, p.tried().size(), "only the current entry is old or new and reachable: " + text);
        assertEquals(Seen.TORN, p.tried().get(0).judged(), text);
        assertTrue(p.stats().syncPoints() >= 1 && p.stats().windows() > 0, text);
    }

    /**
     * On the 4- and 2-qword test formats, every catalogue pair: the optimum under the requirement the used-bits plan
     * meets never needs more entry syncs than that plan, and it passes the checker again on its own.
     */
    @Test
    void narrowEntriesNeverNeedMoreSyncsThanUsedBits() {
        int hitless = 0;
        for (EntryFormat f : NarrowFormats.all()) {
            ReaderModel m = ReaderModel.strict(f);
            var o = f.qwords() >= 4 ? UsedBits.quanta128() : UsedBits.qwords();
            for (NamedConfig a : f.catalogue()) {
                for (NamedConfig b : f.catalogue()) {
                    Plan builtIn = o.plan(f, a.entry(), b.entry());
                    Requirement r = Requirement.ofClaim(builtIn.claim());
                    String where = f.name() + " " + a.name() + " -> " + b.name();
                    assertTrue(Checker.check(builtIn, m).meets(r), where + "\n" + builtIn);
                    Synthesis s = Synthesizer.synthesize(f, a.entry(), b.entry(), m, r);
                    Plan best = s.plan().orElseThrow();
                    assertEquals(f.qwords(), best.target().qwords());
                    assertTrue(best.entrySyncCount() <= builtIn.entrySyncCount(), where + "\n" + best + "against\n" + builtIn);
                    assertTrue(Checker.check(best, m).meets(r), where + "\n" + best);
                    if (r == Requirement.HITLESS && !a.equals(b)) hitless++;
                }
            }
        }
        assertTrue(hitless >= 20, "hitless transitions synthesised: " + hitless);
    }

    @Test
    void vtdNewDidAndNewTableHasAThreeSyncRouteThroughATemporaryDid() {
        EntryFormat f = Formats.vtd();
        Entry a = f.parseConfig("fl-did5-a"), b = f.parseConfig("fl-did6-b");
        Route r = Route.find(f, a, b, ReaderModel.strict(f)).orElseThrow();
        assertEquals(4, r.stops().size(), "current, DID tmp with the old table, DID tmp with the new table, target");
        assertEquals(3, r.entrySyncs());
        long tmp = r.temporary();
        assertTrue(tmp != 5 && tmp != 6 && f.catalogue().stream().noneMatch(c -> dev.hitless.format.VtdPasid.DID.get(c.entry()) == tmp));
        assertEquals(tmp, dev.hitless.format.VtdPasid.DID.get(r.stops().get(1)));
        assertEquals(tmp, dev.hitless.format.VtdPasid.DID.get(r.stops().get(2)));
        for (int i = 0; i < r.legs().size(); i++) {
            CheckResult c = r.verified().checks().get(i);
            assertTrue(c.meets(Requirement.HITLESS), "leg " + (i + 1));
            assertEquals(r.stops().get(i), c.plan().current());
            assertEquals(r.stops().get(i + 1), c.plan().target());
        }
        String text = String.join("\n", r.invalidation(f));
        assertTrue(text.contains("leg 2 (to sync 2) changes FSPTPTR 0x100000->0x200000 under DID=0xa"), text);
        assertTrue(text.contains("hitless check --attach vtd-temporary-tag"), text);
    }

    @Test
    void noRouteWhenTheTagDoesNotHelp() {
        // the 5-level switch changes AW (chunk 0) and FSPM (chunk 1) of one configuration: a temporary DID does not
        // separate them
        EntryFormat f = Formats.vtd();
        assertTrue(Route.find(f, f.parseConfig("fl-did5-a"), f.parseConfig("fl-5level"), ReaderModel.strict(f)).isEmpty());
    }

    @Test
    void safePlanBreaksWhereNoHitlessOneExists() {
        Synthesis s = synth("vtd-pasid", "fl-did5-a", "fl-did6-b", Requirement.SAFE);
        Plan p = s.plan().orElseThrow();
        assertEquals(dev.hitless.plan.Claim.BREAKING, p.claim());
        assertEquals(3, p.entrySyncCount(), p.toString());
        assertEquals(dev.hitless.check.Verdict.BREAKING, s.verifiedOrNull().checks().get(0).verdict());
    }

    @Test
    void oneQuantumChangesInOneSyncAndOneStore() {
        Plan p = synth("vtd-pasid", "fl-did5-a", "fl-did5-b", Requirement.HITLESS).plan().orElseThrow();
        assertEquals(List.of(new Step.Barrier(), new Step.Store64(2, 0x200000L), Step.Sync.of(dev.hitless.plan.SyncKind.ENTRY)), p.steps());
        Plan wide = synth("vtd-pasid", "not-present", "pt", Requirement.HITLESS).plan().orElseThrow();
        assertEquals(1, wide.entrySyncCount(), wide.toString());
        assertTrue(wide.steps().stream().anyMatch(s -> s instanceof Step.Store128), "P and DID in one cmpxchg16b: " + wide);
    }

    @Test
    void noChangeIsAnEmptyPlan() {
        Synthesis s = synth("smmu-cd", "s1-asid1", "s1-asid1", Requirement.HITLESS);
        Plan p = s.plan().orElseThrow();
        assertTrue(p.steps().isEmpty());
        assertEquals(dev.hitless.plan.Claim.NO_CHANGE, p.claim());
    }

    /** A sticky reader sees only the entries at the syncs: one window always suffices. */
    @Test
    void aStickyReaderNeedsOneSync() {
        EntryFormat f = Formats.vtd();
        Synthesis s = Synthesizer.synthesize(f, f.parseConfig("fl-did5-a"), f.parseConfig("fl-did6-b"),
                ReaderModel.preset("sticky", f), Requirement.HITLESS);
        assertEquals(1, s.plan().orElseThrow().entrySyncCount());
    }

    /** Reading chunks in address order lets a plan order its stores: ORDERED mode, and it never costs more syncs. */
    @Test
    void anAscendingReaderNeverNeedsMoreSyncsThanAStrictOne() {
        for (EntryFormat f : NarrowFormats.everyWidth()) {
            List<NamedConfig> cat = f.catalogue();
            for (int i = 0; i < cat.size(); i += 3) {
                for (int j = 0; j < cat.size(); j += 2) {
                    Entry a = cat.get(i).entry(), b = cat.get(j).entry();
                    Synthesis strict = Synthesizer.synthesize(f, a, b, ReaderModel.strict(f), Requirement.HITLESS);
                    Synthesis asc = Synthesizer.synthesize(f, a, b, ReaderModel.preset("ascending", f), Requirement.HITLESS);
                    String where = f.name() + " " + cat.get(i).name() + " -> " + cat.get(j).name();
                    if (strict.found()) {
                        assertTrue(asc.found(), where);
                        assertTrue(asc.plan().orElseThrow().entrySyncCount() <= strict.plan().orElseThrow().entrySyncCount(), where);
                    }
                }
            }
        }
    }

    @Test
    void spaceHoldsTheUsedBitsAlgorithmsEntries() {
        // every entry at a sync of used-bits-64 and used-bits-128 is in the space: the optimum can be no worse
        for (EntryFormat f : NarrowFormats.everyWidth()) {
            for (NamedConfig a : f.catalogue()) {
                for (NamedConfig b : f.catalogue()) {
                    for (var o : List.of(UsedBits.qwords(), UsedBits.quanta128())) {
                        Plan p = o.plan(f, a.entry(), b.entry());
                        Space s = new Space(f, a.entry(), b.entry(), ReaderModel.strict(f).withVisibility(ReaderModel.strict(f).visibility()));
                        Entry e = p.current();
                        for (Step st : p.steps()) {
                            e = st.applyTo(e);
                            assertTrue(s.state(e) >= 0, o.name() + " " + f.name() + " " + a.name() + " -> " + b.name() + ": " + e);
                        }
                    }
                }
            }
        }
    }
}
