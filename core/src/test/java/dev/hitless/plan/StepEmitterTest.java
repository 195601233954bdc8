package dev.hitless.plan;

import dev.hitless.entry.Entry;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each invariant in {@link StepEmitter}'s Javadoc, one test each. */
class StepEmitterTest {
    private static final Entry CURRENT = Entry.zero(8).withQword(0, 0x1).withQword(1, 0x5).withQword(2, 0x100);
    private static final Entry TARGET = CURRENT.withQword(1, 0x6).withQword(3, 0x7);
    private static final Set<SyncKind> ENTRY = Set.of(SyncKind.ENTRY);
    private static final Step BARRIER = new Step.Barrier();
    private static final Step SYNC = new Step.Sync(ENTRY);

    @Test
    void storeIfChangedSkipsAQuantumMemoryAlreadyHolds() {
        StepEmitter e = new StepEmitter(CURRENT);
        for (int q = 0; q < 8; q++) e.storeIfChanged(64, q, TARGET);
        assertEquals(List.of(new Step.Store64(1, 0x6), new Step.Store64(3, 0x7)), e.steps());
        assertEquals(TARGET, e.memory());
    }

    @Test
    void storeIfChangedComparesTheWholeChunkOfA128BitStore() {
        StepEmitter e = new StepEmitter(CURRENT);
        assertFalse(e.storeIfChanged(128, 2, TARGET)); // qwords 4 and 5: equal
        assertTrue(e.storeIfChanged(128, 1, TARGET)); // qwords 2 and 3: qword 3 differs, both are stored
        assertEquals(List.of(new Step.Store128(1, 0x100, 0x7)), e.steps());
    }

    @Test
    void a32BitStoreWritesOneHalfOfItsQwordAndSkipsAnUnchangedHalf() {
        Entry target = CURRENT.withQword(1, 0x1234_5678_0000_0005L);
        StepEmitter e = new StepEmitter(CURRENT);
        assertFalse(e.storeIfChanged(32, 2, target), "word 2, the low half of qword 1, is unchanged");
        assertTrue(e.storeIfChanged(32, 3, target));
        assertEquals(List.of(new Step.Store32(3, 0x1234_5678)), e.steps());
        assertEquals(target, e.memory());
        e.store(32, 0, target); // same value: stored anyway
        assertEquals(new Step.Store32(0, 0x1), e.steps().getLast());
        assertThrows(IllegalArgumentException.class, () -> e.store(32, 16, TARGET), "an 8-qword entry has words 0..15");
        assertThrows(IllegalArgumentException.class, () -> e.store(32, 0, TARGET, true), "a plain store is 64-bit");
    }

    @Test
    void a32BitStoreKeepsTheOtherHalf() {
        Entry e = Entry.zero(4).withQword(1, 0xaaaa_aaaa_bbbb_bbbbL);
        assertEquals(0xaaaa_aaaa_ffff_ffffL, new Step.Store32(2, 0xffff_ffff).applyTo(e).qword(1));
        assertEquals(0x0000_0001_bbbb_bbbbL, new Step.Store32(3, 1).applyTo(e).qword(1));
        assertEquals(1 << 1, new Step.Store32(3, 1).writtenQwords(), "a word marks its qword, so the halves of one qword keep order");
        assertThrows(IllegalArgumentException.class, () -> new Step.Store32(16, 0));
    }

    @Test
    void storeAlwaysEmitsAndMemoryFollowsEveryStore() {
        StepEmitter e = new StepEmitter(CURRENT);
        e.store(64, 0, TARGET); // same value: stored anyway, as a C assignment does
        e.store(128, 0, TARGET);
        assertEquals(List.of(new Step.Store64(0, 0x1), new Step.Store128(0, 0x1, 0x6)), e.steps());
        assertEquals(CURRENT.withQword(1, 0x6), e.memory());
        assertTrue(e.syncIfStored(ENTRY), "an unconditional store counts as stored, even of the same value");
    }

    @Test
    void syncIfStoredNeedsAStoreSinceTheLastSync() {
        StepEmitter e = new StepEmitter(CURRENT);
        assertFalse(e.syncIfStored(ENTRY), "nothing stored since the start");
        e.storeIfChanged(64, 0, TARGET); // skipped: not a store
        assertFalse(e.syncIfStored(ENTRY));
        e.storeIfChanged(64, 1, TARGET);
        assertTrue(e.syncIfStored(ENTRY));
        assertFalse(e.syncIfStored(ENTRY), "the sync cleared it");
        e.storeIfChanged(64, 3, TARGET);
        e.sync(EnumSet.of(SyncKind.ENTRY, SyncKind.IOTLB)); // an unconditional sync clears it too
        assertFalse(e.syncIfStored(ENTRY));
        assertEquals(List.of(new Step.Store64(1, 0x6), SYNC, new Step.Store64(3, 0x7),
                Step.Sync.of(SyncKind.ENTRY, SyncKind.IOTLB)), e.steps());
    }

