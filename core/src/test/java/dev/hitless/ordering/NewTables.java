package dev.hitless.ordering;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;
import dev.hitless.format.NamedConfig;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.Visibility;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a plan can make the device use a new table before the table is visible, computed from the plan's shape
 * alone, without the checker, so that tests can hold the checker's UNINIT verdicts to it.
 *
 * <p>The driver writes the tables a target points at before the plan's first step; under barrier-ordered visibility
 * those writes are ordered before the entry's stores only from the plan's first ordering point on (a
 * {@code dma_wmb} or a sync). So the device can follow a new pointer into an uninitialised table exactly when the
 * stores before that first ordering point, all of them visible, already give the entry the target's configuration
 * with a pointer field the target uses at a new value: the hitless path whose first step (the bits the current
 * configuration ignores) had nothing to write, so no sync precedes the critical store, and the critical qword carries
 * the pointer (6fabce53f6b9).
 */
public final class NewTables {
    private NewTables() {
    }

    /** True when the stores before the plan's first ordering point publish a new table (see the class comment). */
    public static boolean firstSegmentPublishesANewTable(Plan p) {
        EntryFormat f = p.format();
        Entry e = p.current();
        for (Step s : p.steps()) {
            if (Visibility.BARRIER_ORDERED.isOrderingPoint(s)) break;
            e = s.applyTo(e);
        }
        Entry used = f.usedBits(p.target());
        if (!f.isPresent(e) || !e.and(used).equals(p.target().and(used))) return false;
        for (Field ptr : f.pointerFields()) {
            boolean usedByTarget = !used.and(ptr.mask(8)).equals(Entry.zero(8));
            if (usedByTarget && ptr.get(p.target()) != ptr.get(p.current())) return true;
        }
        return false;
    }

    /** {@code FROM -> TO} for every ordered pair of distinct catalogue configurations whose plan publishes a new table first. */
    public static List<String> transitions(Ordering o, EntryFormat f) {
        List<String> out = new ArrayList<>();
        for (NamedConfig a : f.catalogue()) {
            for (NamedConfig b : f.catalogue()) {
                if (a != b && firstSegmentPublishesANewTable(o.plan(f, a.entry(), b.entry()))) out.add(a.name() + " -> " + b.name());
            }
        }
        return out;
    }
}
