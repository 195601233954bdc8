package dev.hitless.synth;

import dev.hitless.check.Requirement;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;
import dev.hitless.plan.Plan;
import dev.hitless.plan.PlanPrinter;
import dev.hitless.reader.ReaderModel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A route through intermediate configurations ({@code hitless synthesize --intermediates}): when no plan moves the
 * entry from current to target directly, a sequence of plans, each hitless between its own two ends, that passes
 * through other valid configurations of the format, so that every fetch sees one of the route's configurations.
 *
 * <p>The intermediates are those of the kernel's temporary-tag argument (the temporary-DID route of January 2026):
 * the current or the target configuration with its cache tag ({@link EntryFormat#cacheTagField()}: DID, ASID,
 * a stage-2 STE's S2VMID) set to a temporary value, which stands for an identifier the driver allocates for this
 * device alone ({@link #intermediates}). An intermediate with a tag some other device uses would mix that device's cached translations with this
 * one's tables, so the tag is what makes an intermediate configuration harmless; while the entry carries it, the
 * tag must be on both domains' invalidation lists, and it is flushed at the end: the invalidation side's part
 * ({@link #invalidation}), which the cache-tag model checks ({@code hitless check --attach vtd-temporary-tag}).
 *
 * <p>Search: Dijkstra over the configurations (current, target, intermediates) with the cost (entry syncs, stores)
 * summed over the legs, each leg a {@link Synthesizer} synthesis between its ends (requirement hitless).
 *
 * @param stops the configurations in route order, current first and target last
 * @param legs the synthesis of each leg ({@code stops.size() - 1} of them)
 * @param tag the tag field used, when the route passes through an intermediate
 * @param temporary the tag's temporary value
 * @param verified every leg's plan re-verified against its own ends, in one plan file
 * @param intermediatesTried the intermediate configurations the search tried
 * @param stats the searches' figures, summed
 */
public record Route(List<Entry> stops, List<Synthesis> legs, Optional<Field> tag, long temporary,
                   Verification.Verified verified, int intermediatesTried, Stats stats) {
    /** Bound on the intermediate configurations tried. */
    static final int MAX_INTERMEDIATES = 32;

    public Route {
        stops = List.copyOf(stops);
        legs = List.copyOf(legs);
    }

    /** Total entry syncs over the legs. */
    public int entrySyncs() {
        return legs.stream().mapToInt(l -> l.plan().orElseThrow().entrySyncCount()).sum();
    }

    /**
     * The cheapest route, or empty when no route through the intermediates exists (or the format has no tag field).
     *
     * @throws SynthesisLimitException when a leg's search exceeds its bounds
     */
    public static Optional<Route> find(EntryFormat format, Entry current, Entry target, ReaderModel model) {
        long t0 = System.nanoTime();
        Optional<Field> tag = format.cacheTagField();
        if (tag.isEmpty()) return Optional.empty();
        Field t = tag.get();
        long temp = temporaryTag(format, t, current, target);
        List<Entry> nodes = new ArrayList<>(List.of(current, target));
        nodes.addAll(intermediates(format, current, target, t, temp));
        int n = nodes.size();
        int tried = n - 2;
        // Dijkstra on (syncs, stores); n is small, so a linear scan picks the next node
        long[] cost = new long[n];
        java.util.Arrays.fill(cost, Long.MAX_VALUE);
        int[] prev = new int[n];
        Synthesis[] via = new Synthesis[n];
        boolean[] done = new boolean[n];
        cost[0] = 0;
        Stats stats = Stats.NONE;
        while (true) {
            int x = -1;
            for (int i = 0; i < n; i++) if (!done[i] && cost[i] != Long.MAX_VALUE && (x < 0 || cost[i] < cost[x])) x = i;
            if (x < 0 || x == 1) break;
            done[x] = true;
            for (int y = 0; y < n; y++) {
                if (done[y]) continue;
                Synthesis s = Synthesizer.synthesize(format, nodes.get(x), nodes.get(y), model, Requirement.HITLESS);
                stats = stats.plus(s.stats());
                if (!s.found()) continue;
                Plan p = s.plan().orElseThrow();
                long c = cost[x] + ((long) p.entrySyncCount() << 32) + p.storeCount();
                if (c < cost[y]) {
                    cost[y] = c;
                    prev[y] = x;
                    via[y] = s;
                }
            }
        }
        if (cost[1] == Long.MAX_VALUE) return Optional.empty();
        List<Entry> stops = new ArrayList<>();
        List<Synthesis> legs = new ArrayList<>();
        for (int y = 1; y != 0; y = prev[y]) {
            stops.addFirst(nodes.get(y));
            legs.addFirst(via[y]);
        }
        stops.addFirst(current);
        List<Plan> plans = legs.stream().map(l -> l.plan().orElseThrow()).toList();
        Verification.Verified v = Verification.verify(plans, model, Requirement.HITLESS);
        stats = new Stats(stats.spaceEntries(), stats.syncPoints(), stats.windows(), stats.judgements(), System.nanoTime() - t0);
        return Optional.of(new Route(stops, legs, stops.size() > 2 ? tag : Optional.empty(), temp, v, tried, stats));
    }

    /** The temporary tag value: {@link dev.hitless.attach.DomainSwitch#temporaryTag}, the one rule for it. */
    static long temporaryTag(EntryFormat format, Field tag, Entry current, Entry target) {
        return dev.hitless.attach.DomainSwitch.temporaryTag(format, tag, current, target);
    }

    /**
     * The intermediate configurations: the current or the target configuration with its tag at the temporary value
     * ("the same entry with another DID"): present, carrying the tag ({@link EntryFormat#cacheTag}), equal to the
     * current or the target entry on every other bit it uses; the bits it ignores hold, qword by qword, the current or the target value (bounded by
     * {@link #MAX_INTERMEDIATES}, fewest target qwords first).
     */
    static List<Entry> intermediates(EntryFormat format, Entry current, Entry target, Field tag, long temp) {
        List<Integer> differ = new ArrayList<>();
        for (int q = 0; q < format.qwords(); q++) if (current.qword(q) != target.qword(q)) differ.add(q);
        Set<Entry> out = new LinkedHashSet<>();
        List<Integer> masks = new ArrayList<>();
        for (int m = 0; m < 1 << differ.size(); m++) masks.add(m);
        masks.sort(java.util.Comparator.comparingInt(Integer::bitCount));
        for (int m : masks) {
            Entry e = current;
            for (int i = 0; i < differ.size(); i++) if ((m & 1 << i) != 0) e = e.withQword(differ.get(i), target.qword(differ.get(i)));
            e = tag.set(e, temp);
            Entry rest = format.usedBits(e).andNot(format.mask(tag));
            boolean tagged = format.cacheTag(e).isPresent();
            if (format.isPresent(e) && tagged && (e.equalsOn(current, rest) || e.equalsOn(target, rest))) out.add(e);
            if (out.size() == MAX_INTERMEDIATES) break;
        }
        return List.copyOf(out);
    }

    /** What the invalidation side must do for this route, one line each; empty for a direct plan. */
    public List<String> invalidation(EntryFormat format) {
        if (tag.isEmpty()) return List.of();
        Field t = tag.get();
        String tagValue = format.formatValue(t, temporary);
        List<String> out = new ArrayList<>();
        out.add(tagValue + " is a temporary tag: allocate it for this device alone, and keep it on both domains'"
                + " invalidation lists while the entry carries it, so that unmaps of either domain reach what is cached under it.");
        int sync = 0;
        for (int i = 0; i < legs.size(); i++) {
            Entry a = stops.get(i), b = stops.get(i + 1);
            sync += legs.get(i).plan().orElseThrow().entrySyncCount();
            if (t.get(a) != temporary || t.get(b) != temporary) continue;
            List<String> pointers = new ArrayList<>();
            for (Field p : format.pointerFields()) {
                if (p.get(a) != p.get(b)) pointers.add(String.join(" ", PlanPrinter.changes(format, p.set(format.zero(), p.get(a)), p.set(format.zero(), p.get(b)))));
            }
            if (pointers.isEmpty()) continue;
            out.add("leg " + (i + 1) + " (to sync " + sync + ") changes " + String.join(", ", pointers) + " under " + tagValue
                    + ": from then on the IOTLB and device TLB may hold translations of both tables under " + tagValue + ".");
        }
        out.add("after the last leg: flush the IOTLB and device TLB of " + tagValue + ", then take it off both lists and free it.");
        out.add("the cache-tag model checks this side: hitless check --attach vtd-temporary-tag (VT-d's built-in of this"
                + " route; an attach file of the same shape for other formats, docs/cache-tags.md).");
        return out;
    }
}
