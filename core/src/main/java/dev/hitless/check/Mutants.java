package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.format.Field;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.ReaderModel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Single-step mutants of a plan, the harness's self-check: a checker that calls a broken plan safe is worthless, so
 * every mutant the checker does not flag must be explainable (see {@link #equivalence}).
 */
public final class Mutants {
    private Mutants() {
    }

    /** The mutation operators, in the order mutants are generated (a duplicate plan keeps its first kind). */
    public enum Kind {
        DROP_SYNC("drop-sync"),
        DROP_BARRIER("drop-barrier"),
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

    /** One mutant: which operator, a one-line description with 1-based step numbers, and the mutated plan. */
    public record Mutant(Kind kind, String description, Plan plan) {
    }

    /** Every distinct single-step mutant of {@code plan} (mutants equal to the plan itself are left out). */
    public static List<Mutant> of(Plan plan) {
        List<Step> steps = plan.steps();
        Map<List<Step>, Mutant> out = new LinkedHashMap<>();
        String name = plan.ordering();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Step.Sync y && y.invalidatesEntry()) {
                add(out, plan, Kind.DROP_SYNC, "drop step " + (i + 1) + " (sync " + y.label() + ")", without(steps, i));
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Step.Barrier) {
                add(out, plan, Kind.DROP_BARRIER, "drop step " + (i + 1) + " (barrier)", without(steps, i));
            }
        }
        validEarly(plan).ifPresent(m -> add(out, plan, m.kind(), m.description(), m.plan().steps()));
        for (int i = 0; i < steps.size(); i++) {
            if (!steps.get(i).isStore()) continue;
            int next = nextSync(steps, i + 1);
            if (next >= 0) {
                List<Step> s = new ArrayList<>(steps);
                Step st = s.remove(i);
                s.add(next, st); // after removal the sync sits at next-1: insert right after it
                add(out, plan, Kind.MOVE_ACROSS_SYNC, "move step " + (i + 1) + " to after the sync at step " + (next + 1), s);
            }
            int prev = prevSync(steps, i - 1);
            if (prev >= 0) {
                List<Step> s = new ArrayList<>(steps);
                Step st = s.remove(i);
                s.add(prev, st);
                add(out, plan, Kind.MOVE_ACROSS_SYNC, "move step " + (i + 1) + " to before the sync at step " + (prev + 1), s);
            }
        }
        for (int i = 0; i + 1 < steps.size(); i++) {
            if (steps.get(i).equals(steps.get(i + 1))) continue;
            List<Step> s = new ArrayList<>(steps);
            s.set(i, steps.get(i + 1));
            s.set(i + 1, steps.get(i));
            add(out, plan, Kind.SWAP, "swap steps " + (i + 1) + " and " + (i + 2), s);
        }
        return new ArrayList<>(out.values());
    }

    /**
     * The draft's bug as an operator: the last store to the valid bit's qword (or quantum) moves to the front of the
     * window before its own, ahead of the stores it was meant to follow.
     */
    static Optional<Mutant> validEarly(Plan plan) {
        List<Step> steps = plan.steps();
        Field v = plan.format().validBit();
        int last = -1;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s instanceof Step.Store64 st && st.qword() == v.qword()
                    || s instanceof Step.Store128 st2 && st2.chunk() == v.qword() / 2) last = i;
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
        return Optional.of(new Mutant(Kind.VALID_EARLY, "store the valid-bit " + (st instanceof Step.Store128 ? "quantum" : "qword")
                + " (step " + (last + 1) + ") early, as step " + (to + 1), plan.withSteps(plan.ordering() + "~", s)));
    }

    private static void add(Map<List<Step>, Mutant> out, Plan plan, Kind kind, String what, List<Step> steps) {
        if (steps.equals(plan.steps())) return;
        out.putIfAbsent(List.copyOf(steps), new Mutant(kind, what, plan.withSteps(plan.ordering() + "~" + kind.label(), steps)));
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
        /** Worse verdict, wrong final entry, or a change left unsynced where the original synced it. */
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
            return Mutants.equivalence(original.plan(), mutant.plan(), original.model());
        }
    }

    public static Judged judge(Mutant m, CheckResult original) {
        return new Judged(m, original, Checker.check(m.plan(), original.model()));
    }

    /** Reason an unflagged mutant is indistinguishable from the original, checked structurally (no oracle). */
    public static final String SAME_WINDOWS = "same memory versions between the same syncs (barriers and no-op stores are invisible: the model already assumes program-order visibility)";
    public static final String SAME_CHUNK_VALUES = "every window offers each chunk the same set of values (independent stores swapped; an any-order reader takes each chunk from any version, so the observation sets are equal)";
    public static final String IGNORED_BITS_ONLY = "every observation the mutant adds equals one the original allows on every bit the observation itself uses, update-safe bits aside (it differs only in bits its own configuration ignores or the transition may change live, so it is judged alike)";

    /**
     * A structural argument, independent of the oracle, that the mutant's observations are judged like the
     * original's; empty when there is none (then the mutant must be flagged, or the checker has a blind spot).
     */
    public static Optional<String> equivalence(Plan original, Plan mutant, ReaderModel model) {
        List<List<Entry>> a = collapsed(original), b = collapsed(mutant);
        if (a.equals(b)) return Optional.of(SAME_WINDOWS);
        if (model.order() == ReaderModel.ChunkOrder.ANY && model.cache() == ReaderModel.Cache.NONE
                && chunkValueSets(a, model).equals(chunkValueSets(b, model))) {
            return Optional.of(SAME_CHUNK_VALUES);
        }
        Set<Entry> before = Checker.observations(original, model);
        var f = original.format();
        Entry safe = f.transitionSafeBits(original.current(), original.target());
        boolean covered = true;
        for (Entry e : Checker.observations(mutant, model)) {
            if (before.contains(e)) continue;
            Entry used = original.format().usedBits(e).andNot(safe);
            if (before.stream().noneMatch(o -> o.equalsOn(e, used))) {
                covered = false;
                break;
            }
        }
        if (covered) return Optional.of(IGNORED_BITS_ONLY);
        return Optional.empty();
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

    private static List<List<Set<List<Long>>>> chunkValueSets(List<List<Entry>> windows, ReaderModel model) {
        int per = model.chunkBits() / 64;
        List<List<Set<List<Long>>>> out = new ArrayList<>();
        for (List<Entry> w : windows) {
            List<Set<List<Long>>> chunks = new ArrayList<>();
            for (int c = 0; c < model.chunks(); c++) {
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
