package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;
import dev.hitless.format.Passage;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.Observation;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;
import dev.hitless.reader.TableInit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exhaustive checker: every entry a hardware reader of the given {@link ReaderModel} can observe while a {@link Plan}
 * runs, each judged by the {@link Oracle}. It explores the {@linkplain dev.hitless.reader reader's contract}
 * symbolically; {@link dev.hitless.reader.LiveReader} performs the same contract at run time.
 *
 * <p>Algorithm (docs/checker.md has the long form).
 * <ul>
 *   <li>Cache NONE: {@link Timeline} turns each window into time points at which each chunk may read given values
 *       (visibility, rule 1, lives there). A fetch picks one (value, time point) per chunk, the time points following
 *       the chunk order; the search picks for each choice its earliest time point not before the previous chunk's
 *       (earliest leaves the later chunks the most freedom, so no reachable observation is missed).</li>
 *   <li>Cache STICKY: the start state of each window, and the final state (memory is stable at an entry sync: a sync
 *       is an ordering point under every visibility, and the tables are visible by then).</li>
 * </ul>
 * <b>Without the product of chunk values.</b> The judgement depends on the observed entry's own used bits, which
 * depend only on {@link EntryFormat#usedBitsDependOn()}. So the search branches on the distinct values of those bits
 * in each chunk (a handful), fixes the compared bits, and then sorts each chunk's values into at most a few classes
 * (equal to old on the compared bits, equal to new, its observation letter, whether it carries a new table pointer
 * the entry uses): the observations are the products of classes, not of values. A window that stores 64 values into
 * each of four qwords costs 64 values per chunk, not 64^4 observations.
 *
 * <p>Tables. When the target uses a {@linkplain EntryFormat#pointerFields() pointer field} whose value changes, the
 * driver initialised that table before step 1 (rule 1). A NEW observation that uses the new pointer, completing at a
 * time point at which the initialisation may still be invisible ({@link Timeline#tablesMayBeHidden}), is also UNINIT.
 *
 * <p>Counterexample: the shortest TORN observation, else the shortest UNINIT, else the shortest BLOCKED one;
 * shortest = fewest writer steps executed when the fetch completes, then fewest stores straddled (each chunk read as
 * late as possible without the fetch completing later).
 */
public final class Checker {
    /** Bound on the combinations of the bits that decide the used bits, per timeline. */
    static final int MAX_CONFIGURATIONS = 1 << 16;
    /** Bound on the entries {@link #observations} materialises. */
    static final int MAX_OBSERVATIONS = 1 << 22;

    private Checker() {
    }

    /**
     * Explores and judges every observation.
     *
     * @throws CheckLimitException when the plan needs more states than the stated bounds
     */
    public static CheckResult check(Plan plan, ReaderModel model) {
        return new Run(plan, model, true).check();
    }

    /**
     * Every distinct entry the reader can observe while {@code plan} runs, unjudged (the reader model alone, without
     * the tables): the full product of chunk values, for tests and small plans.
     *
     * @throws CheckLimitException beyond {@link #MAX_OBSERVATIONS} entries
     */
    public static Set<Entry> observations(Plan plan, ReaderModel model) {
        Run r = new Run(plan, model, false);
        r.check();
        return Set.copyOf(r.entries);
    }

    /**
     * The windows of a plan in program order: the memory versions between entry syncs and the step count at each
     * version. This is what an in-order reader without plain stores can read; {@link Timeline} generalises it to every
     * visibility.
     */
    record Window(int index, List<Entry> versions, int[] stepsAt) {
    }

    /** Splits a plan at its entry syncs; window 0 starts before the first step. */
    static List<Window> windows(Plan plan) {
        List<Window> out = new ArrayList<>();
        List<Entry> versions = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        Entry mem = plan.current();
        versions.add(mem);
        at.add(0);
        List<Step> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s.isStore()) {
                mem = s.applyTo(mem);
                versions.add(mem);
                at.add(i + 1);
            } else if (s instanceof Step.Sync y && y.invalidatesEntry()) {
                out.add(new Window(out.size(), List.copyOf(versions), at.stream().mapToInt(Integer::intValue).toArray()));
                versions.clear();
                at.clear();
                versions.add(mem);
                at.add(i + 1);
            }
        }
        out.add(new Window(out.size(), List.copyOf(versions), at.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }


    /** Bound on the entries of {@link #USED_BITS} per format. */
    private static final int USED_BITS_CACHE = 4096;
    /**
     * The used bits of the deciding-bit combinations seen so far, per format: a matrix asks for the same few
     * combinations thousands of times. Sound because {@code usedBits} is a function of the entry given.
     */
    private static final Map<EntryFormat, Map<Entry, Entry>> USED_BITS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Entry usedBits(EntryFormat f, Entry rep) {
        Map<Entry, Entry> m = USED_BITS.computeIfAbsent(f, x -> new java.util.concurrent.ConcurrentHashMap<>());
        Entry u = m.get(rep);
        if (u == null) {
            u = f.usedBits(rep);
            if (m.size() < USED_BITS_CACHE) m.put(rep, u);
        }
        return u;
    }

    /**
     * Checks shared within one run of many (a matrix): a check that reads like one made before returns that result,
     * {@linkplain CheckResult#relabelled relabelled} with the plan and model asked for. Two checks read alike when
     * their plans hold the same entries and steps (the ordering's name and claim do not enter a check) and their
     * models the same chunk size, chunk order and cache, and either the same visibility, or a sticky cache (which
     * reads only the entry at its syncs, stable under every visibility), or a plan whose timelines every visibility
     * gives alike ({@link Timeline#sameUnderEveryVisibility}). Thread-safe. It keeps every result: hold one per run.
     */
    public static final class Shared {
        /** Each distinct plan content (format, entries, steps), numbered in the order first checked. */
        private final Map<List<Object>, PlanId> plans = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger nextId = new java.util.concurrent.atomic.AtomicInteger();
        /** Results by {@link #key}. */
        private final Map<Long, CheckResult> results = new java.util.concurrent.ConcurrentHashMap<>();
        /** Each thread's last plan object and its number: a matrix checks a plan under every model in a row. */
        private final ThreadLocal<Object[]> last = new ThreadLocal<>();

        private record PlanId(int id, boolean anyVisibility) {
        }

        /** {@link Checker#check}, or the result of a check made before that reads alike, relabelled. */
        public CheckResult check(Plan plan, ReaderModel model) {
            Long key = key(idOf(plan), model);
            CheckResult made = results.get(key);
            if (made != null) return made.relabelled(plan, model);
            CheckResult r = Checker.check(plan, model);
            results.putIfAbsent(key, r);
            return r;
        }

        /** The number of checks made (the others were shared). */
        public int size() {
            return results.size();
        }

        /**
         * The plan's number, looked up once per plan object (the content's hash and comparison walk every step).
         * Plans of equal content share a number whatever their ordering's name and claim, which no check reads.
         */
        private PlanId idOf(Plan plan) {
            Object[] l = last.get();
            if (l != null && l[0] == plan) return (PlanId) l[1];
            PlanId id = plans.computeIfAbsent(List.of(plan.format(), plan.current(), plan.target(), plan.steps()),
                    k -> new PlanId(nextId.getAndIncrement(), Timeline.sameUnderEveryVisibility(plan)));
            last.set(new Object[]{plan, id});
            return id;
        }

        /**
         * What a check's result depends on, packed: the plan's number, the model's chunk size, chunk order and
         * cache, and its visibility unless the cache is sticky or the plan reads alike under every visibility.
         */
        private static Long key(PlanId plan, ReaderModel model) {
            boolean anyVisibility = model.cache() == ReaderModel.Cache.STICKY || plan.anyVisibility();
            long k = plan.id();
            k = k << 8 | model.chunkBits() / 64;
            k = k << 4 | model.order().ordinal();
            k = k << 4 | model.cache().ordinal();
            k = k << 4 | (anyVisibility ? 0 : 1 + model.visibility().ordinal());
            return k;
        }
    }

    /**
     * What a check needs of its plan alone, made once per plan: a matrix checks each plan under every reader model in
     * a row, so each thread keeps its last plan's (the oracle, the tables the transition initialises, and the
     * timelines per chunk size and visibility).
     */
    private static final class PlanContext {
        final Plan plan;
        final Oracle oracle;
        final TableInit tableInit;
        private final Map<List<Object>, List<Timeline>> timelines = new HashMap<>();

        PlanContext(Plan plan) {
            this.plan = plan;
            this.oracle = new Oracle(plan.format(), plan.current(), plan.target());
            this.tableInit = TableInit.of(oracle);
        }

        /** {@link Timeline#of}, made once per chunk size and visibility. */
        List<Timeline> timelines(ReaderModel model, boolean tables) {
            return timelines.computeIfAbsent(List.of(model.chunkBits(), model.visibility(), tables),
                    k -> Timeline.of(plan, model, tables));
        }

        private static final ThreadLocal<PlanContext> LAST = new ThreadLocal<>();

        /** The context of {@code plan}: this thread's last one when it was made for the same plan object. */
        static PlanContext of(Plan plan) {
            PlanContext c = LAST.get();
            if (c == null || c.plan != plan) {
                c = new PlanContext(plan);
                LAST.set(c);
            }
            return c;
        }
    }

    /** Every observation made so far, by judgement, chunk count and letters: immutable, so shared by every check. */
    private static final Map<Integer, Observation> OBSERVATIONS = new java.util.concurrent.ConcurrentHashMap<>();

    /** One class of a chunk's values under fixed compared bits, with the time points at which one of them is readable. */
    private static final class Cls {
        boolean eqOld;
        boolean eqNew;
        boolean newPointer;
        char letter;
        private final int[] stepsAt; // per time point: fewest steps, or -1 when no value of the class is readable
        private final int[] repAt;   // per time point: the value index giving those steps
        int[] times;
        int[] steps;
        int[] rep;

        Cls(int timePoints) {
            stepsAt = new int[timePoints];
            repAt = new int[timePoints];
            java.util.Arrays.fill(stepsAt, -1);
        }

        void add(int t, int steps, int value) {
            if (stepsAt[t] < 0 || steps < stepsAt[t]) {
                stepsAt[t] = steps;
                repAt[t] = value;
            }
        }

        Cls seal() {
            int n = 0;
            for (int x : stepsAt) if (x >= 0) n++;
            times = new int[n];
            steps = new int[n];
            rep = new int[n];
            for (int t = 0, i = 0; t < stepsAt.length; t++) {
                if (stepsAt[t] < 0) continue;
                times[i] = t;
                steps[i] = stepsAt[t];
                rep[i++] = repAt[t];
            }
            return this;
        }
    }

    private static final class Run {
        final Plan plan;
        final ReaderModel model;
        final EntryFormat format;
        final Oracle oracle;
        final boolean judging;
        final int chunks;
        final int per;
        /** The entry's width, the format's. */
        final int qwords;
        final int[] visit;
        final boolean ordered;
        final Entry decides;
        final List<Field> tables;
        final TableInit tableInit;

        final Set<Observation> outcomes = new HashSet<>();
        final Map<Observation, Entry> examples = new LinkedHashMap<>();
        final Map<Observation, Integer> exampleSteps = new HashMap<>();
        final EnumSet<Seen> seen = EnumSet.noneOf(Seen.class);
        final Map<Seen, Counterexample> best = new EnumMap<>(Seen.class);
        final Set<Entry> entries = new HashSet<>();
        int judgedCount;

        // the search state
        Timeline tl;
        Cls[][] classes;
        final Cls[] chosen;
        final int[] chosenIdx;
        Passage passage; // what the representative entry of the deciding bits lets through

        final PlanContext context;

        Run(Plan plan, ReaderModel model, boolean judging) {
            this.plan = plan;
            this.model = model;
            this.format = plan.format();
            this.judging = judging;
            this.context = PlanContext.of(plan);
            this.oracle = context.oracle;
            this.chunks = model.chunks(format);
            this.qwords = format.qwords();
            this.per = model.chunkBits() / 64;
            this.visit = new int[chunks];
            for (int i = 0; i < chunks; i++) {
                visit[i] = model.order() == ReaderModel.ChunkOrder.DESCENDING ? chunks - 1 - i : i;
            }
            this.ordered = model.order() != ReaderModel.ChunkOrder.ANY;
            this.chosen = new Cls[chunks];
            this.chosenIdx = new int[chunks];
            Entry d = format.usedBitsDependOn();
            // the valid bit must be among the deciding bits (it decides presence); otherwise decide on every bit
            this.decides = format.mask(format.validBit()).andNot(d).isZero() ? d : format.ones();
            this.tableInit = context.tableInit;
            this.tables = judging ? tableInit.fields() : List.of();
        }

        CheckResult check() {
            if (model.cache() == ReaderModel.Cache.STICKY) {
                sticky();
            } else {
                for (Timeline t : context.timelines(model, !tables.isEmpty())) explore(t);
            }
            Counterexample cx = best.getOrDefault(Seen.TORN, best.getOrDefault(Seen.UNTRANSLATED,
                    best.getOrDefault(Seen.UNINIT, best.get(Seen.BLOCKED))));
            return new CheckResult(plan, model, Verdict.of(seen), EnumSet.copyOf(seenOrEmpty()), Set.copyOf(outcomes),
                    plan.entrySyncCount(), plan.reachesTarget(), settled(), judgedCount, cx, examples);
        }

        private Set<Seen> seenOrEmpty() {
            return seen.isEmpty() ? EnumSet.noneOf(Seen.class) : seen;
        }

        /**
         * No store changes what the hardware reads after the last entry sync: the final entry and the entry at the last
         * entry sync use the same bits and agree on them. Stores to bits neither uses (zeroing a context entry whose P
         * was cleared and synced, VT-d's teardown since 2026) leave nothing the hardware could hold stale.
         */
        private boolean settled() {
            Entry mem = plan.current(), atLastSync = mem;
            for (Step s : plan.steps()) {
                mem = s.applyTo(mem);
                if (s instanceof Step.Sync y && y.invalidatesEntry()) atLastSync = mem;
            }
            if (mem.equals(atLastSync)) return true;
            EntryFormat f = plan.format();
            Entry used = f.usedBits(mem);
            return used.equals(f.usedBits(atLastSync)) && mem.and(used).equals(atLastSync.and(used));
        }

        private void sticky() {
            Entry mem = plan.current();
            List<Step> steps = plan.steps();
            observeWhole(mem, 0, 0);
            int window = 0;
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                mem = s.applyTo(mem);
                if (s instanceof Step.Sync y && y.invalidatesEntry()) observeWhole(mem, ++window, i + 1);
            }
            observeWhole(mem, window, steps.size());
        }

        /** A fetch of a stable entry: every chunk read after {@code stepsRun} steps. */
        private void observeWhole(Entry e, int window, int stepsRun) {
            judgedCount++;
            if (!judging) {
                entries.add(e);
                return;
            }
            Seen s = oracle.judge(e);
            Observation o = Observation.of(s, plan.current(), plan.target(), e, model.chunkBits());
            int[] reads = new int[chunks];
            java.util.Arrays.fill(reads, stepsRun);
            record(s, o, e, window, reads, stepsRun, 0, List.of());
        }

        private void explore(Timeline t) {
            tl = t;
            if (!judging) {
                classes = new Cls[chunks][];
                for (int c = 0; c < chunks; c++) {
                    classes[c] = new Cls[t.values[c].size()];
                    for (int v = 0; v < classes[c].length; v++) {
                        Cls k = new Cls(t.timePoints);
                        for (int i = 0; i < t.times[c][v].length; i++) k.add(t.times[c][v][i], t.steps[c][v][i], v);
                        classes[c][v] = k.seal();
                    }
                }
                dfs(0, 0);
                return;
            }
            // group each chunk's values by their deciding bits
            List<List<List<Integer>>> groups = new ArrayList<>();
            List<List<long[]>> projections = new ArrayList<>();
            long combos = 1;
            for (int c = 0; c < chunks; c++) {
                Map<Timeline.Val, List<Integer>> byProj = new LinkedHashMap<>();
                for (int v = 0; v < t.values[c].size(); v++) {
                    long[] q = t.values[c].get(v);
                    long[] p = new long[per];
                    for (int k = 0; k < per; k++) p[k] = q[k] & decides.qword(c * per + k);
                    byProj.computeIfAbsent(new Timeline.Val(p), x -> new ArrayList<>()).add(v); // its deciding bits
                }
                groups.add(new ArrayList<>(byProj.values()));
                List<long[]> ps = new ArrayList<>();
                for (Timeline.Val p : byProj.keySet()) ps.add(p.q());
                projections.add(ps);
                combos *= byProj.size();
                if (combos > MAX_CONFIGURATIONS) {
                    throw new CheckLimitException("window " + t.window + " shows more than " + MAX_CONFIGURATIONS
                            + " combinations of the bits that decide the used bits; check a smaller plan");
                }
            }
            int[] pick = new int[chunks];
            classes = new Cls[chunks][];
            // a chunk's classes depend on its values and on its own part of the compared and used bits: the
            // combinations of the other chunks' deciding bits leave them alone, so each is sorted once
            List<Map<Timeline.Val, Cls[]>> sorted = new ArrayList<>();
            for (int c = 0; c < chunks; c++) sorted.add(new HashMap<>());
            while (true) {
                long[] q = new long[qwords];
                for (int c = 0; c < chunks; c++) {
                    long[] p = projections.get(c).get(pick[c]);
                    for (int k = 0; k < per; k++) q[c * per + k] = p[k];
                }
                Entry rep = Entry.of(q);
                Entry used = usedBits(format, rep);
                Entry compared = used.andNot(oracle.safeBits()); // Oracle.comparedBits, with the used bits cached
                passage = format.passage(rep);
                for (int c = 0; c < chunks; c++) {
                    long[] key = new long[per + 2]; // what classify reads of this chunk: see there
                    for (int k = 0; k < per; k++) key[k] = compared.qword(c * per + k);
                    key[per] = pick[c];
                    for (int i = 0; i < tables.size(); i++) {
                        Field f = tables.get(i);
                        if ((used.qword(f.qword()) & f.qwordMask()) != 0) key[per + 1] |= 1L << i;
                    }
                    int cc = c;
                    classes[c] = sorted.get(c).computeIfAbsent(new Timeline.Val(key),
                            x -> classify(t, cc, groups.get(cc).get(pick[cc]), compared, used));
                }
                dfs(0, 0);
                int c = 0;
                while (c < chunks && ++pick[c] == groups.get(c).size()) pick[c++] = 0;
                if (c == chunks) break;
            }
        }

        /** Sorts chunk {@code c}'s values (those with one value of the deciding bits) into classes. */
        private Cls[] classify(Timeline t, int c, List<Integer> vals, Entry compared, Entry used) {
            // a class per (eqOld, eqNew, newPointer, letter): 32 keys at most, kept in the order first seen
            Cls[] byKey = new Cls[32];
            Cls[] firstSeen = new Cls[32];
            int n = 0;
            Entry old = plan.current(), target = plan.target();
            for (int vi = 0, vn = vals.size(); vi < vn; vi++) {
                int v = vals.get(vi);
                long[] q = t.values[c].get(v);
                boolean eqOld = true, eqNew = true, isOld = true, isNew = true, ptr = false;
                for (int k = 0; k < per; k++) {
                    int qw = c * per + k;
                    long m = compared.qword(qw);
                    eqOld &= ((q[k] ^ old.qword(qw)) & m) == 0;
                    eqNew &= ((q[k] ^ target.qword(qw)) & m) == 0;
                    isOld &= q[k] == old.qword(qw);
                    isNew &= q[k] == target.qword(qw);
                }
                // TableInit.walkedBy, chunk by chunk: this chunk holds a new table pointer the entry uses (the
                // whole entry must also be NEW: decided at the leaf)
                for (int ti = 0; ti < tables.size(); ti++) {
                    Field f = tables.get(ti);
                    int k = f.qword() - c * per;
                    if (k < 0 || k >= per || (used.qword(f.qword()) & f.qwordMask()) == 0) continue;
                    if (((q[k] ^ target.qword(f.qword())) & f.qwordMask()) == 0) ptr = true;
                }
                char letter = isOld && isNew ? '=' : isOld ? 'o' : isNew ? 'n' : 'x';
                int key = (eqOld ? 1 : 0) | (eqNew ? 2 : 0) | (ptr ? 4 : 0) | "on=x".indexOf(letter) << 3;
                Cls k = byKey[key];
                if (k == null) k = byKey[key] = firstSeen[n++] = new Cls(t.timePoints);
                k.eqOld = eqOld;
                k.eqNew = eqNew;
                k.newPointer = ptr;
                k.letter = letter;
                for (int i = 0; i < t.times[c][v].length; i++) k.add(t.times[c][v][i], t.steps[c][v][i], v);
            }
            Cls[] out = new Cls[n];
            for (int i = 0; i < n; i++) out[i] = firstSeen[i].seal();
            return out;
        }

        /** Chooses a class for the chunk at visit position {@code pos}, read no earlier than time point {@code lo}. */
        private void dfs(int pos, int lo) {
            if (pos == chunks) {
                leaf();
                return;
            }
            int c = visit[pos];
            for (Cls k : classes[c]) {
                int i = firstAtLeast(k.times, lo);
                if (i < 0) continue;
                chosen[c] = k;
                chosenIdx[c] = i;
                dfs(pos + 1, ordered ? k.times[i] : 0);
            }
        }

        private static int firstAtLeast(int[] sorted, int lo) {
            for (int i = 0; i < sorted.length; i++) if (sorted[i] >= lo) return i;
            return -1;
        }

        private void leaf() {
            judgedCount++;
            if (!judging) {
                long[] q = new long[qwords];
                for (int c = 0; c < chunks; c++) {
                    long[] v = tl.values[c].get(chosen[c].rep[chosenIdx[c]]);
                    System.arraycopy(v, 0, q, c * per, per);
                }
                entries.add(Entry.of(q));
                if (entries.size() > MAX_OBSERVATIONS) {
                    throw new CheckLimitException("more than " + MAX_OBSERVATIONS + " distinct observations to list");
                }
                return;
            }
            boolean allOld = true, allNew = true, ptr = false;
            int completes = 0, completesSteps = 0, code = 0;
            for (int c = 0; c < chunks; c++) {
                Cls k = chosen[c];
                allOld &= k.eqOld;
                allNew &= k.eqNew;
                ptr |= k.newPointer;
                code = code << 2 | "on=x".indexOf(k.letter);
                completes = Math.max(completes, k.times[chosenIdx[c]]);
                completesSteps = Math.max(completesSteps, k.steps[chosenIdx[c]]);
            }
            Seen s = allOld ? Seen.OLD : allNew ? Seen.NEW : Oracle.neither(passage);
            candidate(s, observation(s, code), completes, completesSteps);
            if (s == Seen.NEW && ptr && tl.tablesMayBeHidden(completes)) {
                candidate(Seen.UNINIT, observation(Seen.UNINIT, code), completes, completesSteps);
            }
        }

        /** The observation of a judgement and chunk letters coded two bits each, chunk 0 highest (interned). */
        private Observation observation(Seen s, int code) {
            int key = (s.ordinal() * 16 + chunks) << 16 | code;
            Observation o = OBSERVATIONS.get(key);
            if (o == null) {
                char[] letters = new char[chunks];
                for (int c = chunks - 1, x = code; c >= 0; c--, x >>= 2) letters[c] = "on=x".charAt(x & 3);
                o = new Observation(s, new String(letters));
                OBSERVATIONS.put(key, o);
            }
            return o;
        }

        /**
         * Records an observation of the chosen classes completing at time point {@code completes} after
         * {@code stepsRun} steps: each chunk read as late as possible without completing later (fewest stores
         * straddled).
         */
        private void candidate(Seen s, Observation o, int completes, int stepsRun) {
            if ((s == Seen.OLD || s == Seen.NEW) && exampleSteps.getOrDefault(o, Integer.MAX_VALUE) <= stepsRun) return;
            int[] at = new int[chunks];
            int next = completes;
            for (int pos = chunks - 1; pos >= 0; pos--) {
                int c = visit[pos];
                Cls k = chosen[c];
                int i = lastAtMost(k, ordered ? next : completes, stepsRun);
                if (i < 0) i = chosenIdx[c];
                at[c] = i;
                if (ordered) next = k.times[i];
            }
            long[] q = new long[qwords];
            int[] reads = new int[chunks];
            int min = Integer.MAX_VALUE, max = 0;
            for (int c = 0; c < chunks; c++) {
                Cls k = chosen[c];
                System.arraycopy(tl.values[c].get(k.rep[at[c]]), 0, q, c * per, per);
                // as late as the time point lasts, but not after the fetch completes
                reads[c] = Math.max(k.steps[at[c]], Math.min(stepsRun, tl.latestSteps[k.times[at[c]]]));
                min = Math.min(min, reads[c]);
                max = Math.max(max, reads[c]);
            }
            int straddled = 0;
            for (int i = min; i < max; i++) if (plan.steps().get(i).isStore()) straddled++;
            Entry e = Entry.of(q);
            List<String> hidden = s == Seen.UNINIT ? hiddenTables(e) : List.of();
            record(s, o, e, tl.window, reads, max, straddled, hidden);
        }

        /** The latest occurrence at a time point at most {@code hi} that needs at most {@code maxSteps} steps. */
        private static int lastAtMost(Cls k, int hi, int maxSteps) {
            int best = -1;
            for (int i = 0; i < k.times.length && k.times[i] <= hi; i++) if (k.steps[i] <= maxSteps) best = i;
            return best;
        }

        private List<String> hiddenTables(Entry observed) {
            int walked = tableInit.walkedBy(observed);
            List<String> out = new ArrayList<>();
            for (int t = 0; t < tables.size(); t++) if ((walked & 1 << t) != 0) out.add(tables.get(t).name());
            return out;
        }

        private void record(Seen s, Observation o, Entry e, int window, int[] reads, int steps, int straddled,
                            List<String> hiddenTables) {
            seen.add(s);
            outcomes.add(o);
            Integer had = exampleSteps.get(o);
            if (had == null || steps < had) {
                examples.put(o, e); // the earliest example; among equals the first in the fixed search order
                exampleSteps.put(o, steps);
            }
            if (s == Seen.OLD || s == Seen.NEW) return;
            Counterexample cur = best.get(s);
            if (cur == null || steps < cur.stepsExecuted()
                    || steps == cur.stepsExecuted() && straddled < cur.storesStraddled()) {
                best.put(s, new Counterexample(plan, model, e, o, window, reads, steps, straddled, hiddenTables));
            }
        }
    }
}
