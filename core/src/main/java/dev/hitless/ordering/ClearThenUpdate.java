package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;

import java.util.ArrayList;
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
        List<Step> steps = new ArrayList<>();
        boolean teardown = format.isPresent(current);
        if (teardown) {
            Entry cleared = v.set(current, 0);
            steps.add(new Step.Store64(v.qword(), cleared.qword(v.qword())));
            steps.add(new Step.Barrier());
            steps.add(Step.Sync.of(SyncKind.ENTRY, SyncKind.IOTLB, SyncKind.DEVTLB));
            for (int q = 0; q < Entry.QWORDS; q++) {
                steps.add(new Step.Store64(q, 0));
            }
        }
        Entry notPresent = v.set(target, 0);
        for (int q = 0; q < Entry.QWORDS; q++) {
            steps.add(new Step.Store64(q, notPresent.qword(q)));
        }
        steps.add(new Step.Barrier());
        if (format.isPresent(target)) {
            steps.add(new Step.Store64(v.qword(), target.qword(v.qword())));
        }
        steps.add(Step.Sync.of(SyncKind.ENTRY, SyncKind.IOTLB));
        return new Plan(NAME, format, current, target, teardown ? Claim.BREAKING : Claim.HITLESS, steps);
    }
}
