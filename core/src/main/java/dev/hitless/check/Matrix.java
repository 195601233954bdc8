package dev.hitless.check;

import dev.hitless.format.EntryFormat;
import dev.hitless.format.NamedConfig;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.reader.ReaderModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every ordered pair of distinct catalogue configurations of a format, under every given ordering and reader preset:
 * the table behind {@code hitless matrix}. Each cell is judged against a {@link Requirement}: the one given, or by
 * default the plan's own claim ({@link Requirement#ofClaim}).
 */
public final class Matrix {
    /**
     * Built-in orderings that exist to show a bug (the removed VT-d struct copy, the early entry-sync draft): their
     * failures are expected and reported as such, not counted against the run.
     */
    public static final Set<String> KNOWN_BAD = Set.of("struct-copy", "used-bits-128-draft");

    private Matrix() {
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
     * @param expectedToFail names of orderings whose failures are expected
     */
    public static List<Cell> run(List<EntryFormat> formats, List<Ordering> orderings, List<String> presets,
                                 Requirement require, Set<String> expectedToFail) {
        List<Cell> cells = new ArrayList<>();
        for (EntryFormat f : formats) {
            List<ReaderModel> models = presets.stream().map(p -> ReaderModel.preset(p, f)).toList();
            for (Ordering o : orderings) {
                boolean xfail = expectedToFail.contains(o.name());
                for (NamedConfig a : f.catalogue()) {
                    for (NamedConfig b : f.catalogue()) {
                        if (a == b) continue;
                        Plan plan = o.plan(f, a.entry(), b.entry());
                        Requirement r = require != null ? require : Requirement.ofClaim(plan.path());
                        for (int i = 0; i < presets.size(); i++) {
                            CheckResult res = Checker.check(plan, models.get(i));
                            cells.add(new Cell(f, a, b, o, presets.get(i), res, r, xfail));
                        }
                    }
                }
            }
        }
        return cells;
    }
}
