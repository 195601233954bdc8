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

    /**
     * Invariant every consumer relies on (checker, executor, off-heap tables sized by the format): {@code current} and
     * {@code target} have the format's {@linkplain EntryFormat#qwords() width}, and every store lies inside it.
     *
     * @throws IllegalArgumentException otherwise: a bug in the ordering that made the plan
     */
    public Plan {
        steps = List.copyOf(steps);
        int n = format.qwords();
        if (current.qwords() != n || target.qwords() != n) {
            throw new IllegalArgumentException(ordering + " on " + format.name() + ": entries of " + current.qwords() + " and "
                    + target.qwords() + " qwords for the " + n + "-qword entry");
        }
        for (Step s : steps) {
            if (s.writtenQwords() >>> n != 0) {
                throw new IllegalArgumentException(ordering + " on " + format.name() + ": " + s + " outside the " + n + "-qword entry");
            }
        }
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

    /** The plan as a kernel developer reads it: {@link #headLines}, one {@link PlanPrinter} line per step, {@link #tailLines}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String l : headLines()) sb.append(l).append('\n');
        for (String l : PlanPrinter.lines(format, current, steps)) sb.append(l).append('\n');
        for (String l : tailLines()) sb.append(l).append('\n');
        return sb.toString();
    }

    /** What {@link #toString} prints before the steps: a summary line, then the current and the target entry, each in hex and decoded. */
    public List<String> headLines() {
        return List.of(
                ordering + " on " + format.name() + ": " + claim.label() + ", " + entrySyncCount() + " entry sync"
                        + (entrySyncCount() == 1 ? "" : "s") + ", " + storeCount() + " store" + (storeCount() == 1 ? "" : "s"),
                "  current " + current,
                "          " + format.decode(current),
                "  target  " + target,
                "          " + format.decode(target));
    }

    /** What {@link #toString} prints after the steps: nothing, or, when the plan misses its target, the final entry and what differs. */
    public List<String> tailLines() {
        Entry e = finalEntry();
        if (e.equals(target)) return List.of();
        return List.of("  !! final entry is not the target:", "  final   " + e,
                "  differs " + String.join(" ", PlanPrinter.changes(format, target, e)));
    }
}
