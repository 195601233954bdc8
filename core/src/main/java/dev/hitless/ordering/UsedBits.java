package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.StepEmitter;
import dev.hitless.plan.SyncKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The used-bits algorithm: ARM's {@code arm_smmu_write_entry} with 64-bit quanta, and the 2026 entry-sync library's
 * generalisation with 64- or 128-bit quanta (128-bit quanta written by 128-bit atomic stores). One algorithm; its
 * variants differ only in the parameters below, so every built-in that updates by used bits is this code.
 *
 * <pre>
 *   cur_used  = used(cur) & ~safe     safe = update_safe(cur, target) & used(cur) & used(target)  (0 without safe bits)
 *   unused_update = (cur & cur_used) | (target & ~cur_used)
 *   quantum i is critical when unused_update and target differ on target's used bits in i
 *
 *   one critical quantum c  (hitless, 1..3 syncs):
 *       write unused_update to every quantum but c (only those that differ); sync if written
 *       write target[c] with one atomic store; sync
 *       write target to every quantum (only those that differ); sync if written
 *   two or more             (breaking, 2..3 syncs):
 *       write the valid-bit quantum := 0; sync
 *       write every other quantum := target (only those that differ); sync if written
 *       write the valid-bit quantum := target; sync
 *   none:                   write target (only those that differ); sync if written
 * </pre>
 * Parameters, one per difference between the kernel sources modelled:
 * <ul>
 *   <li><b>quantum</b>: 64 or 128 bits;</li>
 *   <li><b>leading barrier</b>: a {@code dma_wmb} before the first store, so that the tables the new entry points at
 *       (written by the caller before the update) are visible before any store of the entry. ARM added it in 2026
 *       (6fabce53f6b9, "Add a missing dma_wmb() for hitless STE update"); the published generic {@code entry_sync}
 *       template has none. Without it the hitless path's first store may already be the critical one, with no sync
 *       before it: on barrier-ordered hardware the device may then see the new pointer before the table;</li>
 *   <li><b>update-safe bits</b>: whether {@link EntryFormat#transitionSafeBits} count as ignored by the current
 *       configuration (ARM's {@code get_update_safe}, 2781f2a930ab and follow-ups). The {@code entry_sync} template's
 *       ops are {@code get_used} and {@code sync} only, so it has none.</li>
 * </ul>
 *
 * <p>Critical test: the kernel compares {@code (unused_update & target_used) != target} and warns when the target
 * sets bits it does not use; this class compares on the target's used bits only, which is the same for every
 * well-formed target and does not mistake an ignored bit (such as FPD in a not-present VT-d entry) for a change.
 *
 * <p>The {@code draft} variant reproduces the early entry-sync bug: its breaking path wrote the valid-bit quantum
 * (with V = 1) before the other quanta, in one window, so the hardware can fetch the new quantum 0 beside old
 * quanta. It exists so the harness can show why it is wrong.
 */
public final class UsedBits implements Ordering {
    private static final Set<SyncKind> ENTRY_SYNC = Set.of(SyncKind.ENTRY);

    private final String name;
    private final String description;
    private final int quantumBits;
    private final boolean leadingBarrier;
    private final boolean updateSafeBits;
    private final boolean draft;
    private final boolean knownBad;

    private UsedBits(String name, String description, int quantumBits, boolean leadingBarrier, boolean updateSafeBits,
                     boolean draft, boolean knownBad) {
        this.name = name;
        this.description = description;
        this.quantumBits = quantumBits;
        this.leadingBarrier = leadingBarrier;
        this.updateSafeBits = updateSafeBits;
        this.draft = draft;
        this.knownBad = knownBad;
    }

    /** ARM {@code arm_smmu_write_entry} as shipped since 2026: 64-bit quanta, leading {@code dma_wmb}, update-safe bits. */
    public static UsedBits qwords() {
        return new UsedBits("used-bits-64",
                "ARM arm_smmu_write_entry: used-bits algorithm on 64-bit qwords, honouring update-safe bits",
                64, true, true, false, false);
    }

    /**
     * ARM {@code arm_smmu_write_entry} before 6fabce53f6b9 ("Add a missing dma_wmb() for hitless STE update", 2026):
     * {@link #qwords()} without its leading {@code dma_wmb}. Wrong on purpose.
     */
    public static UsedBits qwordsNoLeadingBarrier() {
        return new UsedBits("used-bits-64-no-wmb",
                "ARM arm_smmu_write_entry before 6fabce53f6b9 (2026): used-bits-64 without its leading dma_wmb (buggy on purpose)",
                64, false, true, false, true);
    }

    /**
     * The entry-sync algorithm on 128-bit quanta stored by cmpxchg16b, valid bit in quantum 0, with ARM's leading
     * {@code dma_wmb} and update-safe bits added (the published template, {@link #entrySync128()}, has neither).
     */
    public static UsedBits quanta128() {
        return new UsedBits("used-bits-128",
                "entry-sync algorithm on 128-bit quanta written with cmpxchg16b, with ARM's leading dma_wmb and update-safe bits",
                128, true, true, false, false);
    }

    /** The early entry-sync draft whose breaking path stores quantum 0 (V = 1) before the other quanta. Wrong on purpose. */
    public static UsedBits draft128() {
        return new UsedBits("used-bits-128-draft",
                "early entry-sync draft (128-bit quanta): breaking path writes quantum 0 with V=1 before the others (buggy on purpose)",
                128, true, true, true, true);
    }

    /**
     * The generic {@code entry_sync_write64()} as published in 2026 ({@code drivers/iommu/entry_sync_template.h},
     * jgunthorpe/linux 02374d8f, LuBaolu/intel-iommu 03399daf): 64-bit quanta, no leading {@code dma_wmb}, no
     * update-safe bits (its ops are {@code get_used} and {@code sync}). What ARM's STE/CD writer would become if moved
     * onto the template unchanged.
     */
    public static UsedBits entrySync64() {
        return new UsedBits("entry-sync-64",
                "2026 generic entry_sync_write64 as published (entry_sync_template.h, jgunthorpe/linux 02374d8f, "
                        + "LuBaolu/intel-iommu 03399daf): used bits on 64-bit quanta, no leading dma_wmb, no update-safe bits",
                64, false, false, false, false);
    }

    /**
     * The generic {@code entry_sync_write128()} as published in 2026 (same sources as {@link #entrySync64()}), which
     * VT-d's "Hitless PASID updates via entry_sync" series uses: 128-bit quanta each stored with a 128-bit
     * compare-exchange, no leading {@code dma_wmb}, no update-safe bits.
     */
    public static UsedBits entrySync128() {
        return new UsedBits("entry-sync-128",
                "2026 generic entry_sync_write128 as published (entry_sync_template.h, jgunthorpe/linux 02374d8f, "
                        + "LuBaolu/intel-iommu 03399daf): 128-bit quanta by cmpxchg16b, no leading dma_wmb, no update-safe bits",
                128, false, false, false, false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean knownBad() {
        return knownBad;
    }

    @Override
    public int quantumBits() {
        return quantumBits;
    }

    /** The number of quanta in an entry of {@code format}. */
    private int quanta(EntryFormat format) {
        return format.qwords() * 64 / quantumBits;
    }

    private int qwordsPerQuantum() {
        return quantumBits / 64;
    }

    /**
     * What the algorithm computes before it writes anything (steps 1 to 3 of the comment above). Plan files use it
     * for {@code unused-update}, {@code critical} and {@code crit}, so both routes share one definition.
     *
     * @param unusedUpdate the current entry with every bit the current configuration ignores (update-safe bits
     *                     counted as ignored, when the algorithm has them) already set to the target's value
     * @param critical the indices of the critical quanta, ascending
     */
    public record Analysis(Entry unusedUpdate, List<Integer> critical) {
        public Analysis {
            critical = List.copyOf(critical);
        }
    }

    /** Steps 1 to 3 of the algorithm for quanta of {@code quantumBits} (32, 64 or 128), honouring update-safe bits. */
    public static Analysis analyse(EntryFormat format, Entry current, Entry target, int quantumBits) {
        return analyse(format, current, target, quantumBits, true);
    }

    /**
     * Steps 1 to 3 of the algorithm for quanta of {@code quantumBits} (32, 64 or 128; plan files may declare 32).
     *
     * @param updateSafeBits count the {@linkplain EntryFormat#transitionSafeBits update-safe bits} as ignored by the
     *     current configuration (ARM); false for an algorithm without them (the {@code entry_sync} template)
     */
    public static Analysis analyse(EntryFormat format, Entry current, Entry target, int quantumBits, boolean updateSafeBits) {
        Entry targetUsed = format.usedBits(target);
        Entry curUsed = format.usedBits(current);
        if (updateSafeBits) curUsed = curUsed.andNot(format.transitionSafeBits(current, target));
        Entry unusedUpdate = current.withBitsFrom(target, curUsed.not());

        List<Integer> critical = new ArrayList<>();
        for (int i = 0, quanta = Step.quanta(quantumBits, format.qwords()); i < quanta; i++) {
            if (!quantumEquals(unusedUpdate, target, targetUsed, i, quantumBits)) critical.add(i);
        }
        return new Analysis(unusedUpdate, critical);
    }

    @Override
    public Plan plan(EntryFormat format, Entry current, Entry target) {
        Analysis a = analyse(format, current, target, quantumBits, updateSafeBits);
        List<Integer> critical = a.critical();
        List<Integer> all = IntStream.range(0, quanta(format)).boxed().toList();

        StepEmitter e = new StepEmitter(current);
        if (leadingBarrier) e.barrierBeforeNextStore(); // dma_wmb before the first store
        Claim claim;
        if (critical.size() == 1) {
            int c = critical.get(0);
            set(e, a.unusedUpdate(), except(all, c));
            set(e, target, List.of(c));
            set(e, target, all);
            claim = Claim.HITLESS;
        } else if (critical.size() > 1) {
            int v = format.validBit().qword() / qwordsPerQuantum();
            set(e, format.zero(), List.of(v));
            if (draft) {
                // The draft's wrong range: every quantum, the valid-bit one (V = 1) first, in one window.
                set(e, target, all);
            } else {
                set(e, target, except(all, v));
                set(e, target, List.of(v));
            }
            claim = Claim.BREAKING;
        } else {
            claim = set(e, target, all) ? Claim.HITLESS : Claim.NO_CHANGE;
        }
        return new Plan(name, format, current, target, claim, e.steps());
    }

    /**
     * {@code entry_set}: stores each of {@code quanta} of {@code value} that memory does not hold yet, in order, then
     * syncs the entry cache if anything was stored. True if something was.
     */
    private boolean set(StepEmitter e, Entry value, List<Integer> quanta) {
        for (int i : quanta) e.storeIfChanged(quantumBits, i, value);
        return e.syncIfStored(ENTRY_SYNC);
    }

    private static List<Integer> except(List<Integer> all, int skip) {
        return all.stream().filter(i -> i != skip).toList();
    }

    /** True when {@code a} and {@code b} agree on the bits of {@code mask} in quantum {@code quantum} of {@code quantumBits}. */
    private static boolean quantumEquals(Entry a, Entry b, Entry mask, int quantum, int quantumBits) {
        if (quantumBits == 32) {
            int q = quantum / 2;
            long half = (quantum & 1) != 0 ? 0xffff_ffff_0000_0000L : 0xffff_ffffL;
            return ((a.qword(q) ^ b.qword(q)) & mask.qword(q) & half) == 0;
        }
        int qwordsPerQuantum = quantumBits / 64;
        for (int k = 0; k < qwordsPerQuantum; k++) {
            int q = quantum * qwordsPerQuantum + k;
            if (((a.qword(q) ^ b.qword(q)) & mask.qword(q)) != 0) return false;
        }
        return true;
    }
}
