package dev.hitless.plan;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;

import java.util.List;

/**
 * The exact steps one ordering performs to move a live entry from {@code current} to {@code target}. Plain data:
 * printed by {@link #toString()}, explored by the checker, executed on memory by {@link PlanExecutor}.
 *
 * @param ordering name of the ordering that made it
 * @param format the entry format
 * @param current the live entry before the first step
 * @param target the entry the plan must leave behind
 * @param claim what the ordering claims for this transition (the branch it took)
 * @param steps the steps, in program order
 */
public record Plan(String ordering, EntryFormat format, Entry current, Entry target, Claim claim, List<Step> steps) {

    public Plan {
        steps = List.copyOf(steps);
    }

    /** The entry after every step has run. */
    public Entry finalEntry() {
        Entry e = current;
        for (Step s : steps) e = s.applyTo(e);
        return e;
    }

    /** True when running the plan leaves the target in memory. */
    public boolean reachesTarget() {
        return finalEntry().equals(target);
    }

    /** Number of syncs that invalidate the entry cache (the figure the kernel's KUnit test counts). */
    public int entrySyncCount() {
        return (int) steps.stream().filter(s -> s instanceof Step.Sync y && y.invalidatesEntry()).count();
    }

    public int storeCount() {
        return (int) steps.stream().filter(Step::isStore).count();
    }

    /** The same plan with other steps (used to build mutants). */
    public Plan withSteps(String name, List<Step> newSteps) {
        return new Plan(name, format, current, target, claim, newSteps);
    }

    /** The plan as a kernel developer reads it: a summary line, both entries decoded, then one line per step. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(ordering).append(" on ").append(format.name()).append(": ")
                .append(claim.label()).append(", ").append(entrySyncCount()).append(" entry sync")
                .append(entrySyncCount() == 1 ? "" : "s").append(", ").append(storeCount()).append(" store")
                .append(storeCount() == 1 ? "" : "s").append('\n');
        sb.append("  current ").append(current).append('\n');
        sb.append("          ").append(format.decode(current)).append('\n');
        sb.append("  target  ").append(target).append('\n');
        sb.append("          ").append(format.decode(target)).append('\n');
        Entry e = current;
        int n = 1;
        for (Step s : steps) {
            Entry after = s.applyTo(e);
            sb.append(PlanPrinter.line(n++, s, format, e, after)).append('\n');
            e = after;
        }
        if (!reachesTarget()) {
            sb.append("  !! final entry is not the target:\n  final   ").append(e).append('\n');
            sb.append("  differs ").append(String.join(" ", PlanPrinter.changes(format, target, e))).append('\n');
        }
        return sb.toString();
    }
}
