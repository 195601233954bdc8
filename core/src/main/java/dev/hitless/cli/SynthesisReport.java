package dev.hitless.cli;

import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Plan;
import dev.hitless.synth.Optimality;
import dev.hitless.synth.Route;
import dev.hitless.synth.Stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text of {@code hitless synthesize --matrix}: per format a row per transition, the findings, the search's figures. */
final class SynthesisReport {
    private SynthesisReport() {
    }

    static List<String> text(List<Optimality.Row> rows, List<EntryFormat> formats, boolean intermediates, long nanos) {
        List<String> out = new ArrayList<>();
        out.add("synthesize --matrix: the used-bits algorithm against the optimum plan, every catalogue transition");
        out.add("a/b = entry syncs/stores; optimum = fewest entry syncs, then fewest stores, hitless where a hitless plan exists, else safe");
        Stats all = Stats.NONE;
        for (EntryFormat f : formats) {
            List<Optimality.Row> mine = rows.stream().filter(r -> r.format() == f).toList();
            if (mine.isEmpty()) continue;
            String builtIn = Optimality.builtIn(f, mine.get(0).model()).name();
            out.add("");
            out.add(f.name() + ": " + mine.size() + " transitions, reader " + mine.get(0).model().label() + ", built-in " + builtIn);
            out.add(String.format("  %-32s %-16s %-" + (intermediates ? 40 : 22) + "s %s", "transition", builtIn, "optimum", "").stripTrailing());
            List<String> notOptimal = new ArrayList<>(), none = new ArrayList<>();
            Stats stats = Stats.NONE;
            for (Optimality.Row r : mine) {
                Plan b = r.builtInPlan();
                String opt = r.hitlessExists() ? "hitless " + cost(r.optimum().orElseThrow())
                        : "none; safe " + r.optimum().map(SynthesisReport::cost).orElse("none")
                        + (intermediates ? r.route().map(x -> "; route " + routeCost(x)).orElse("; no route") : "");
                String note = r.builtInOptimal() ? "optimal" : "NOT OPTIMAL: " + why(r);
                out.add(String.format("  %-32s %-16s %-" + (intermediates ? 40 : 22) + "s %s", r.transition(),
                        r.builtIn().verdict() + " " + cost(b), opt, note));
                if (!r.builtInOptimal()) notOptimal.add(r.transition() + " (" + why(r) + ")");
                if (!r.hitlessExists()) none.add(r.transition());
                stats = stats.plus(r.stats());
            }
            all = all.plus(stats);
            out.add("  " + builtIn + " is optimal on " + (mine.size() - notOptimal.size()) + " of " + mine.size() + "; "
                    + (mine.size() - none.size()) + " transitions have a hitless plan, " + none.size() + " have none");
            out.add("  built-in not optimal (" + notOptimal.size() + "):" + (notOptimal.isEmpty() ? " none" : ""));
            for (String s : notOptimal) out.add("    " + s);
            out.add("  no hitless plan exists (" + none.size() + "):" + (none.isEmpty() ? " none" : ""));
            for (int i = 0; i < none.size(); i += 4) out.add("    " + String.join(", ", none.subList(i, Math.min(none.size(), i + 4))));
            out.add("  search: " + stats.line());
        }
        out.add("");
        out.add(String.format(Locale.ROOT, "total: %d transitions synthesised and re-verified in %.0f ms (search %.0f ms): %d sync-point entries explored, %d windows and %d entries judged",
                rows.size(), nanos / 1e6, all.nanos() / 1e6, all.syncPoints(), all.windows(), all.judgements()));
        return out;
    }

    private static String why(Optimality.Row r) {
        Plan o = r.optimum().orElseThrow();
        int fewer = r.builtInPlan().entrySyncCount() - o.entrySyncCount();
        if (r.hitlessExists() && !r.builtIn().meets(dev.hitless.check.Requirement.HITLESS)) {
            return "not hitless, though a hitless plan with " + cost(o) + " exists";
        }
        if (fewer > 0) return fewer + " entry sync" + (fewer == 1 ? "" : "s") + " more than the optimum " + cost(o);
        return "fails its requirement (" + r.builtIn().verdict() + ")";
    }

    private static String cost(Plan p) {
        return p.entrySyncCount() + "/" + p.storeCount();
    }

    private static String routeCost(Route r) {
        int stores = r.legs().stream().mapToInt(l -> l.plan().orElseThrow().storeCount()).sum();
        // the tag as the entry's decoding prints it (DID 0xa), as check's cache-tag lines do
        return r.entrySyncs() + "/" + stores + " via " + r.tag().map(t -> r.legs().getFirst().plan().orElseThrow().format()
                .formatValue(t, r.temporary()).replaceFirst("=", " ")).orElse("none");
    }
}
