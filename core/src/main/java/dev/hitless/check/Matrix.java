package dev.hitless.check;

import dev.hitless.format.EntryFormat;
import dev.hitless.format.NamedConfig;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.reader.ReaderModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Every ordered pair of distinct catalogue configurations of a format, under every given ordering and reader preset:
 * the table behind {@code hitless matrix}. Each cell is judged against a {@link Requirement}: the one given, or by
 * default the plan's own claim ({@link Requirement#ofClaim}).
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
     * One cell.
     *
     * @param expectedToFail the ordering is in the expected-failure set given to {@link #run}
     */
    public record Cell(EntryFormat format, NamedConfig from, NamedConfig to, Ordering ordering, String reader,
                       CheckResult result, Requirement requirement, boolean expectedToFail) {
        public boolean met() {
            return result.meets(requirement);
        }

        /** A failure that counts: the requirement is violated and the ordering was not expected to fail. */
        public boolean unexpectedFailure() {
            return !met() && !expectedToFail;
        }

        public String transition() {
            return from.name() + " -> " + to.name();
        }
    }

    /**
     * Runs the matrix.
     *
     * @param require the requirement for every cell, or null for each plan's own claim
     * @param xfailKnownBad failures of {@link Ordering#knownBad() known-bad} orderings are expected, not counted
     * @param onlyFitting skip (format, ordering) pairs that do not {@link #fits fit}
     */
    public static List<Cell> run(List<EntryFormat> formats, List<Ordering> orderings, List<String> presets,
                                 Requirement require, boolean xfailKnownBad, boolean onlyFitting) {
        List<Cell> cells = new ArrayList<>();
        for (EntryFormat f : formats) {
            List<ReaderModel> models = presets.stream().map(p -> ReaderModel.preset(p, f)).toList();
            for (Ordering o : orderings) {
                if (onlyFitting && !fits(o, f)) continue;
                boolean xfail = xfailKnownBad && o.knownBad();
                for (NamedConfig a : f.catalogue()) {
                    for (NamedConfig b : f.catalogue()) {
                        if (a == b) continue;
                        cells.addAll(cells(o.plan(f, a.entry(), b.entry()), a, b, o, presets, models, require, xfail));
                    }
                }
            }
        }
        return cells;
    }

    /**
     * The cells of one ready-made plan (a recorded one, say) of the transition {@code from -> to}, one per preset.
     *
     * @param require the requirement, or null for the plan's own claim
     */
    public static List<Cell> cells(Plan plan, NamedConfig from, NamedConfig to, Ordering o, List<String> presets,
                                   Requirement require, boolean expectedToFail) {
        List<ReaderModel> models = presets.stream().map(p -> ReaderModel.preset(p, plan.format())).toList();
        return cells(plan, from, to, o, presets, models, require, expectedToFail);
    }

    private static List<Cell> cells(Plan plan, NamedConfig from, NamedConfig to, Ordering o, List<String> presets,
                                    List<ReaderModel> models, Requirement require, boolean expectedToFail) {
        Requirement r = require != null ? require : Requirement.ofClaim(plan.claim());
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < presets.size(); i++) {
            cells.add(new Cell(plan.format(), from, to, o, presets.get(i), Checker.check(plan, models.get(i)), r, expectedToFail));
        }
        return cells;
    }
}
