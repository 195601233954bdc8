package dev.hitless.cwriter;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * A C writer's recordings as an {@link Ordering}, so that the matrix and its reports take them as they take the
 * built-ins. It knows only the transitions it was recorded on; its claim for each is what {@code claims} says
 * ({@link Claim#UNCLAIMED} unless compared with a built-in).
 */
public final class RecordedOrdering implements Ordering {
    private final String name;
    private final EntryFormat format;
    private final Map<List<Entry>, Plan> plans;
    private final int quantumBits;

    /**
     * @param name the ordering's name, e.g. the C file's name
     * @param claims the claim of each recorded transition's plan
     */
    public RecordedOrdering(String name, EntryFormat format, List<Recording> recordings,
                            BiFunction<Entry, Entry, Claim> claims) {
        this.name = name;
        this.format = format;
        this.plans = recordings.stream().collect(Collectors.toMap(
                r -> List.of(r.transition().current(), r.transition().target()),
                r -> r.plan(name, format, claims.apply(r.transition().current(), r.transition().target())),
                (a, b) -> a));
        this.quantumBits = recordings.stream().flatMap(r -> r.steps().stream()).anyMatch(s -> s instanceof Step.Store128) ? 128 : 64;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "the C writer " + name + ", as recorded on " + plans.size() + " " + format.name() + " transitions";
    }

    /** 128 when the writer made a 128-bit store anywhere, else 64. */
    @Override
    public int quantumBits() {
        return quantumBits;
    }

    @Override
    public Plan plan(EntryFormat f, Entry current, Entry target) {
        Plan p = f == format ? plans.get(List.of(current, target)) : null;
        if (p == null) throw new IllegalArgumentException(name + " was not recorded on this " + f.name() + " transition");
        return p;
    }
}
