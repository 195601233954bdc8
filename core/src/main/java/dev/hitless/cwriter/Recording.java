package dev.hitless.cwriter;

import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;

import java.util.List;
import java.util.stream.IntStream;

/**
 * What a C writer did on one transition, in program order.
 *
 * @param transition the transition it ran on
 * @param steps its stores, barriers and syncs as plan steps; a store the harness found by comparison, not by
 *     WRITE_ONCE or cmpxchg128, is a {@linkplain Step.Store64#plain() plain} 64-bit store
 * @param warnings the {@code FILE:LINE} of every WARN_ON that fired
 */
public record Recording(Transition transition, List<Step> steps, List<String> warnings) {
    public Recording {
        steps = List.copyOf(steps);
        warnings = List.copyOf(warnings);
    }

    /** The indices in {@link #steps()} of the plain stores, ascending. */
    public List<Integer> plainStores() {
        return IntStream.range(0, steps.size()).filter(i -> steps.get(i) instanceof Step.Store64 s && s.plain()).boxed().toList();
    }

    /** The recorded steps as a plan of {@code ordering} for {@code format}, with the claim given. */
    public Plan plan(String ordering, EntryFormat format, Claim claim) {
        return new Plan(ordering, format, transition.current(), transition.target(), claim, steps);
    }
}
