package dev.hitless.check;

import dev.hitless.format.EntryFormat;
import dev.hitless.format.NamedConfig;
import dev.hitless.ordering.Orderings;
import dev.hitless.ordering.UsedBits;
import dev.hitless.ordering.StructCopy;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hitless mutants}: every single-step mutant of every correct built-in plan (catalogue pairs, strict reader),
 * under each visibility, how many the checker flags (kills), and for the rest the structural reason they are
 * equivalent; plus the two known-bad orderings, which must be TORN where they tear. A plan is correct under a
 * visibility when it meets its own claim there, so each visibility judges its own set of plans.
 */
public final class MutantReport {
    /** Tally of one ordering on one format under one visibility. */
    public static final class Row {
        public final String ordering;
        public final String format;
        public final Visibility visibility;
        public int plans;
        public final Map<Mutants.Kind, int[]> byKind = new EnumMap<>(Mutants.Kind.class); // {total, flagged}
        public final Map<String, Integer> equivalent = new LinkedHashMap<>();
        public final List<String> unexplained = new ArrayList<>();

        Row(String ordering, String format, Visibility visibility) {
            this.ordering = ordering;
            this.format = format;
            this.visibility = visibility;
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
    private List<Visibility> visibilities = List.of(Visibility.values());

    public List<Row> rows() {
        return rows;
    }

    public List<KnownBad> knownBad() {
        return bad;
    }

    public static MutantReport run(List<EntryFormat> formats) {
        return run(formats, "strict", List.of(Visibility.values()));
    }

    /**
     * Mutants judged under reader preset {@code preset} and each of {@code visibilities} (the known-bad orderings are
     * always checked under the strict and the sticky reader, each format's default visibility).
     */
    public static MutantReport run(List<EntryFormat> formats, String preset, List<Visibility> visibilities) {
        MutantReport rep = new MutantReport();
        rep.preset = preset;
        rep.visibilities = List.copyOf(visibilities);
        for (EntryFormat f : formats) {
            ReaderModel strict = ReaderModel.preset("strict", f);
            ReaderModel sticky = ReaderModel.preset("sticky", f);
            for (Ordering o : Orderings.builtInsFor(f)) {
                if (o.knownBad()) continue;
                List<Row> rows = new ArrayList<>();
                List<ReaderModel> models = new ArrayList<>();
                for (Visibility v : visibilities) {
                    rows.add(new Row(o.name(), f.name(), v));
                    models.add(ReaderModel.preset(preset, f, v));
                }
                rep.rows.addAll(rows);
                for (NamedConfig a : f.catalogue()) {
                    for (NamedConfig b : f.catalogue()) {
                        if (a == b) continue;
                        Plan p = o.plan(f, a.entry(), b.entry());
                        List<Mutants.Mutant> mutants = null; // made once per plan, when some visibility needs them
                        for (int vi = 0; vi < rows.size(); vi++) {
                            Row row = rows.get(vi);
                            CheckResult orig = Checker.check(p, models.get(vi));
                            if (!orig.meets(Requirement.ofClaim(p.claim()))) continue;
                            row.plans++;
                            if (mutants == null) mutants = Mutants.of(p);
                            for (Mutants.Mutant m : mutants) {
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

    /** Killed and total mutants of one operator under one visibility, over every row: {killed, total}. */
    public int[] killRate(Mutants.Kind k, Visibility v) {
        int[] t = new int[2];
        for (Row r : rows) {
            if (r.visibility != v) continue;
            t[0] += r.byKind.get(k)[1];
            t[1] += r.byKind.get(k)[0];
        }
        return t;
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("single-step mutants of every correct plan (catalogue pairs whose plan meets its own claim under that visibility), "
                + preset + " reader;\n");
        sb.append("killed = verdict worse than the original plan's (UNINIT included), final entry not the target, or last change left unsynced\n");
        for (Visibility v : visibilities) sb.append("visibility ").append(v.label()).append(": ").append(v.assumption()).append('\n');
        sb.append("\nkill rate per operator and visibility (killed/total):\n");
        sb.append(String.format("  %-16s", "operator"));
        for (Visibility v : visibilities) sb.append(String.format("  %22s", v.label()));
        sb.append('\n');
        for (Mutants.Kind k : Mutants.Kind.values()) {
            sb.append(String.format("  %-16s", k.label()));
            for (Visibility v : visibilities) {
                int[] t = killRate(k, v);
                sb.append(String.format("  %22s", t[0] + "/" + t[1] + pctOnly(t[0], t[1])));
            }
            sb.append('\n');
        }
        sb.append(String.format("  %-16s", "all"));
        for (Visibility v : visibilities) {
            int killed = 0, total = 0;
            for (Mutants.Kind k : Mutants.Kind.values()) {
                killed += killRate(k, v)[0];
                total += killRate(k, v)[1];
            }
            sb.append(String.format("  %22s", killed + "/" + total + pctOnly(killed, total)));
        }
        sb.append("\n\n");
        sb.append(String.format("  %-18s %-9s %-15s %5s %7s %11s", "ordering", "format", "visibility", "plans", "mutants", "killed"));
        for (Mutants.Kind k : Mutants.Kind.values()) sb.append(String.format("  %16s", k.label()));
        sb.append('\n');
        for (Row r : rows) {
            sb.append(String.format("  %-18s %-9s %-15s %5d %7d %11s", r.ordering, r.format, r.visibility.label(), r.plans, r.total(),
                    pct(r.flagged(), r.total())));
            for (Mutants.Kind k : Mutants.Kind.values()) {
                int[] t = r.byKind.get(k);
                sb.append(String.format("  %16s", t[1] + "/" + t[0]));
            }
            sb.append('\n');
        }
        sb.append("\nmutants not killed, by visibility and structural reason (checked without the oracle):\n");
        for (Visibility v : visibilities) {
            Map<String, Integer> reasons = new java.util.TreeMap<>();
            for (Row r : rows) if (r.visibility == v) r.equivalent.forEach((k, n) -> reasons.merge(k, n, Integer::sum));
            sb.append("  ").append(v.label()).append(":\n");
            reasons.forEach((k, n) -> sb.append(String.format("    %6d  %s%n", n, k)));
        }
        long unexplained = rows.stream().mapToLong(r -> r.unexplained.size()).sum();
        if (unexplained > 0) {
            sb.append("\nUNEXPLAINED unflagged mutants (a blind spot of the checker, or a mutant that is really safe):\n");
            for (Row r : rows) {
                r.unexplained.stream().limit(10).forEach(u -> sb.append("  ").append(r.ordering).append(' ')
                        .append(r.format).append(' ').append(r.visibility.label()).append(": ").append(u).append('\n'));
            }
        }
        sb.append("\nknown-bad orderings (must be TORN where they tear, strict reader, each format's default visibility;"
                + " the sticky reader hides the tear):\n");
        for (KnownBad k : bad) {
            sb.append(String.format("  %-20s %-9s must tear on %3d (%s): TORN on %3d of them; TORN on %3d of %3d in all; sticky reader: TORN on %d%n",
                    k.ordering(), k.format(), k.mustTear(), k.rule(), k.tornWhereMust(), k.torn(), k.transitions(), k.tornSticky()));
        }
        sb.append('\n').append(ok() ? "result: OK\n" : "result: FAIL\n");
        return sb.toString();
    }

    private static String pctOnly(int a, int b) {
        return b == 0 ? "" : " (" + Math.round(100.0 * a / b) + "%)";
    }

    private static String pct(int a, int b) {
        return b == 0 ? "-" : a + " (" + Math.round(100.0 * a / b) + "%)";
    }
}
