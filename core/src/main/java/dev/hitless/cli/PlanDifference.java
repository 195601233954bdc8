package dev.hitless.cli;

import dev.hitless.entry.Entry;
import dev.hitless.format.NamedConfig;
import dev.hitless.plan.Plan;
import dev.hitless.plan.PlanPrinter;
import dev.hitless.plan.Step;

import java.util.List;

/**
 * A recorded plan compared with another (a built-in's for {@code --against}, the old tree's for
 * {@code --against-tree}): {@code step} is the first differing step (1-based), 0 when equal; {@code recorded} and
 * {@code builtIn} that step of each, as {@link PlanPrinter} prints it.
 */
record PlanDifference(NamedConfig from, NamedConfig to, int step, String recorded, String builtIn) {
    String transition() {
        return from.name() + " -> " + to.name();
    }

    /** Equal plans, or the first step where {@code recorded} and {@code other} (called {@code name}) part. */
    static PlanDifference of(NamedConfig from, NamedConfig to, Plan recorded, Plan builtIn, String name) {
        List<Step> r = recorded.steps(), b = builtIn.steps();
        Entry er = recorded.current(), eb = builtIn.current();
        for (int i = 0; i < Math.max(r.size(), b.size()); i++) {
            Step sr = i < r.size() ? r.get(i) : null, sb = i < b.size() ? b.get(i) : null;
            if (sr != null && sr.equals(sb)) {
                er = sr.applyTo(er);
                eb = sb.applyTo(eb);
                continue;
            }
            String lr = sr == null ? String.format("  %3d  (no step: the recorded plan ends)", i + 1)
                    : PlanPrinter.line(i + 1, sr, recorded.format(), er, sr.applyTo(er));
            String lb = sb == null ? String.format("  %3d  (no step: %s ends)", i + 1, name)
                    : PlanPrinter.line(i + 1, sb, builtIn.format(), eb, sb.applyTo(eb));
            return new PlanDifference(from, to, i + 1, lr, lb);
        }
        return new PlanDifference(from, to, 0, "", "");
    }
}
