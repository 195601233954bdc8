package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.VtdContext;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.plan.StepEmitter;
import dev.hitless.plan.SyncKind;

import java.util.EnumSet;
import java.util.List;

/**
 * What the VT-d context-entry writers here share: they apply to the context entry in either mode ({@code vtd-context},
 * {@code vtd-context-legacy}) only, plan nothing when the entry does not change, and follow the driver's one shape:
 * a present entry is torn down before it is rewritten (the driver never edits a present context entry in place; it
 * rewrites it only through the kdump "copied" path and, in legacy mode, through {@code device_block_translation()}
 * before the next attach), then the new entry is written. Claims: breaking when the live entry is present (and
 * changes), hitless otherwise. A subclass says only how it stores.
 *
 * <p>Between recorded events the driver's C writes the entry with plain assignments ({@code context_clear_entry()},
 * {@code context->lo = ...}, the {@code context_set_*} helpers' read-modify-writes): the orderings store the net
 * change of each qword between two ordering points as one plain store, in qword order, only when it changes, which is
 * what the compiler may emit and what {@code c-check} records (c/README.md, "Plain stores").
 */
abstract sealed class VtdContextOrdering implements Ordering permits VtdContext2026, VtdContextPre2026 {
    /**
     * What follows the teardown of a present context entry ({@code intel_context_flush_no_pasid()}): the
     * device-selective context-cache invalidation, the domain-selective IOTLB flush and, when ATS is enabled, the
     * device-TLB invalidation.
     */
    static final EnumSet<SyncKind> TEARDOWN_FLUSH = EnumSet.of(SyncKind.ENTRY, SyncKind.IOTLB, SyncKind.DEVTLB);

    /** What follows the write of a new present entry: the context-cache invalidation and the IOTLB flush. */
    static final EnumSet<SyncKind> CONTEXT_AND_IOTLB = EnumSet.of(SyncKind.ENTRY, SyncKind.IOTLB);

    @Override
    public final boolean appliesTo(EntryFormat format) {
        return format instanceof VtdContext;
    }

    @Override
    public final Plan plan(EntryFormat format, Entry current, Entry target) {
        if (current.equals(target)) return new Plan(name(), format, current, target, Claim.NO_CHANGE, List.of());
        StepEmitter e = new StepEmitter(current);
        boolean teardown = format.isPresent(current);
        store(e, format, current, target, teardown);
        return new Plan(name(), format, current, target, teardown ? Claim.BREAKING : Claim.HITLESS, e.steps());
    }

    /** Emits the steps from {@code current} to {@code target} (never equal); {@code teardown}: current is present. */
    abstract void store(StepEmitter e, EntryFormat format, Entry current, Entry target, boolean teardown);

    /** The net plain stores that turn memory into {@code value}: the changed qwords, lo first. */
    static void plainly(StepEmitter e, EntryFormat format, Entry value) {
        for (int q = 0; q < format.qwords(); q++) e.storeIfChanged(64, q, value, true);
    }
}
