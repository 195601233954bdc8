package dev.hitless.check;

import dev.hitless.format.EntryFormat;
import dev.hitless.format.NamedConfig;
import dev.hitless.ordering.Orderings;
import dev.hitless.ordering.UsedBits;
import dev.hitless.ordering.StructCopy;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.reader.ReaderModel;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hitless mutants}: every single-step mutant of every correct built-in plan (catalogue pairs, strict reader),
 * how many the checker flags, and for the rest the structural reason they are equivalent; plus the two known-bad
 * orderings, which must be TORN where they tear.
 */
public final class MutantReport {
    /** Tally of one ordering on one format. */
    public static final class Row {
        public final String ordering;
        public final String format;
        public int plans;
        public final Map<Mutants.Kind, int[]> byKind = new EnumMap<>(Mutants.Kind.class); // {total, flagged}
        public final Map<String, Integer> equivalent = new LinkedHashMap<>();
        public final List<String> unexplained = new ArrayList<>();

        Row(String ordering, String format) {
            this.ordering = ordering;
            this.format = format;
            for (Mutants.Kind k : Mutants.Kind.values()) byKind.put(k, new int[2]);
        }

        public int total() {
            return byKind.values().stream().mapToInt(a -> a[0]).sum();
        }

        public int flagged() {
            return byKind.values().stream().mapToInt(a -> a[1]).sum();
        }
    }

    /** A known-bad ordering on one format: transitions where it should tear, and where the checker says TORN. */
    public record KnownBad(String ordering, String format, int transitions, int mustTear, int tornWhereMust, int torn,
                           int tornSticky, String rule) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<KnownBad> bad = new ArrayList<>();

    private String preset = "strict";

    public List<Row> rows() {
        return rows;
    }

    public List<KnownBad> knownBad() {
        return bad;
    }

    public static MutantReport run(List<EntryFormat> formats) {
        return run(formats, "strict");
    }

    /**
     * Mutants judged under reader preset {@code preset} (the known-bad orderings are always checked under the
     * strict and the sticky reader).
     */
    public static MutantReport run(List<EntryFormat> formats, String preset) {
        MutantReport rep = new MutantReport();
        rep.preset = preset;
        for (EntryFormat f : formats) {
            ReaderModel strict = ReaderModel.preset("strict", f);
            ReaderModel model = ReaderModel.preset(preset, f);
            ReaderModel sticky = ReaderModel.preset("sticky", f);
            for (Ordering o : Orderings.builtIns()) {
                if (o.knownBad()) continue;
                Row row = new Row(o.name(), f.name());
                rep.rows.add(row);
                for (NamedConfig a : f.catalogue()) {
                    for (NamedConfig b : f.catalogue()) {
                        if (a == b) continue;
                        Plan p = o.plan(f, a.entry(), b.entry());
                        CheckResult orig = Checker.check(p, model);
                        if (!orig.meets(Requirement.ofClaim(p.claim()))) continue;
                        row.plans++;
                        for (Mutants.Mutant m : Mutants.of(p)) {
                            Mutants.Judged j = Mutants.judge(m, orig);
                            int[] t = row.byKind.get(m.kind());
                            t[0]++;
                            if (j.flagged()) {
                                t[1]++;
                            } else {
                                String why = j.equivalence().orElse(null);
                                if (why == null) {
                                    row.unexplained.add(a.name() + " -> " + b.name() + ": " + m.description());
                                } else {
                                    row.equivalent.merge(m.kind().label() + ": " + why, 1, Integer::sum);
                                }
                            }
                        }
                    }
                }
            }
            // Known-bad orderings. The draft must tear wherever its plan differs from used-bits-128's (its buggy
            // breaking path); struct-copy wherever two chunks change bits used by old or new, of which the
            // checker reports the TORN ones (and none under the sticky reader, which hides the tear).
            Ordering draft = UsedBits.draft128(), good = UsedBits.quanta128(), copy = new StructCopy();
            int cmust = 0, n = 0, should = 0, torn = 0, tornSticky = 0, cn = 0, ctorn = 0, ctornSticky = 0, cshould = 0;
            for (NamedConfig a : f.catalogue()) {
                for (NamedConfig b : f.catalogue()) {
                    if (a == b) continue;
                    n++;
                    Plan d = draft.plan(f, a.entry(), b.entry());
                    if (!d.steps().equals(good.plan(f, a.entry(), b.entry()).steps())) {
                        should++;
                        if (Checker.check(d, strict).verdict() == Verdict.TORN) torn++;
                        if (Checker.check(d, sticky).verdict() == Verdict.TORN) tornSticky++;
                    }
                    Plan c = copy.plan(f, a.entry(), b.entry());
                    cn++;
                    if (Checker.check(c, strict).verdict() == Verdict.TORN) ctorn++;
                    if (Checker.check(c, sticky).verdict() == Verdict.TORN) ctornSticky++;
                    // the used-bits algorithm whose quantum is the reader's chunk must break: two chunks change used bits
                    Ordering sameQuantum = f.defaultChunkBits() == 128 ? good : UsedBits.qwords();
                    if (sameQuantum.plan(f, a.entry(), b.entry()).claim() == dev.hitless.plan.Claim.BREAKING) {
                        cshould++;
                        if (Checker.check(c, strict).verdict() == Verdict.TORN) cmust++;
                    }
                }
            }
            rep.bad.add(new KnownBad(draft.name(), f.name(), n, should, torn, torn, tornSticky,
                    "every transition where its plan differs from used-bits-128's (its breaking path)"));
            rep.bad.add(new KnownBad(copy.name(), f.name(), cn, cshould, cmust, ctorn, ctornSticky,
                    "every transition with two or more critical chunks"));
        }
        return rep;
    }

