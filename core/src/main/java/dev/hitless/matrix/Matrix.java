package dev.hitless.matrix;

import dev.hitless.attach.AttachChecker;
import dev.hitless.check.CheckResult;
import dev.hitless.check.Checker;
import dev.hitless.check.Requirement;
import dev.hitless.check.Verdict;
import dev.hitless.attach.AttachResult;
import dev.hitless.attach.AttachSequence;
import dev.hitless.attach.DomainSwitch;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.NamedConfig;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;

import java.util.ArrayList;
import java.util.List;

/**
 * Every ordered pair of distinct catalogue configurations of a format, under every given ordering, visibility and
 * reader preset: the table behind {@code hitless matrix}. Each cell is judged against a {@link Requirement}: the one
 * given, or by default the plan's own claim ({@link Requirement#ofClaim}).
 *
 * <p>Cost: each plan is made once per transition and shared by the cells of its visibilities and readers; the reader
 * models are made once per format. A cell costs one {@link Checker#check} at most: a check that reads like one made
 * before in the same run (a plan two orderings both make, a model whose visibility changes nothing for the plan) is
 * {@linkplain Checker.Shared shared}.
 */
public final class Matrix {
    private Matrix() {
    }

    /**
     * True when the format's hardware fetch chunk is at least the ordering's quantum. A 128-bit-quantum ordering on a
     * format read in 64-bit chunks tears by construction (a reader sees one half of a cmpxchg16b store), which says
     * nothing about the ordering: the default matrix skips such pairs and says so.
     */
    public static boolean fits(Ordering o, EntryFormat f) {
        return o.quantumBits() <= f.defaultChunkBits();
    }

    /**
     * The hardware assumption a visibility stands for, in the words every report uses (the rule itself is
     * {@link Visibility}'s).
     */
    public static String assumption(Visibility v) {
        return v.assumption();
    }

    /**
     * A visibility as the reports name it for a format: its label, marked {@code (format default)} when it is the
     * format's own ({@link Visibility#defaultFor}).
     */
    public static String visibilityLabel(Visibility v, EntryFormat f) {
        return v.label() + (v == Visibility.defaultFor(f) ? " (format default)" : "");
    }

    /** The line that says which assumption a visibility rests on: {@link #visibilityLabel}, then {@link #assumption}. */
    public static String visibilityLine(Visibility v, EntryFormat f) {
        return visibilityLabel(v, f) + ": " + v.assumption(f.platform());
    }

    /**
     * One cell.
     *
     * @param reader the reader preset's name (or, for a model given option by option, its label)
     * @param expectedToFail the ordering, or the attach sequence, is known-bad and failures were to be expected
     * @param attach the cache-tag model's result for the cell's attach sequence composed with the ordering, or null
     *               for a cell of the entry alone; its first switch's entry result is {@code result}
     */
    public record Cell(EntryFormat format, NamedConfig from, NamedConfig to, Ordering ordering, String reader,
                       CheckResult result, Requirement requirement, boolean expectedToFail, AttachResult attach) {

        /** A cell of the entry alone (no attach sequence). */
        public Cell(EntryFormat format, NamedConfig from, NamedConfig to, Ordering ordering, String reader,
                    CheckResult result, Requirement requirement, boolean expectedToFail) {
            this(format, from, to, ordering, reader, result, requirement, expectedToFail, null);
        }

        /** The cell's verdict: the attach result's (entry and cache tags) when there is one, else the entry's. */
        public Verdict verdict() {
            return attach != null ? attach.verdict() : result.verdict();
        }

        public boolean met() {
            return attach != null ? attach.meets(requirement) : result.meets(requirement);
        }

        /** The attach sequence's name, or {@code -} for a cell of the entry alone. */
        public String attachName() {
            return attach != null ? attach.sequence().name() : "-";
        }

        /** A failure that counts: the requirement is violated and the ordering was not expected to fail. */
        public boolean unexpectedFailure() {
            return !met() && !expectedToFail;
        }

        public String transition() {
            return from.name() + " -> " + to.name();
        }

        /** The visibility the cell's verdict rests on (its reader model's). */
        public Visibility visibility() {
            return result.model().visibility();
        }

        /** True when that is the format's own ({@link Visibility#defaultFor}). */
        public boolean formatDefaultVisibility() {
            return visibility() == Visibility.defaultFor(format);
        }
    }

