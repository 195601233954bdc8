package dev.hitless.synth;

import dev.hitless.check.Checker;
import dev.hitless.check.Requirement;
import dev.hitless.check.Verdict;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds a plan with the fewest entry syncs, then the fewest stores, that moves a live entry from {@code current} to
 * {@code target} meeting a {@link Requirement} under a {@link ReaderModel}, or proves that the space ({@link Space})
 * holds none.
 *
 * <p>Algorithm. A plan is a sequence of windows separated by entry syncs, and what the hardware may see in a window
 * depends only on the entry at the sync that opens it and on the window's stores ({@link Windows}; entry syncs are
 * ordering points under every visibility and a fetch never straddles one). So the search runs over sync-point
 * entries: breadth first by the number of syncs, layer {@code k} holding every entry reachable at the {@code k}-th
 * sync with the fewest stores to reach it (each entry is settled in the first layer that reaches it; within a layer
 * the store count is minimised over every predecessor of the previous layer, so the cost (syncs, stores) is exact
 * in lexicographic order). Before a layer is expanded, the windows from its entries straight to the target (those
 * that store exactly the units that differ from it, the only windows that can end there) are tried: if one is
 * allowed the target is in the next layer and the expansion is skipped. The search stops at the first layer that
 * holds the target; when a layer is empty
 * the target is unreachable and the visited entries are the proof's "tried" list. The plan ends on the target with a
 * sync, so it is settled by construction.
 *
 * <p>Pruning: a sync-point entry is itself seen by a fetch, so only allowed entries (OLD or NEW; BLOCKED too for
 * {@code safe}) are states, and a window stops growing at its first store that makes a fetch see a disallowed
 * entry. The used-bits argument is built into the space: a window that changes fields in two read chunks which both
 * configurations use shows the mix, so it is pruned at once.
 *
 * <p>The plan returned has been re-verified ({@link Verification}); a failure there is a bug of this class and
 * surfaces as an {@link IllegalStateException}.
 */
public final class Synthesizer {
    private Synthesizer() {
    }

    /** One window on the best route to a sync-point entry: the entry before it and its stores. */
    private record Edge(int from, int[] units, int[] after, int stores) {
    }

    /**
     * Synthesises the plan, or the proof that none exists.
     *
     * @throws SynthesisLimitException when the space or the search exceeds its bounds
     */
    public static Synthesis synthesize(EntryFormat format, Entry current, Entry target, ReaderModel model,
                                       Requirement requirement) {
        long t0 = System.nanoTime();
        Space space = new Space(format, current, target, model);
        Windows windows = new Windows(space, model, requirement);
        int start = space.state(current), goal = space.state(target);
        if (start != 0 || goal < 0) throw new IllegalStateException("the space holds the current entry first and the target");
        Map<Integer, Edge> best = new LinkedHashMap<>(); // settled entries and how they were reached
        best.put(start, null);
        List<Integer> layer = List.of(start);
        int explored = 0;
        while (!best.containsKey(goal) && !layer.isEmpty()) {
            Map<Integer, Edge> next = new LinkedHashMap<>();
            // a window that ends on the goal stores exactly the units that differ from it; if one is allowed from some
            // entry of the layer the goal is in the next layer, and the layer need not be expanded
            for (int x : layer) {
                int[][] w = windows.straight(x, goal);
                if (w == null) continue;
                Edge ex = best.get(x);
                int stores = (ex == null ? 0 : ex.stores()) + w[0].length;
                if (!next.containsKey(goal) || stores < next.get(goal).stores()) next.put(goal, new Edge(x, w[0], w[1], stores));
            }
            if (!next.isEmpty()) {
                best.putAll(next);
                break;
            }
            for (int x : layer) {
                explored++;
                Edge ex = best.get(x);
                int base = ex == null ? 0 : ex.stores();
                windows.from(x, (to, units, after) -> {
                    if (best.containsKey(to)) return;
                    Edge had = next.get(to);
                    if (had == null || base + units.length < had.stores()) next.put(to, new Edge(x, units, after, base + units.length));
                });
            }
            best.putAll(next);
            layer = List.copyOf(next.keySet());
        }
        Stats stats = new Stats(space.size, explored, windows.judged, space.judgements, System.nanoTime() - t0);
        if (!best.containsKey(goal)) return new Synthesis(model, requirement, null, proof(space, windows, model, requirement, best, goal, stats), stats);
        Plan plan = plan(space, windows, model, best, goal);
        return new Synthesis(model, requirement, Verification.verify(List.of(plan), model, requirement), null, stats);
    }

