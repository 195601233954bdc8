package dev.hitless.suite;

import dev.hitless.check.CheckResult;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The generated jcstress suite: every built-in ordering x the {@linkplain RepresentativeTransition#stressed()
 * representative transitions} the suite races x every reader preset. {@link JcstressSourceWriter} turns each case
 * into a test class at build time; the stress gate uses the same list to know how many tests it planned and which
 * of them must observe a tear.
 */
public final class StressSuite {
    /** Package under which generated tests live, one sub-package per format. */
    public static final String GENERATED_PACKAGE = "dev.hitless.stress.generated";

    private StressSuite() {
    }

    /** Every generated case, in a stable order (format, transition, ordering, preset). */
    public static List<StressCase> cases() {
        List<StressCase> out = new ArrayList<>();
        for (RepresentativeTransition t : RepresentativeTransition.stressed()) {
            for (Ordering o : Orderings.builtInsFor(dev.hitless.format.Formats.byName(t.formatName()))) {
                for (String preset : ReaderModel.PRESETS) {
                    out.add(new StressCase(t.formatName(), o.name(), t.fromSpec(), t.toSpec(), preset));
                }
            }
        }
        return out;
    }

    /**
     * What the stress run must observe for the gate to pass, if anything: for a known-bad ordering raced by the strict
     * reader (any chunk order, no cache: the reader that sees failures most often), the worst failure the checker
     * proves reachable, TORN or else UNINIT.
     */
    public static Optional<Seen> mustDetect(StressCase c, CheckResult r) {
        if (!Orderings.byName(c.ordering()).knownBad() || !c.preset().equals("strict")) return Optional.empty();
        return Stream.of(Seen.TORN, Seen.UNTRANSLATED, Seen.UNINIT).filter(r.seen()::contains).findFirst();
    }

    /**
     * The CI subset of generated cases (the gate adds the showcase tests): a cheap, must-detect-heavy sample. The
     * used-bits-128 case of this transition is left out: it is the showcase {@code DraftEntrySyncTears.Fixed}, the
     * same race, so the subset stays at 10 tests with the missing-dma_wmb showcase in.
     */
    public static boolean inCi(StressCase c) {
        return c.format().equals("vtd-pasid") && c.from().equals("fl-did5-a") && c.to().equals("fl-did6-b")
                && c.preset().equals("strict")
                && Set.of("struct-copy", "used-bits-128-draft").contains(c.ordering());
    }
}
