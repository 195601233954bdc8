package dev.hitless.suite;

import dev.hitless.check.CheckResult;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
            for (Ordering o : Orderings.builtIns()) {
                for (String preset : ReaderModel.PRESETS) {
                    out.add(new StressCase(t.formatName(), o.name(), t.fromSpec(), t.toSpec(), preset));
                }
            }
        }
        return out;
    }

    /**
     * True when the stress run must observe a tear for the gate to pass: a known-bad ordering that the checker
     * proves torn, raced by the strict reader (any chunk order, no cache: the reader that sees tears most often).
     */
    public static boolean mustDetect(StressCase c, CheckResult r) {
        return Orderings.byName(c.ordering()).knownBad() && c.preset().equals("strict") && r.seen().contains(Seen.TORN);
    }

    /** The CI subset of generated cases (the gate adds the showcase tests): a cheap, must-detect-heavy sample. */
    public static boolean inCi(StressCase c) {
        return c.format().equals("vtd-pasid") && c.from().equals("fl-did5-a") && c.to().equals("fl-did6-b")
                && c.preset().equals("strict")
                && Set.of("struct-copy", "used-bits-128", "used-bits-128-draft").contains(c.ordering());
    }
}
