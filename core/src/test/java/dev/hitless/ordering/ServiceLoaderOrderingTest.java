package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java route for a new ordering: implement {@link Ordering}, list the class in
 * {@code META-INF/services/dev.hitless.plan.Ordering}, put the jar on the class path. The test class path does
 * exactly that for {@link ReverseCopyTestOrdering}.
 */
class ServiceLoaderOrderingTest {

    @Test
    void aServiceOrderingIsFoundByName() {
        Ordering o = Orderings.byName(ReverseCopyTestOrdering.NAME);
        assertInstanceOf(ReverseCopyTestOrdering.class, o);
        Plan p = o.plan(new dev.hitless.planlang.TestFormatAccess().format(), Entry.zero(8), Entry.ones(8));
        assertEquals(new Step.Store64(7, -1L), p.steps().getFirst());
        assertTrue(p.reachesTarget());
    }

    @Test
    void allListsTheBuiltInsFirstThenTheService() {
        var names = Orderings.all().stream().map(Ordering::name).toList();
        var builtIns = Orderings.builtIns().stream().map(Ordering::name).toList();
        assertEquals(builtIns, names.subList(0, builtIns.size()));
        assertTrue(names.contains(ReverseCopyTestOrdering.NAME), names.toString());
    }
}
