package dev.hitless.synth;

import dev.hitless.check.CheckResult;
import dev.hitless.check.Checker;
import dev.hitless.check.Requirement;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.NamedConfig;
import dev.hitless.ordering.UsedBits;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.reader.ReaderModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The used-bits algorithm against the optimum over a format's catalogue ({@code hitless synthesize --matrix}): for
 * every ordered pair of distinct catalogue configurations, the built-in's plan checked by the {@link Checker} beside
 * the synthesised optimum for {@code hitless}, and, where no hitless plan exists, the optimum for {@code safe} (what a
 * breaking plan has to cost) and, when asked, the cheapest route through temporary-tag intermediates.
 */
public final class Optimality {
    private Optimality() {
    }

    /**
     * The built-in compared with the optimum: used-bits with the stores the space has, 128-bit quanta where plans may
     * store 128-bit chunks (VT-d under its own chunk), else 64-bit (SMMUv3).
     */
    public static Ordering builtIn(EntryFormat f, ReaderModel m) {
        return Space.wideStores(f, m) ? UsedBits.quanta128() : UsedBits.qwords();
    }

    /**
     * One transition.
     *
     * @param builtIn the built-in's check
     * @param hitless the optimum for {@code hitless}
     * @param safeOrNull the optimum for {@code safe}, computed only where no hitless plan exists
     * @param route the cheapest route through intermediates, computed only when asked and no hitless plan exists
     */
    public record Row(EntryFormat format, NamedConfig from, NamedConfig to, ReaderModel model, CheckResult builtIn,
                      Synthesis hitless, Synthesis safeOrNull, Optional<Route> route) {

        /** The built-in's plan. */
        public Plan builtInPlan() {
            return builtIn.plan();
        }

        /** A hitless plan exists in the space. */
        public boolean hitlessExists() {
            return hitless.found();
        }

        /** The built-in is hitless where a hitless plan exists, and needs no more entry syncs than the optimum. */
        public boolean builtInOptimal() {
            Requirement r = hitless.found() ? Requirement.HITLESS : Requirement.SAFE;
            return optimum().map(o -> builtIn.meets(r) && builtInPlan().entrySyncCount() <= o.entrySyncCount()).orElse(true);
        }

        /** The optimum the row compares with: hitless when one exists, else safe (empty when neither exists). */
        public Optional<Plan> optimum() {
            return hitless.found() ? hitless.plan() : safeOrNull.plan();
        }

        public Stats stats() {
            Stats s = hitless.stats();
            if (safeOrNull != null) s = s.plus(safeOrNull.stats());
            return route.map(r -> r.stats()).map(s::plus).orElse(s);
        }

        public String transition() {
            return from.name() + " -> " + to.name();
        }
    }

    /**
     * Every transition of every format's catalogue.
     *
     * @param model the reader model of each format
     * @param intermediates also search a route through intermediates where no hitless plan exists
     */
    public static List<Row> run(List<EntryFormat> formats, Function<EntryFormat, ReaderModel> model, boolean intermediates) {
        List<Row> out = new ArrayList<>();
        for (EntryFormat f : formats) {
            ReaderModel m = model.apply(f);
            Ordering o = builtIn(f, m);
            for (NamedConfig a : f.catalogue()) {
                for (NamedConfig b : f.catalogue()) {
                    if (a == b) continue;
                    CheckResult bi = Checker.check(o.plan(f, a.entry(), b.entry()), m);
                    Synthesis h = Synthesizer.synthesize(f, a.entry(), b.entry(), m, Requirement.HITLESS);
                    Synthesis s = h.found() ? null : Synthesizer.synthesize(f, a.entry(), b.entry(), m, Requirement.SAFE);
                    Optional<Route> r = intermediates && !h.found() ? Route.find(f, a.entry(), b.entry(), m) : Optional.empty();
                    out.add(new Row(f, a, b, m, bi, h, s, r));
                }
            }
        }
        return out;
    }
}
