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
 * The generated jcstress suite: every built-in ordering x a few representative transitions of each format x every
 * reader preset. {@link JcstressSourceWriter} turns each case into a test class at build time; the stress gate uses
 * the same list to know how many tests it planned and which of them must observe a tear.
 *
 * <p>Transitions are chosen for what they exercise, not for coverage (the checker covers the catalogue):
 * one that needs two critical quanta (breaking for the used-bits orderings, torn for a struct copy), one with a
 * single critical quantum (hitless for the used-bits orderings), and a change of translation type.
 */
public final class StressSuite {
    /** Package under which generated tests live, one sub-package per format. */
    public static final String GENERATED_PACKAGE = "dev.hitless.stress.generated";

    /** The transitions of each format, as catalogue names {@code from, to}. */
    public static final List<String[]> TRANSITIONS = List.of(
            // VT-d: first-stage domain replace changing DID (chunk 0) and FSPTPTR (chunk 1): two critical quanta.
            new String[] {"vtd-pasid", "fl-did5-a", "fl-did6-b"},
            // VT-d: same domain id, new first-stage table: one critical quantum.
            new String[] {"vtd-pasid", "fl-did5-a", "fl-did5-b"},
            // VT-d: second-stage to first-stage (PGTT, SSPTPTR, DID and FSPTPTR change).
            new String[] {"vtd-pasid", "sl-did7-a", "fl-did5-a"},
            // STE: stage-1 to stage-2 (Config, S1ContextPtr, VMID, S2TTB change).
            new String[] {"smmu-ste", "s1-ssid0", "s2-vmid1"},
            // STE: new stage-2 table, same VMID: one qword.
            new String[] {"smmu-ste", "s2-vmid1", "s2-vmid1-ttb-b"},
            // STE: S1DSS change only (SSID0 -> BYPASS).
            new String[] {"smmu-ste", "s1-ssid0", "s1-bypass"},
            // CD: new ASID and new TTB0.
            new String[] {"smmu-cd", "s1-asid1", "s1-asid2"},
            // CD: SVA release (EPD0 set, TTB0 dropped), the kernel's hitless case.
            new String[] {"smmu-cd", "sva", "sva-release"});

    private StressSuite() {
    }

    /** Every generated case, in a stable order (format, transition, ordering, preset). */
    public static List<StressCase> cases() {
        List<StressCase> out = new ArrayList<>();
        for (String[] t : TRANSITIONS) {
            for (Ordering o : Orderings.builtIns()) {
                for (String preset : ReaderModel.PRESETS) {
                    out.add(new StressCase(t[0], o.name(), t[1], t[2], preset));
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
