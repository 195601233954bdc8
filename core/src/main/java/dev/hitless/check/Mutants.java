package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;
import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Single-step mutants of a plan, the harness's self-check: a checker that calls a broken plan safe is worthless, so
 * every mutant the checker does not flag must be explainable (see {@link #equivalence}), under each
 * {@link Visibility}: the explanations ask {@link Visibility#isOrderingPoint} and {@link Visibility#keepsOrder}, the
 * one definition of which stores may reach the device out of order, and never restate it.
 */
public final class Mutants {
    private Mutants() {
    }

    /** The mutation operators, in the order mutants are generated (a duplicate plan keeps its first kind). */
    public enum Kind {
        DROP_SYNC("drop-sync"),
        DROP_BARRIER("drop-barrier"),
        /** A {@code dma_wmb} made an {@code smp_wmb}: ordered for other CPUs, not for the device. */
        BARRIER_KIND("barrier-kind"),
        VALID_EARLY("valid-early"),
        MOVE_ACROSS_SYNC("move-across-sync"),
        SWAP("swap");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One mutant: which operator, a one-line description with 1-based step numbers, the mutated plan, and the index
     * (0-based) of the original's step the operator acted on (the first of two swapped steps).
     */
    public record Mutant(Kind kind, String description, Plan plan, int step) {
    }

    /** Every distinct single-step mutant of {@code plan} (mutants equal to the plan itself are left out). */
    public static List<Mutant> of(Plan plan) {
        List<Step> steps = plan.steps();
        Map<List<Step>, Mutant> out = new LinkedHashMap<>();
        String name = plan.ordering();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Step.Sync y && y.invalidatesEntry()) {
                add(out, plan, Kind.DROP_SYNC, "drop step " + (i + 1) + " (sync " + y.label() + ")", without(steps, i), i);
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Step.Barrier b) {
                add(out, plan, Kind.DROP_BARRIER, "drop step " + (i + 1) + " (" + b.kind().label() + ")", without(steps, i), i);
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Step.Barrier b && b.kind() == BarrierKind.DMA_WMB) {
                List<Step> s = new ArrayList<>(steps);
                s.set(i, new Step.Barrier(BarrierKind.SMP_WMB));
                add(out, plan, Kind.BARRIER_KIND, "step " + (i + 1) + " dma_wmb -> smp_wmb", s, i);
            }
        }
        validEarly(plan).ifPresent(m -> add(out, plan, m.kind(), m.description(), m.plan().steps(), m.step()));
        for (int i = 0; i < steps.size(); i++) {
            if (!steps.get(i).isStore()) continue;
            int next = nextSync(steps, i + 1);
            if (next >= 0) {
                List<Step> s = new ArrayList<>(steps);
                Step st = s.remove(i);
                s.add(next, st); // after removal the sync sits at next-1: insert right after it
                add(out, plan, Kind.MOVE_ACROSS_SYNC, "move step " + (i + 1) + " to after the sync at step " + (next + 1), s, i);
            }
            int prev = prevSync(steps, i - 1);
            if (prev >= 0) {
                List<Step> s = new ArrayList<>(steps);
                Step st = s.remove(i);
                s.add(prev, st);
                add(out, plan, Kind.MOVE_ACROSS_SYNC, "move step " + (i + 1) + " to before the sync at step " + (prev + 1), s, i);
            }
        }
        for (int i = 0; i + 1 < steps.size(); i++) {
            if (steps.get(i).equals(steps.get(i + 1))) continue;
            List<Step> s = new ArrayList<>(steps);
            s.set(i, steps.get(i + 1));
            s.set(i + 1, steps.get(i));
            add(out, plan, Kind.SWAP, "swap steps " + (i + 1) + " and " + (i + 2), s, i);
        }
        return new ArrayList<>(out.values());
    }

    /**
     * The draft's bug as an operator: the last store to the valid bit's word, qword or quantum moves to the front of the
     * window before its own, ahead of the stores it was meant to follow.
     */
    static Optional<Mutant> validEarly(Plan plan) {
        List<Step> steps = plan.steps();
        Field v = plan.format().validBit();
        int last = -1;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            // a store writes the valid bit when it sets it in an all-zero entry and clears it in an all-ones one
            if (s.isStore() && v.get(s.applyTo(plan.format().zero())) != v.get(s.applyTo(plan.format().ones()))) last = i;
        }
        if (last < 0) return Optional.empty();
        int ownStart = prevSync(steps, last - 1) + 1; // first step of its window
        int prevStart = ownStart == 0 ? 0 : prevSync(steps, ownStart - 2) + 1;
        int to = prevStart;
        while (to < last && !steps.get(to).isStore()) to++;
        if (to >= last) return Optional.empty();
        List<Step> s = new ArrayList<>(steps);
        Step st = s.remove(last);
        s.add(to, st);
        return Optional.of(new Mutant(Kind.VALID_EARLY, "store the valid-bit " + switch (st) {
                    case Step.Store128 w -> "quantum";
                    case Step.Store32 w -> "word";
                    default -> "qword";
                }
                + " (step " + (last + 1) + ") early, as step " + (to + 1), plan.withSteps(plan.ordering() + "~", s), last));
    }

    private static void add(Map<List<Step>, Mutant> out, Plan plan, Kind kind, String what, List<Step> steps, int step) {
        if (steps.equals(plan.steps())) return;
        out.putIfAbsent(List.copyOf(steps), new Mutant(kind, what, plan.withSteps(plan.ordering() + "~" + kind.label(), steps), step));
    }

    private static List<Step> without(List<Step> steps, int i) {
        List<Step> s = new ArrayList<>(steps);
        s.remove(i);
        return s;
    }

    private static int nextSync(List<Step> steps, int from) {
        for (int i = from; i < steps.size(); i++) if (isEntrySync(steps.get(i))) return i;
        return -1;
    }

    private static int prevSync(List<Step> steps, int from) {
        for (int i = from; i >= 0; i--) if (isEntrySync(steps.get(i))) return i;
        return -1;
    }

    private static boolean isEntrySync(Step s) {
        return s instanceof Step.Sync y && y.invalidatesEntry();
    }

    /** The checker's judgement of a mutant against the original plan, under one reader model. */
    public record Judged(Mutant mutant, CheckResult original, CheckResult result) {
        /**
         * Killed: a worse verdict (UNINIT included: {@link Verdict} is ordered by severity), a wrong final entry, or
         * a change left unsynced where the original synced it.
         */
        public boolean flagged() {
            return result.verdict().worseThan(original.verdict()) || !result.reachesTarget()
                    || original.settled() && !result.settled();
        }

        /** Why it was flagged, one phrase. */
        public String reason() {
            if (!result.reachesTarget()) return "final entry is not the target";
            if (result.verdict().worseThan(original.verdict())) return original.verdict() + " -> " + result.verdict();
            if (!result.settled()) return "last change never synced";
            return "not flagged";
        }

        /** For a mutant that is not flagged: the structural reason the reader cannot tell it from the original. */
        public Optional<String> equivalence() {
            return Mutants.equivalence(mutant, original.plan(), original.model());
        }
    }

    public static Judged judge(Mutant m, CheckResult original) {
        return new Judged(m, original, Checker.check(m.plan(), original.model()));
    }

    // Reasons an unflagged mutant is indistinguishable from the original, each a checked structural fact (no oracle).
    // The first group compares the plans' device-visible structure (see structure()): equal structures offer the
    // device the same sequences of memory states, under any reader model.

    /** Equal structure, the mutant dropped (or weakened) a barrier, in-order visibility, WRITE_ONCE stores only. */
    public static final String BARRIER_IN_ORDER = "in-order: the stores on both sides of the barrier reach the device in program order without it (WRITE_ONCE stores; on x86 a barrier is a compiler barrier)";
    /** Equal structure, a dropped barrier with no store between it and the next ordering point. */
    public static final String BARRIER_BEFORE_ORDERING_POINT = "barrier dropped where no store lies between it and the next ordering point (a sync, a dma_wmb, or the plan's end)";
    /** Equal structure, a dma_wmb made smp_wmb with no store between it and the next ordering point. */
    public static final String SMP_WMB_BEFORE_ORDERING_POINT = "smp_wmb where no store follows before the next ordering point (a sync, a dma_wmb, or the plan's end)";
    /** Equal structure, a barrier right after another ordering point. */
    public static final String BARRIER_AFTER_ORDERING_POINT = "barrier right after another ordering point (a sync or a dma_wmb, no store between them) dropped or made smp_wmb";
    /** Equal structure, two adjacent stores swapped that the visibility lets reach the device in either order. */
    public static final String SWAP_IN_SEGMENT = "swap of two stores within one barrier-ordered segment changes nothing the device can see (different qwords, no ordering point between them: either order may reach it)";
    /** Equal structure, any other mutant. */
    public static final String SAME_STRUCTURE = "same entry-changing stores in the same windows, in the same order as the device sees them (no-op stores and windows without change aside)";
    /** Equal structure but for the table initialisation, before which the mutant shows no entry that uses a new table. */
    public static final String INIT_ONLY = "differs only in when the table initialisation reaches the device, and no entry the mutant shows before it is present with a new table pointer it uses";
    /** In-order visibility: the program-order memory versions, window by window, are equal. */
    public static final String SAME_WINDOWS = "same memory versions between the same syncs (in-order: the device sees the program-order versions, and barriers and no-op stores change none)";
    public static final String SAME_CHUNK_VALUES = "every window offers each chunk the same set of values (independent stores swapped; an any-order reader takes each chunk from any version, so the observation sets are equal)";
    public static final String IGNORED_BITS_ONLY = "every observation the mutant adds equals one the original allows on every bit the observation itself uses, update-safe bits aside (it differs only in bits its own configuration ignores or the transition may change live, so it is judged alike)";

    /**
     * A structural argument, independent of the oracle, that the mutant's observations are judged like the
     * original's; empty when there is none (then the mutant must be flagged, or the checker has a blind spot).
     */
    public static Optional<String> equivalence(Plan original, Plan mutant, ReaderModel model) {
        return equivalence(original, mutant, null, -1, model);
    }

    /** {@link #equivalence(Plan, Plan, ReaderModel)}, the reason worded for the mutant's operator. */
    public static Optional<String> equivalence(Mutant m, Plan original, ReaderModel model) {
        return equivalence(original, m.plan(), m.kind(), m.step(), model);
    }

    private static Optional<String> equivalence(Plan original, Plan mutant, Kind kind, int step, ReaderModel model) {
        Visibility v = model.visibility();
        Structure a = Structure.of(original, v), b = Structure.of(mutant, v);
        if (a.equals(b)) return Optional.of(sameStructure(original, kind, step, v));
        boolean uninitFree = b.uninitFree();
        if (uninitFree && a.withoutInit().equals(b.withoutInit())) return Optional.of(INIT_ONLY);
        // The arguments below see memory versions in program order: sound only where the device does.
        boolean programOrder = v == Visibility.IN_ORDER && !hasPlainStore(original) && !hasPlainStore(mutant);
        if (programOrder) {
            List<List<Entry>> va = collapsed(original), vb = collapsed(mutant);
            if (va.equals(vb)) return Optional.of(SAME_WINDOWS);
            if (model.order() == ReaderModel.ChunkOrder.ANY && model.cache() == ReaderModel.Cache.NONE
                    && chunkValueSets(va, model, original.format()).equals(chunkValueSets(vb, model, original.format()))) {
                return Optional.of(SAME_CHUNK_VALUES);
            }
        }
        // The mutant can never show UNINIT (no entry it shows before the table initialisation uses a new table), so
        // each of its observations is judged by its bits alone: one equal on the bits it uses is judged alike.
        if (!uninitFree) return Optional.empty();
        Set<Entry> before = Checker.observations(original, model);
        EntryFormat f = original.format();
        Entry safe = f.transitionSafeBits(original.current(), original.target());
        for (Entry e : Checker.observations(mutant, model)) {
            if (before.contains(e)) continue;
            Entry used = f.usedBits(e).andNot(safe);
            if (before.stream().noneMatch(o -> o.equalsOn(e, used))) return Optional.empty();
        }
        return Optional.of(IGNORED_BITS_ONLY);
    }

    /** The reason for a mutant of equal structure, worded for its operator; each wording's fact is checked here. */
    private static String sameStructure(Plan original, Kind kind, int step, Visibility v) {
        List<Step> steps = original.steps();
        if ((kind == Kind.DROP_BARRIER || kind == Kind.BARRIER_KIND) && v.isOrderingPoint(steps.get(step))) {
            if (v == Visibility.IN_ORDER && !hasPlainStore(original)) return BARRIER_IN_ORDER;
            int next = step + 1;
            while (next < steps.size() && !steps.get(next).isStore() && !v.isOrderingPoint(steps.get(next))) next++;
            if (next == steps.size() || !steps.get(next).isStore()) {
                return kind == Kind.DROP_BARRIER ? BARRIER_BEFORE_ORDERING_POINT : SMP_WMB_BEFORE_ORDERING_POINT;
            }
            int prev = step - 1;
            while (prev >= 0 && !steps.get(prev).isStore() && !v.isOrderingPoint(steps.get(prev))) prev--;
            if (prev >= 0 && !steps.get(prev).isStore()) return BARRIER_AFTER_ORDERING_POINT;
        }
        if (kind == Kind.SWAP && v == Visibility.BARRIER_ORDERED && steps.get(step).isStore() && steps.get(step + 1).isStore()
                && !v.keepsOrder(steps.get(step), steps.get(step + 1)) && !v.keepsOrder(steps.get(step + 1), steps.get(step))) {
            return SWAP_IN_SEGMENT;
        }
        return SAME_STRUCTURE;
    }

    private static boolean hasPlainStore(Plan p) {
        return p.steps().stream().anyMatch(Visibility::isPlain);
    }

    /**
     * What the device can see of a plan under a visibility, as far as the order of its stores goes: the stores that
     * change the entry (a no-op store, which writes what its qwords already hold, changes no state in any order:
     * stores to one qword stay in program order), each named by its window (windows without change merged into the
     * one before), the store, and its occurrence; the pairs the device must see in order (transitively, also through
     * no-op stores: {@link Visibility#isOrderingPoint} between them, or {@link Visibility#keepsOrder}); which stores
     * it must see after the table initialisation (implicit stores before step 1, to memory no store of the entry
     * touches); and whether a change follows the last entry sync. Plans of equal structure offer the device the same
     * sequences of memory states, window by window, so every reader model observes and judges them alike.
     *
     * @param uninitFree no entry the device can see before the table initialisation (the current entry with some
     *                   of the stores not ordered after it, a downset of them) is present with a
     *                   {@linkplain EntryFormat#pointerFields() pointer field} it uses holding a value other than the
     *                   current entry's: the plan can show no UNINIT. Not compared by {@link #equals}.
     */
    record Structure(Set<Key> stores, Set<List<Key>> order, Set<Key> afterInit, boolean changeAfterLastSync,
                     boolean uninitFree) {
        /** A store of the structure: window, step, and how many equal ones came before it in that window. */
        record Key(int window, Step store, int occurrence) {
        }

        static Structure of(Plan p, Visibility v) {
            List<Step> stores = new ArrayList<>();
            List<Integer> segment = new ArrayList<>();
            List<Key> keys = new ArrayList<>(); // null for a no-op store
            Map<List<Object>, Integer> seen = new HashMap<>();
            Entry mem = p.current();
            int seg = 0, window = 0;
            boolean changed = false;
            for (Step s : p.steps()) {
                if (s.isStore()) {
                    Entry next = s.applyTo(mem);
                    Key k = null;
                    if (!next.equals(mem)) {
                        changed = true;
                        int n = seen.merge(List.of(window, s), 1, Integer::sum) - 1;
                        k = new Key(window, s, n);
                    }
                    stores.add(s);
                    segment.add(seg);
                    keys.add(k);
                    mem = next;
                } else {
                    if (v.isOrderingPoint(s)) seg++;
                    if (s instanceof Step.Sync y && y.invalidatesEntry() && changed) {
                        window++;
                        changed = false;
                    }
                }
            }
            int n = stores.size();
            BitSet[] reach = new BitSet[n]; // reach[i]: the stores the device sees before store i
            boolean[] init = new boolean[n];
            for (int i = 0; i < n; i++) {
                Step s = stores.get(i);
                reach[i] = new BitSet(n);
                // the table initialisation stands for a WRITE_ONCE store to a qword s does not write
                init[i] = segment.get(i) > 0 || v.keepsOrder(new Step.Store64(Integer.numberOfTrailingZeros(~s.writtenQwords()), 0), s);
                for (int j = 0; j < i; j++) {
                    if (segment.get(j) < segment.get(i) || v.keepsOrder(stores.get(j), s)) {
                        reach[i].set(j);
                        reach[i].or(reach[j]);
                        init[i] |= init[j];
                    }
                }
            }
            Set<Key> all = new HashSet<>(), after = new HashSet<>();
            Set<List<Key>> order = new HashSet<>();
            for (int i = 0; i < n; i++) {
                Key k = keys.get(i);
                if (k == null) continue;
                all.add(k);
                if (init[i]) after.add(k);
                for (int j = reach[i].nextSetBit(0); j >= 0; j = reach[i].nextSetBit(j + 1)) {
                    if (keys.get(j) != null) order.add(List.of(keys.get(j), k));
                }
            }
            return new Structure(all, order, after, changed, uninitFree(p, stores, reach, init));
        }

        /** Bound on the stores before the table initialisation whose downsets {@link #uninitFree} enumerates. */
        private static final int MAX_BEFORE_INIT = 16;

        /** See {@link #uninitFree()}: every downset of the stores not ordered after the initialisation, tried. */
        private static boolean uninitFree(Plan p, List<Step> stores, BitSet[] reach, boolean[] init) {
            List<Integer> early = new ArrayList<>();
            for (int i = 0; i < stores.size(); i++) if (!init[i]) early.add(i);
            if (early.isEmpty()) return true;
            if (early.size() > MAX_BEFORE_INIT) return false;
            EntryFormat f = p.format();
            for (int mask = 1; mask < 1 << early.size(); mask++) {
                boolean downset = true;
                for (int a = 0; a < early.size() && downset; a++) {
                    if ((mask >>> a & 1) == 0) continue;
                    for (int b = 0; b < early.size(); b++) {
                        if ((mask >>> b & 1) == 0 && reach[early.get(a)].get(early.get(b))) downset = false;
                    }
                }
                if (!downset) continue;
                Entry e = p.current();
                for (int a = 0; a < early.size(); a++) if ((mask >>> a & 1) != 0) e = stores.get(early.get(a)).applyTo(e);
                if (!f.isPresent(e)) continue;
                Entry used = f.usedBits(e);
                for (Field ptr : f.pointerFields()) {
                    if (ptr.get(e) != ptr.get(p.current()) && ptr.intersects(used)) return false;
                }
            }
            return true;
        }

        /** This structure without the table initialisation's order. */
        Structure withoutInit() {
            return new Structure(stores, order, Set.of(), changeAfterLastSync, uninitFree);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Structure s && stores.equals(s.stores) && order.equals(s.order)
                    && afterInit.equals(s.afterInit) && changeAfterLastSync == s.changeAfterLastSync;
        }

        @Override
        public int hashCode() {
            return Objects.hash(stores, order, afterInit, changeAfterLastSync);
        }
    }

    /** Each window's memory versions with consecutive duplicates removed. */
    private static List<List<Entry>> collapsed(Plan p) {
        List<List<Entry>> out = new ArrayList<>();
        for (Checker.Window w : Checker.windows(p)) {
            List<Entry> v = new ArrayList<>();
            for (Entry e : w.versions()) if (v.isEmpty() || !v.get(v.size() - 1).equals(e)) v.add(e);
            out.add(v);
        }
        // windows without change next to each other read the same single state: merge them
        List<List<Entry>> merged = new ArrayList<>();
        for (List<Entry> w : out) {
            if (!merged.isEmpty() && w.size() == 1 && merged.get(merged.size() - 1).size() == 1
                    && merged.get(merged.size() - 1).get(0).equals(w.get(0))) continue;
            merged.add(w);
        }
        return merged;
    }

    private static List<List<Set<List<Long>>>> chunkValueSets(List<List<Entry>> windows, ReaderModel model, EntryFormat format) {
        int per = model.chunkBits() / 64;
        List<List<Set<List<Long>>>> out = new ArrayList<>();
        for (List<Entry> w : windows) {
            List<Set<List<Long>>> chunks = new ArrayList<>();
            for (int c = 0; c < model.chunks(format); c++) {
                Set<List<Long>> vals = new HashSet<>();
                for (Entry e : w) {
                    List<Long> v = new ArrayList<>();
                    for (int k = 0; k < per; k++) v.add(e.qword(c * per + k));
                    vals.add(v);
                }
                chunks.add(vals);
            }
            out.add(chunks);
        }
        return out;
    }
}
