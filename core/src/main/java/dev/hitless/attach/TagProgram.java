package dev.hitless.attach;

import dev.hitless.check.CheckResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The writer of an attach sequence as the cache-tag model sees it: list updates, flushes, and each switch as two
 * events, its first store (from which the device may use the target configuration) and its last entry sync (from
 * which it no longer uses the source one, if the ordering settles the entry there). What the device may translate
 * through at each point follows from the entry checker's result for the switch's plan.
 *
 * <p>Why two events per switch are exact: no list update or flush happens inside a switch, and unmapper and device
 * are free to run at any time, so where inside the switch the device first sees the new configuration, or last sees
 * the old one, changes no list read and no flush against which a translation is made. The brute-force cross-check
 * (AttachBruteForceTest) runs the plans store by store, chunk read by chunk read, and finds the same outcomes.
 *
 * @param events the writer's events in program order
 * @param pairs for each point 0..events.size(), the (slot, table) pairs the device may translate through, IOTLB bits
 *              ({@link CacheTags#iotlbBit}) of the configurations available there whose table is walked
 */
public record TagProgram(List<Event> events, int[] pairs) {

    /** One writer event: {@code domain}, {@code slot} and {@code index} as the kind needs them. */
    public record Event(Kind kind, Domain domain, int slot, int index) {
        public enum Kind { LIST_ADD, LIST_REMOVE, FLUSH_IOTLB, FLUSH_DEVTLB, SWITCH_BEGIN, SWITCH_END }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TagProgram p && events.equals(p.events) && Arrays.equals(pairs, p.pairs);
    }

    @Override
    public int hashCode() {
        return events.hashCode() * 31 + Arrays.hashCode(pairs);
    }

    /** The writer program of {@code seq} for one replace, given the entry checker's result for each switch. */
    public static TagProgram of(AttachSequence seq, DomainSwitch ds, List<CheckResult> switchResults) {
        List<Event> events = new ArrayList<>();
        List<Integer> avail = new ArrayList<>(); // configurations, bit 2*tag + table
        int configs = config(TagId.OLD, Domain.OLD);
        avail.add(configs);
        int k = 0;
        for (AttachStep s : seq.steps()) {
            switch (s) {
                case AttachStep.ListAdd a -> events.add(new Event(Event.Kind.LIST_ADD, a.domain(), ds.slot(a.tag()), -1));
                case AttachStep.ListRemove r -> events.add(new Event(Event.Kind.LIST_REMOVE, r.domain(), ds.slot(r.tag()), -1));
                case AttachStep.FlushIotlb f -> events.add(new Event(Event.Kind.FLUSH_IOTLB, null, ds.slot(f.tag()), -1));
                case AttachStep.FlushDevtlb f -> events.add(new Event(Event.Kind.FLUSH_DEVTLB, null, -1, -1));
                case AttachStep.Switch w -> {
                    CheckResult r = switchResults.get(k);
                    events.add(new Event(Event.Kind.SWITCH_BEGIN, null, -1, k));
                    if (r.plan().storeCount() > 0) configs |= config(w.tag(), w.table());
                    avail.add(configs);
                    events.add(new Event(Event.Kind.SWITCH_END, null, -1, k));
                    if (r.settled() && r.reachesTarget()) configs = config(w.tag(), w.table());
                    avail.add(configs);
                    k++;
                }
            }
            if (!(s instanceof AttachStep.Switch)) avail.add(configs);
        }
        int n = avail.size();
        int[] pairs = new int[n];
        TagId[] tags = TagId.values();
        Domain[] domains = Domain.values();
        for (int pc = 0; pc < n; pc++) {
            int c = avail.get(pc);
            for (TagId t : tags) {
                for (Domain d : domains) {
                    if ((c & config(t, d)) != 0 && ds.translates(d)) {
                        pairs[pc] |= CacheTags.iotlbBit(ds.slot(t), d);
                    }
                }
            }
        }
        return new TagProgram(List.copyOf(events), pairs);
    }

    /** The tag slots the device looks translations up under at point {@code pc}: those of {@link #pairs}{@code [pc]}. */
    public int slotsAt(int pc) {
        int out = 0;
        for (int s = 0; s < CacheTags.SLOTS; s++) if ((pairs[pc] & CacheTags.iotlbTag(s)) != 0) out |= 1 << s;
        return out;
    }

    private static int config(TagId t, Domain d) {
        return 1 << (2 * t.ordinal() + d.ordinal());
    }
}