    /** The plan along the settled route to {@code goal}, its claim taken from the checker (hitless or breaking). */
    private static Plan plan(Space space, Windows windows, ReaderModel model, Map<Integer, Edge> best, int goal) {
        List<Edge> path = new ArrayList<>();
        for (Edge e = best.get(goal); e != null; e = best.get(e.from())) path.add(e);
        Collections.reverse(path);
        List<Step> steps = new ArrayList<>();
        boolean ordered = windows.mode == Windows.Mode.ORDERED && model.visibility() == Visibility.BARRIER_ORDERED;
        for (Edge e : path) {
            for (int i = 0; i < e.units().length; i++) {
                // the leading dma_wmb (tables before the entry); between the stores of an ORDERED window under
                // barrier-ordered visibility, one that keeps them in program order
                if (steps.isEmpty() || i > 0 && ordered) steps.add(new Step.Barrier());
                steps.add(store(space, e.units()[i], i == 0 ? e.from() : e.after()[i - 1], e.after()[i]));
            }
            steps.add(Step.Sync.of(SyncKind.ENTRY));
        }
        Claim claim = path.isEmpty() ? Claim.NO_CHANGE : Claim.HITLESS;
        Plan p = new Plan(Verification.NAME, space.format, space.current, space.target, claim, steps);
        if (claim == Claim.HITLESS && Checker.check(p, model).verdict() != Verdict.HITLESS) {
            p = new Plan(Verification.NAME, space.format, space.current, space.target, Claim.BREAKING, steps);
        }
        return p;
    }

    /** The store of unit {@code u} from state {@code before} to {@code after}: 128-bit when both of its qwords change. */
    static Step store(Space space, int u, int before, int after) {
        int[] qs = space.units[u];
        Entry a = space.entry(after);
        List<Integer> changed = new ArrayList<>();
        for (int q : qs) if (space.digit(before, q) != space.digit(after, q)) changed.add(q);
        if (changed.size() == 2) return Step.storeQuantum(128, u, a);
        return new Step.Store64(changed.get(0), a.qword(changed.get(0)));
    }

    private static Proof proof(Space space, Windows windows, ReaderModel model, Requirement requirement,
                               Map<Integer, Edge> best, int goal, Stats stats) {
        Entry compCur = space.oracle.comparedBits(space.current), compTgt = space.oracle.comparedBits(space.target);
        List<String> together = new ArrayList<>();
        TreeSet<Integer> units = new TreeSet<>();
        List<Space.Piece> byQword = space.pieces.stream().sorted(java.util.Comparator.comparingInt(Space.Piece::qword)
                .thenComparingLong(p -> Long.numberOfTrailingZeros(p.mask()))).toList();
        for (Space.Piece p : byQword) {
            long diff = p.values()[0] ^ (space.target.qword(p.qword()) & p.mask());
            // a changing field both configurations compare: a fetch must see it change with the others
            if ((diff & compCur.qword(p.qword())) == 0 || (diff & compTgt.qword(p.qword())) == 0) continue;
            together.add(p.name() + " (qword " + p.qword() + (space.unitBits == 128 ? ", chunk " + space.unitOf(p.qword()) : "") + ")");
            units.add(space.unitOf(p.qword()));
        }
        List<Proof.Tried> tried = new ArrayList<>();
        for (int x : best.keySet()) {
            int[][] w = windows.direct(x, goal);
            int bad = windows.firstDisallowed(x, w[1], w[1].length);
            if (bad < 0) throw new IllegalStateException("the direct window to the target is allowed but was not found");
            tried.add(new Proof.Tried(space.entry(x), space.describe(x), space.entry(bad), space.judge(bad), space.describe(bad)));
        }
        return new Proof(space.format, space.current, space.target, model, requirement, together, units.size(),
                space.unitBits, tried, stats);
    }
}
