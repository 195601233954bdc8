package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.StepEmitter;
import dev.hitless.plan.SyncKind;

import java.util.EnumSet;
import java.util.List;

/**
 * VT-d's removed replace ({@code intel_pasid_replace_*} before 2026): build the new entry on the stack, then
 * {@code *pte = new_pte;} on the live, present entry, then flush the PASID cache, the IOTLB and the device TLB.
 *
 * <p>Modelled as the compiler's copy: eight plain 64-bit stores ({@link dev.hitless.plan.Step.Store64#plain()}),
 * qword 0 first, each qword stored whether or not it changes, then one sync. Plain, because that is what a struct
 * assignment is: the compiler may copy in any order (and with any width; 64-bit moves are the best case), so the
 * stores are unordered even on x86. The listed order is one the compiler may pick. The ordering makes no claim ({@link Claim#UNCLAIMED}); the checker shows that a reader that
 * re-fetches mid-copy can see, for example, the new PGTT with the old page-table pointer.
 */
public final class StructCopy implements Ordering {
    public static final String NAME = "struct-copy";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean knownBad() {
        return true;
    }

    @Override
    public String description() {
        return "VT-d's removed replace: *pte = new_pte (8 plain qword stores, qword 0 first) on the live entry, then flush";
    }

    @Override
    public Plan plan(EntryFormat format, Entry current, Entry target) {
        if (current.equals(target)) {
            return new Plan(NAME, format, current, target, Claim.NO_CHANGE, List.of());
        }
        StepEmitter e = new StepEmitter(current);
        for (int q = 0; q < format.qwords(); q++) {
            e.store(64, q, target, true);
        }
        e.sync(EnumSet.of(SyncKind.ENTRY, SyncKind.IOTLB, SyncKind.DEVTLB));
        return new Plan(NAME, format, current, target, Claim.UNCLAIMED, e.steps());
    }
}
