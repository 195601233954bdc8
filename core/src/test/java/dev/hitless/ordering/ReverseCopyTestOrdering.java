package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;

import java.util.ArrayList;
import java.util.List;

/**
 * A user's ordering in Java, registered only in the test class path's
 * {@code META-INF/services/dev.hitless.plan.Ordering}: a struct copy that stores qword 7 first.
 */
public final class ReverseCopyTestOrdering implements Ordering {
    public static final String NAME = "test-reverse-copy";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test only: eight qword stores, qword 7 first, then one sync";
    }

    @Override
    public Plan plan(EntryFormat format, Entry current, Entry target) {
        List<Step> steps = new ArrayList<>();
        for (int q = 8 - 1; q >= 0; q--) steps.add(new Step.Store64(q, target.qword(q)));
        steps.add(Step.Sync.of(SyncKind.ENTRY));
        return new Plan(NAME, format, current, target, Claim.UNCLAIMED, steps);
    }
}