    /**
     * Runs the matrix under each format's {@linkplain Visibility#defaultFor default visibility}.
     *
     * @see #run(List, List, List, List, Requirement, boolean, boolean)
     */
    public static List<Cell> run(List<EntryFormat> formats, List<Ordering> orderings, List<String> presets,
                                 Requirement require, boolean xfailKnownBad, boolean onlyFitting) {
        return run(formats, orderings, presets, null, require, xfailKnownBad, onlyFitting);
    }

    /**
     * Runs the matrix of the entry alone. Cells come per format, ordering, transition, then visibility (in the order
     * given), then preset (then attach sequence, with an attach axis).
     *
     * @param visibilities the visibilities every format is checked under, or null for each format's default
     * @param require the requirement for every cell, or null for each plan's own claim
     * @param xfailKnownBad failures of {@link Ordering#knownBad() known-bad} orderings are expected, not counted
     *                      (under every visibility)
     * @param onlyFitting skip (format, ordering) pairs that do not {@link #fits fit}
     */
    public static List<Cell> run(List<EntryFormat> formats, List<Ordering> orderings, List<String> presets,
                                 List<Visibility> visibilities, Requirement require, boolean xfailKnownBad, boolean onlyFitting) {
        return run(formats, orderings, presets, visibilities, require, xfailKnownBad, onlyFitting, null, null);
    }

    /**
     * The axes of the cache-tag model: which attach sequences compose with every ordering, and whether the device has a
     * device TLB.
     *
     * @param sequences per format, the attach sequences its cells compose with (the CLI gives each format its own
     *                  default, {@code AttachFile.DEFAULT}, unless {@code --attach} names some)
     */
    public record Attach(java.util.function.Function<EntryFormat, List<AttachSequence>> sequences, boolean ats) {
    }

    /**
     * Runs the matrix with an attach axis ({@code attach} non-null): each cell composes its ordering with one attach
     * sequence, and a transition a sequence cannot make (a temporary tag where the entry carries none) is skipped,
     * counted in {@code skipped} when given.
     */
    public static List<Cell> run(List<EntryFormat> formats, List<Ordering> orderings, List<String> presets,
                                 List<Visibility> visibilities, Requirement require, boolean xfailKnownBad, boolean onlyFitting,
                                 Attach attach, java.util.concurrent.atomic.LongAdder skipped) {
        // One task per transition and ordering (its plan under every model, in a row: the checker reuses the plan's
        // timelines across chunk orders), run on every core; the cells come back in the sequential order.
        List<java.util.function.Supplier<List<Cell>>> tasks = new ArrayList<>();
        Checker.Shared checks = new Checker.Shared(); // plans that coincide, models that read alike: checked once
        for (EntryFormat f : formats) {
            List<Visibility> vs = visibilities != null ? visibilities : List.of(Visibility.defaultFor(f));
            List<String> ps = presets != null ? presets : ReaderModel.presets(f);
            List<ReaderModel> models = models(f, ps, vs);
            List<String> names = names(ps, vs.size());
            for (Ordering o : orderings) {
                if (!o.appliesTo(f) || onlyFitting && !fits(o, f)) continue;
                boolean xfail = xfailKnownBad && o.knownBad();
                for (NamedConfig a : f.catalogue()) {
                    for (NamedConfig b : f.catalogue()) {
                        if (a == b) continue;
                        List<AttachSequence> seqs = attach == null ? List.of() : attach.sequences().apply(f);
                        tasks.add(() -> {
                            List<Cell> out = new ArrayList<>(models.size() * Math.max(1, seqs.size()));
                            cells(out, o.plan(f, a.entry(), b.entry()), a, b, o, names, models, require, xfail,
                                    attach, seqs, xfailKnownBad, skipped, checks);
                            return out;
                        });
                    }
                }
            }
        }
        return tasks.parallelStream().flatMap(t -> t.get().stream()).toList();
    }

