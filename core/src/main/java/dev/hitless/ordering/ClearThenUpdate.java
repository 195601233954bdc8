package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.StepEmitter;
import dev.hitless.plan.SyncKind;

import java.util.EnumSet;
import java.util.List;

/**
 * Teardown and re-attach, VT-d's replace since January 2026 ({@code intel_pasid_tear_down_entry} followed by the
 * {@code intel_pasid_setup_*} helpers), applied to any format through its valid bit (P or V):
 * <ol>
 *   <li>clear only the valid bit (read-modify-write of its qword), write barrier;</li>
 *   <li>sync: entry cache (PASID cache), IOTLB and device TLB for the old domain;</li>
 *   <li>only now zero the rest of the entry ({@code pasid_clear_entry}: every qword);</li>
 *   <li>write the new entry with the valid bit clear (every qword), write barrier;</li>
 *   <li>set the valid bit, then sync: entry cache and IOTLB for the new domain.</li>
 * </ol>
 * Never torn, always breaking: from step 1 to step 5 the entry is not present and DMA through it faults.
 * A non-present current entry skips the teardown; a non-present target skips the final store of the valid bit.
 */
public final class ClearThenUpdate implements Ordering {
    public static final String NAME = "clear-then-update";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "teardown and re-attach (VT-d 2026): clear P, flush, zero, write new entry with P=0, barrier, set P, flush";
    }

    @Override
    public Plan plan(EntryFormat format, Entry current, Entry target) {
        if (current.equals(target)) {
            return new Plan(NAME, format, current, target, Claim.NO_CHANGE, List.of());
        }
        Field v = format.validBit();
        StepEmitter e = new StepEmitter(current);
        boolean teardown = format.isPresent(current);
        if (teardown) {
            e.store(64, v.qword(), v.set(current, 0));
            e.barrier();
            e.sync(EnumSet.of(SyncKind.ENTRY, SyncKind.IOTLB, SyncKind.DEVTLB));
            for (int q = 0; q < format.qwords(); q++) {
                e.store(64, q, format.zero());
            }
        }
        Entry notPresent = v.set(target, 0);
        for (int q = 0; q < format.qwords(); q++) {
            e.store(64, q, notPresent);
        }
        e.barrier();
        if (format.isPresent(target)) {
            e.store(64, v.qword(), target);
        }
        e.sync(EnumSet.of(SyncKind.ENTRY, SyncKind.IOTLB));
        return new Plan(NAME, format, current, target, teardown ? Claim.BREAKING : Claim.HITLESS, e.steps());
    }
}
