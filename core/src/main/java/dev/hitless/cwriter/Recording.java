package dev.hitless.cwriter;

import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;

import java.util.List;

/**
 * What a C writer did on one transition, in program order.
 *
 * @param transition the transition it ran on
 * @param steps its stores, barriers and syncs as plan steps (plain stores included, as 64-bit stores)
 * @param plainStores the indices in {@code steps} of the stores the harness found by comparison, not by WRITE_ONCE
 * @param warnings the {@code FILE:LINE} of every WARN_ON that fired
 */
public record Recording(Transition transition, List<Step> steps, List<Integer> plainStores, List<String> warnings) {
    public Recording {
        steps = List.copyOf(steps);
        plainStores = List.copyOf(plainStores);
        warnings = List.copyOf(warnings);
    }

    /** The recorded steps as a plan of {@code ordering} for {@code format}, with the claim given. */
    public Plan plan(String ordering, EntryFormat format, Claim claim) {
        return new Plan(ordering, format, transition.current(), transition.target(), claim, steps);
    }
}