    /**
     * The cells of one ready-made plan (a recorded one, say) of the transition {@code from -> to}, one per preset,
     * under the format's default visibility.
     *
     * @param require the requirement, or null for the plan's own claim
     */
    public static List<Cell> cells(Plan plan, NamedConfig from, NamedConfig to, Ordering o, List<String> presets,
                                   Requirement require, boolean expectedToFail) {
        return cells(plan, from, to, o, presets, List.of(Visibility.defaultFor(plan.format())), require, expectedToFail);
    }

    /** The cells of one ready-made plan, one per visibility and preset (visibility first). */
    public static List<Cell> cells(Plan plan, NamedConfig from, NamedConfig to, Ordering o, List<String> presets,
                                   List<Visibility> visibilities, Requirement require, boolean expectedToFail) {
        List<Cell> cells = new ArrayList<>();
        cells(cells, plan, from, to, o, names(presets, visibilities.size()), models(plan.format(), presets, visibilities),
                require, expectedToFail);
        return cells;
    }

    /** The reader models of a format, visibility by visibility, preset by preset. */
    private static List<ReaderModel> models(EntryFormat f, List<String> presets, List<Visibility> visibilities) {
        List<ReaderModel> models = new ArrayList<>();
        for (Visibility v : visibilities) for (String p : presets) models.add(ReaderModel.preset(p, f, v));
        return models;
    }

    /** The preset names, once per visibility: index for index the names of {@link #models}. */
    private static List<String> names(List<String> presets, int visibilities) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < visibilities; i++) names.addAll(presets);
        return names;
    }

    private static void cells(List<Cell> out, Plan plan, NamedConfig from, NamedConfig to, Ordering o, List<String> names,
                              List<ReaderModel> models, Requirement require, boolean expectedToFail) {
        cells(out, plan, from, to, o, names, models, require, expectedToFail, null, List.of(), false, null, new Checker.Shared());
    }

    /**
     * The cells of one plan, model by model: the entry alone when {@code attach} is null, else one per sequence of
     * {@code seqs} (a sequence that cannot make this replace is skipped and counted in {@code skipped}, when given).
     * The entry check of each model is made once and shared by its sequences.
     */
    private static void cells(List<Cell> out, Plan plan, NamedConfig from, NamedConfig to, Ordering o, List<String> names,
                              List<ReaderModel> models, Requirement require, boolean expectedToFail, Attach attach,
                              List<AttachSequence> seqs, boolean xfailKnownBad, java.util.concurrent.atomic.LongAdder skipped,
                              Checker.Shared checks) {
        EntryFormat f = plan.format();
        Requirement r = require != null ? require : Requirement.ofClaim(plan.claim());
        DomainSwitch ds = attach == null ? null : DomainSwitch.of(f, from.entry(), to.entry());
        for (int i = 0; i < names.size(); i++) {
            CheckResult direct = checks.check(plan, models.get(i));
            if (attach == null) {
                out.add(new Cell(f, from, to, o, names.get(i), direct, r, expectedToFail));
                continue;
            }
            for (AttachSequence seq : seqs) {
                AttachResult ar;
                try {
                    ar = AttachChecker.check(seq, o, ds, models.get(i), attach.ats(), direct);
                } catch (IllegalArgumentException cannot) {
                    if (skipped != null) skipped.increment();
                    continue;
                }
                out.add(new Cell(f, from, to, o, names.get(i), direct, r, expectedToFail || xfailKnownBad && seq.knownBad(), ar));
            }
        }
    }
}
