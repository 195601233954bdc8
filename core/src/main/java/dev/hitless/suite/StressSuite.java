package dev.hitless.suite;

import dev.hitless.check.CheckResult;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
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
 * The generated jcstress suite: the {@linkplain RepresentativeTransition#stressed() representative transitions} the
 * suite races x the built-in {@linkplain #orderings orderings} x the {@linkplain #presets reader presets} of each
 * transition's format. {@link JcstressSourceWriter} turns each case
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
            for (Ordering o : orderings(t.format())) {
                for (String preset : ReaderModel.presets(t.format())) { // the matrix's readers
                    out.add(new StressCase(t.formatName(), o.name(), t.fromSpec(), t.toSpec(), preset));
                }
            }
        }
        return out;
    }

    /**
     * The orderings the suite races on {@code format}: the built-ins that apply to it, except that a format with
     * orderings of its own (a driver's, which apply to no other built-in format: AMD-Vi's {@code amd-update-dte256}
     * and {@code xen-no-cx16}) races only those. The shared orderings on such a format are the checker's to cover
     * ({@code hitless matrix}); racing them too would add 24 tests per transition to a suite that already takes an
     * hour.
     */
    public static List<Ordering> orderings(EntryFormat format) {
        List<Ordering> all = Orderings.builtInsFor(format);
        List<Ordering> own = all.stream().filter(o -> !Formats.all().stream().allMatch(o::appliesTo)).toList();
        return own.isEmpty() ? all : own;
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
