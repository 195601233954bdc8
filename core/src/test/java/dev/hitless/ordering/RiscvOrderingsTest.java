package dev.hitless.ordering;

import dev.hitless.check.Checker;
import dev.hitless.check.Verdict;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.format.RiscvDc;
import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RISC-V writers: {@code riscv-iodir} ({@code riscv_iommu_iodir_update()}) and {@code riscv-qos-in-place} (the QoS
 * ID RFC's in-place edit), their plans and what the checker makes of them.
 */
class RiscvOrderingsTest {
    private static final RiscvDc DC = Formats.riscvDc();
    private static final RiscvDc EXT = Formats.riscvDcExt();
    private static final Ordering IODIR = Orderings.byName("riscv-iodir");
    private static final Ordering QOS = Orderings.byName("riscv-qos-in-place");

    private static Plan plan(Ordering o, RiscvDc f, String from, String to) {
        return o.plan(f, f.parseConfig(from), f.parseConfig(to));
    }

    @Test
    void theyApplyToTheRiscvFormatsOnly() {
        for (EntryFormat f : Formats.all()) {
            boolean riscv = f instanceof RiscvDc;
            assertEquals(riscv, IODIR.appliesTo(f), f.name());
            assertEquals(riscv, QOS.appliesTo(f), f.name());
        }
        assertFalse(Orderings.byName("amd-update-dte256").appliesTo(DC));
        assertTrue(Orderings.byName("used-bits-64").appliesTo(DC));
    }

    /**
     * A valid-to-valid replace: tc with V cleared first, an entry sync (with the old PSCID's IOTINVAL), the other
     * doublewords, a dma_wmb, tc with V set last, an entry sync. Claimed breaking.
     */
    @Test
    void validToValidClearsVFirstAndSetsItLastBehindABarrier() {
        Plan p = plan(IODIR, DC, "s1-a", "s1-b");
        assertEquals(Claim.BREAKING, p.claim());
        assertTrue(p.reachesTarget());
        List<Step> s = p.steps();
        assertEquals(new Step.Store64(0, 0), s.get(0), "tc with V cleared: the first store\n" + p);
        assertEquals(new Step.Sync(Set.of(SyncKind.ENTRY, SyncKind.IOTLB)), s.get(1));
        assertEquals(List.of(1, 3, 2), s.subList(2, 5).stream().map(x -> ((Step.Store64) x).qword()).toList(),
                "iohgatp, fsc, ta");
        assertEquals(new Step.Barrier(BarrierKind.DMA_WMB), s.get(5));
        assertEquals(new Step.Store64(0, 1), s.get(6), "tc with V: the last store");
        assertEquals(new Step.Sync(Set.of(SyncKind.ENTRY, SyncKind.IOTLB)), s.get(7));
        assertEquals(8, s.size());
        assertEquals(2, p.entrySyncCount());
    }

    /** A DC that is not valid is not cached: no first phase, and the plan claims hitless. */
    @Test
    void fromNotValidThereIsNoFirstPhase() {
        Plan p = plan(IODIR, DC, "blocked", "s1-a");
        assertEquals(Claim.HITLESS, p.claim());
        assertEquals(1, p.entrySyncCount());
        assertInstanceOf(Step.Barrier.class, p.steps().get(3));
        assertEquals(new Step.Store64(0, 1), p.steps().get(4));
        // the driver sends IOTINVAL.VMA after every INVAL_DDT, of every address space where the DC has no first stage:
        // more than the specification asks for an identity DC, which needs INVAL_DDT alone
        Plan id = plan(IODIR, DC, "identity", "blocked");
        assertFalse(RiscvDc.needsIotinval(DC.parseConfig("identity")));
        assertEquals(new Step.Sync(Set.of(SyncKind.ENTRY, SyncKind.IOTLB)), id.steps().get(1));
    }

    /** The extended format's plan also writes msiptp and the MSI mask and pattern, before the barrier. */
    @Test
    void theExtendedFormatWritesTheMsiFieldsToo() {
        Plan p = plan(IODIR, EXT, "nested", "nested-msi");
        List<Integer> qwords = p.steps().stream().filter(x -> x instanceof Step.Store64).map(x -> ((Step.Store64) x).qword()).toList();
        assertEquals(List.of(0, 1, 3, 2, 4, 5, 6, 0), qwords);
        assertTrue(p.reachesTarget());
    }

    /**
     * Under its own assumptions (a reader that reads tc no earlier than the rest: ascending; or a cached snapshot) the
     * driver's order is safe everywhere; under the specification's any-order reader, a fetch that reads fsc and ta
     * before the dma_wmb and tc after it sees a configuration nobody wrote.
     */
    @Test
    void safeForAnAscendingReaderTornForAnAnyOrderOne() {
        ReaderModel ascending = ReaderModel.preset("ascending", DC, Visibility.BARRIER_ORDERED);
        ReaderModel strict = ReaderModel.preset("strict", DC, Visibility.BARRIER_ORDERED);
        int torn = 0;
        for (NamedConfig a : DC.catalogue()) {
            for (NamedConfig b : DC.catalogue()) {
                if (a == b) continue;
                Plan p = IODIR.plan(DC, a.entry(), b.entry());
                assertTrue(Checker.check(p, ascending).verdict().compareTo(Verdict.BREAKING) <= 0, a.name() + " -> " + b.name());
                if (Checker.check(p, strict).verdict() == Verdict.TORN) torn++;
            }
        }
        assertEquals(44, torn, "riscv-iodir tears on 44 of 56 transitions for the any-order reader");
        // the fresh attach, blocked -> s1-a: the torn entry is V=1 with fsc Bare, the identity configuration
        Plan attach = plan(IODIR, DC, "blocked", "s1-a");
        assertEquals(Verdict.TORN, Checker.check(attach, strict).verdict());
        assertTrue(Checker.observations(attach, strict).contains(DC.parseConfig("identity")));
    }

    /** The QoS RFC's edit: one store of ta on a live DC, a barrier, one sync; hitless for every reader. */
    @Test
    void theQosEditIsOneStoreOfTa() {
        Plan p = plan(QOS, DC, "s1-a", "s1-a-qos");
        assertEquals(Claim.HITLESS, p.claim());
        assertEquals(List.of(new Step.Store64(2, DC.parseConfig("s1-a-qos").qword(2)), new Step.Barrier(),
                new Step.Sync(Set.of(SyncKind.ENTRY, SyncKind.IOTLB))), p.steps());
        for (String r : ReaderModel.presets(DC)) {
            for (Visibility v : Visibility.values()) {
                assertEquals(Verdict.HITLESS, Checker.check(p, ReaderModel.preset(r, DC, v)).verdict(), r + " " + v);
            }
        }
        assertEquals(Claim.HITLESS, plan(QOS, DC, "s1-a-qos", "s1-a").claim());
    }

    /** It makes only changes confined to RCID and MCID of a valid DC; every other transition is riscv-iodir's. */
    @Test
    void everyOtherChangeGoesThroughIodir() {
        Entry qosOnIdentity = RiscvDc.RCID.set(DC.parseConfig("identity"), 3);
        assertTrue(RiscvQosInPlace.inPlace(DC, DC.parseConfig("identity"), qosOnIdentity));
        assertFalse(RiscvQosInPlace.inPlace(DC, DC.parseConfig("s1-a-root2"), DC.parseConfig("s1-a-qos")), "root and QoS IDs");
        assertFalse(RiscvQosInPlace.inPlace(DC, DC.parseConfig("blocked"), RiscvDc.RCID.set(DC.parseConfig("blocked"), 1)),
                "not valid: nothing live to edit");
        for (NamedConfig a : DC.catalogue()) {
            for (NamedConfig b : DC.catalogue()) {
                Plan q = QOS.plan(DC, a.entry(), b.entry());
                assertTrue(q.reachesTarget(), a.name() + " -> " + b.name());
                if (RiscvQosInPlace.inPlace(DC, a.entry(), b.entry()) || a == b) continue;
                Plan i = IODIR.plan(DC, a.entry(), b.entry());
                assertEquals(i.steps(), q.steps(), a.name() + " -> " + b.name());
                assertEquals(i.claim(), q.claim());
            }
        }
    }

    /** The generic orderings plan the RISC-V formats: used-bits-64 is safe for every reader, hitless where it claims so. */
    @Test
    void usedBitsIsSafeEverywhereAndHitlessWhereItClaims() {
        Ordering ub = Orderings.byName("used-bits-64");
        int hitless = 0;
        for (RiscvDc f : List.of(DC, EXT)) {
            for (NamedConfig a : f.catalogue()) {
                for (NamedConfig b : f.catalogue()) {
                    Plan p = ub.plan(f, a.entry(), b.entry());
                    assertTrue(p.reachesTarget());
                    for (String r : ReaderModel.presets(f)) {
                        Verdict v = Checker.check(p, ReaderModel.preset(r, f, Visibility.BARRIER_ORDERED)).verdict();
                        assertTrue(v.compareTo(Verdict.BREAKING) <= 0, f.name() + " " + a.name() + " -> " + b.name() + " " + r);
                        if (p.claim() == Claim.HITLESS) assertEquals(Verdict.HITLESS, v);
                    }
                    if (f == DC && a != b && p.claim() == Claim.HITLESS) hitless++;
                }
            }
        }
        assertEquals(24, hitless, "used-bits-64 is hitless on 24 of riscv-dc's 56 transitions");
        // identity -> s1-a: PSCID first (unused while fsc is Bare), then fsc
        Plan p = ub.plan(DC, DC.parseConfig("identity"), DC.parseConfig("s1-a"));
        assertEquals(Claim.HITLESS, p.claim());
        assertEquals(2, p.entrySyncCount());
    }
}