    @Test
    void syncAlwaysEmits() {
        StepEmitter e = new StepEmitter(CURRENT);
        e.sync(ENTRY);
        e.sync(ENTRY);
        assertEquals(List.of(SYNC, SYNC), e.steps());
    }

    @Test
    void anArmedBarrierPrecedesTheNextEmittedStoreOnly() {
        StepEmitter e = new StepEmitter(CURRENT);
        e.barrierBeforeNextStore();
        e.storeIfChanged(64, 0, TARGET); // skipped: the barrier stays armed
        e.syncIfStored(ENTRY);
        e.barrier(); // a plain barrier does not use it up either
        e.storeIfChanged(64, 1, TARGET);
        e.storeIfChanged(64, 3, TARGET);
        assertEquals(List.of(BARRIER, BARRIER, new Step.Store64(1, 0x6), new Step.Store64(3, 0x7)), e.steps());
    }

    @Test
    void anArmedBarrierWithNoStoreAfterItIsNeverEmitted() {
        StepEmitter e = new StepEmitter(CURRENT);
        e.barrierBeforeNextStore();
        for (int q = 0; q < 8; q++) e.storeIfChanged(64, q, CURRENT);
        e.syncIfStored(ENTRY);
        assertEquals(List.of(), e.steps());
        assertEquals(CURRENT, e.memory());
    }

    @Test
    void aBarrierHasTheKindAskedForAndDmaWmbWithoutOne() {
        StepEmitter e = new StepEmitter(CURRENT);
        e.barrier();
        e.barrier(BarrierKind.SMP_WMB);
        e.barrier(BarrierKind.DMA_WMB);
        assertEquals(List.of(new Step.Barrier(BarrierKind.DMA_WMB), new Step.Barrier(BarrierKind.SMP_WMB),
                new Step.Barrier(BarrierKind.DMA_WMB)), e.steps());
    }

    @Test
    void anArmedBarrierKeepsItsKindAndArmingAgainReplacesIt() {
        StepEmitter e = new StepEmitter(CURRENT);
        e.barrierBeforeNextStore(BarrierKind.SMP_WMB);
        e.store(64, 1, TARGET);
        e.barrierBeforeNextStore(BarrierKind.SMP_WMB);
        e.barrierBeforeNextStore(); // replaces the armed smp_wmb: one barrier, a dma_wmb
        e.store(64, 3, TARGET);
        assertEquals(List.of(new Step.Barrier(BarrierKind.SMP_WMB), new Step.Store64(1, 0x6),
                new Step.Barrier(BarrierKind.DMA_WMB), new Step.Store64(3, 0x7)), e.steps());
        assertThrows(IllegalArgumentException.class, () -> e.barrierBeforeNextStore(null));
    }

    @Test
    void aPlainStoreIsA64BitStoreMarkedPlainAndFollowsTheSameRules() {
        StepEmitter e = new StepEmitter(CURRENT);
        e.store(64, 0, TARGET, true); // always emitted, even unchanged
        assertFalse(e.storeIfChanged(64, 2, TARGET, true));
        assertTrue(e.storeIfChanged(64, 1, TARGET, true));
        e.store(64, 3, TARGET); // the old method: a WRITE_ONCE
        assertTrue(e.syncIfStored(ENTRY));
        assertEquals(List.of(new Step.Store64(0, 0x1, true), new Step.Store64(1, 0x6, true), new Step.Store64(3, 0x7, false),
                SYNC), e.steps());
        assertEquals(TARGET, e.memory());
    }

    @Test
    void aPlainStoreIsNever128Bits() {
        StepEmitter e = new StepEmitter(CURRENT);
        assertThrows(IllegalArgumentException.class, () -> e.store(128, 0, TARGET, true));
        assertThrows(IllegalArgumentException.class, () -> e.storeIfChanged(128, 1, TARGET, true));
        assertEquals(List.of(), e.steps());
    }

    @Test
    void aQuantumIs32Or64Or128Bits() {
        StepEmitter e = new StepEmitter(CURRENT);
        assertThrows(IllegalArgumentException.class, () -> e.store(16, 0, TARGET));
        assertThrows(IllegalArgumentException.class, () -> e.storeIfChanged(256, 0, TARGET));
    }
}
