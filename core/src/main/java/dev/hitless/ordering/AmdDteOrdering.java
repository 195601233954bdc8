package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.AmdDte;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.plan.StepEmitter;

import java.util.List;

/**
 * What every AMD-Vi DTE writer here shares: it applies to {@code amd-dte} only, plans nothing when the entry does not
 * change, and stores the target with the live interrupt-remapping bits ({@link AmdDte#withInterruptBitsOf}): the DMA
 * writer never changes what the interrupt-remapping code wrote. A subclass says only in what order it stores.
 */
abstract sealed class AmdDteOrdering implements Ordering permits AmdUpdateDte256, XenNoCx16, Amd2009VFirst {

    @Override
    public final boolean appliesTo(EntryFormat format) {
        return format instanceof AmdDte;
    }

    @Override
    public final Plan plan(EntryFormat format, Entry current, Entry target) {
        if (current.equals(target)) return new Plan(name(), format, current, target, Claim.NO_CHANGE, List.of());
        StepEmitter e = new StepEmitter(current);
        Claim claim = store(e, format, current, AmdDte.withInterruptBitsOf(target, current));
        return new Plan(name(), format, current, target, claim, e.steps());
    }

    /**
     * Emits the stores, barriers and syncs that move {@code current} to {@code value} (the target with the live
     * interrupt bits; never equal to {@code current}) and returns the claim for them.
     */
    abstract Claim store(StepEmitter e, EntryFormat format, Entry current, Entry value);
}