    /** Every unflagged mutant explained; the draft TORN on every transition where it differs; struct-copy tears. */
    public boolean ok() {
        return rows.stream().allMatch(r -> r.unexplained.isEmpty())
                && bad.stream().allMatch(k -> k.tornWhereMust() == k.mustTear() && k.tornSticky() == 0);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("single-step mutants of every correct plan (catalogue pairs whose plan meets its own claim), " + preset + " reader;\n");
        sb.append("flagged = verdict worse than the original's, final entry not the target, or last change left unsynced\n\n");
        sb.append(String.format("  %-18s %-9s %5s %7s %7s", "ordering", "format", "plans", "mutants", "flagged"));
        for (Mutants.Kind k : Mutants.Kind.values()) sb.append(String.format("  %16s", k.label()));
        sb.append('\n');
        for (Row r : rows) {
            sb.append(String.format("  %-18s %-9s %5d %7d %7s", r.ordering, r.format, r.plans, r.total(),
                    pct(r.flagged(), r.total())));
            for (Mutants.Kind k : Mutants.Kind.values()) {
                int[] t = r.byKind.get(k);
                sb.append(String.format("  %16s", t[1] + "/" + t[0]));
            }
            sb.append('\n');
        }
        sb.append("\nmutants not flagged, by structural reason (checked without the oracle):\n");
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (Row r : rows) r.equivalent.forEach((k, v) -> reasons.merge(k, v, Integer::sum));
        reasons.forEach((k, v) -> sb.append(String.format("  %6d  %s%n", v, k)));
        long unexplained = rows.stream().mapToLong(r -> r.unexplained.size()).sum();
        if (unexplained > 0) {
            sb.append("\nUNEXPLAINED unflagged mutants (a blind spot of the checker, or a mutant that is really safe):\n");
            for (Row r : rows) {
                r.unexplained.stream().limit(10).forEach(u -> sb.append("  ").append(r.ordering).append(' ')
                        .append(r.format).append(": ").append(u).append('\n'));
            }
        }
        sb.append("\nknown-bad orderings (must be TORN where they tear, strict reader; the sticky reader hides the tear):\n");
        for (KnownBad k : bad) {
            sb.append(String.format("  %-20s %-9s must tear on %3d (%s): TORN on %3d of them; TORN on %3d of %3d in all; sticky reader: TORN on %d%n",
                    k.ordering(), k.format(), k.mustTear(), k.rule(), k.tornWhereMust(), k.torn(), k.transitions(), k.tornSticky()));
        }
        sb.append('\n').append(ok() ? "result: OK\n" : "result: FAIL\n");
        return sb.toString();
    }

    private static String pct(int a, int b) {
        return b == 0 ? "-" : a + " (" + Math.round(100.0 * a / b) + "%)";
    }
}
