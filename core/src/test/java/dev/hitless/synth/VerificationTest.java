package dev.hitless.synth;

import dev.hitless.check.Requirement;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.format.NarrowFormats;
import dev.hitless.ordering.StructCopy;
import dev.hitless.ordering.UsedBits;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.planlang.PlanFile;
import dev.hitless.reader.ReaderModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The re-verification every synthesised plan passes before it is shown, and that it would catch a wrong one. */
class VerificationTest {
    static final EntryFormat VTD = Formats.vtd();
    static final Entry A = VTD.parseConfig("fl-did5-a"), B = VTD.parseConfig("fl-did6-b");

    @Test
    void aTornPlanIsRejected() {
        Plan torn = new StructCopy().plan(VTD, A, B);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Verification.verify(List.of(torn), ReaderModel.strict(VTD), Requirement.SAFE));
        assertTrue(e.getMessage().contains("TORN"), e.getMessage());
    }

    @Test
    void aBreakingPlanIsRejectedWhenHitlessIsRequired() {
        Plan breaking = UsedBits.quanta128().plan(VTD, A, B);
        Verification.verify(List.of(breaking), ReaderModel.strict(VTD), Requirement.SAFE);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Verification.verify(List.of(breaking), ReaderModel.strict(VTD), Requirement.HITLESS));
        assertTrue(e.getMessage().contains("BREAKING"), e.getMessage());
    }

    @Test
    void aPlanThatMissesItsTargetOrLeavesItUnsyncedIsRejected() {
        Plan good = Synthesizer.synthesize(VTD, A, VTD.parseConfig("fl-did5-b"), ReaderModel.strict(VTD), Requirement.HITLESS)
                .plan().orElseThrow();
        List<Step> noSync = new ArrayList<>(good.steps());
        noSync.removeLast();
        Plan unsettled = good.withSteps(good.ordering(), noSync);
        assertTrue(assertThrows(IllegalStateException.class, () -> Verification.verify(List.of(unsettled),
                ReaderModel.strict(VTD), Requirement.HITLESS)).getMessage().contains("stale copy"));
        Plan elsewhere = new Plan(good.ordering(), VTD, A, B, Claim.HITLESS, good.steps());
        assertTrue(assertThrows(IllegalStateException.class, () -> Verification.verify(List.of(elsewhere),
                ReaderModel.strict(VTD), Requirement.HITLESS)).getMessage().contains("not the target"));
    }

    /** Every plan of the catalogue's optimum round-trips: printed as a plan file, parsed back, the same steps and claim. */
    @Test
    void everySynthesisedPlanRoundTripsThroughThePlanLanguage() {
        int n = 0;
        for (EntryFormat f : NarrowFormats.everyWidth()) {
            ReaderModel m = ReaderModel.strict(f);
            List<Plan> plans = new ArrayList<>();
            for (NamedConfig a : f.catalogue()) {
                for (NamedConfig b : f.catalogue()) {
                    Synthesis s = Synthesizer.synthesize(f, a.entry(), b.entry(), m, Requirement.SAFE);
                    Plan p = s.plan().orElseThrow(); // safe always has a plan: the entry may be made non-present
                    assertTrue(s.verifiedOrNull().checks().get(0).meets(Requirement.SAFE));
                    plans.add(p);
                }
            }
            var ordering = PlanFile.parse("all.plan", Verification.planFile(plans));
            for (Plan p : plans) {
                Plan back = ordering.plan(f, p.current(), p.target());
                assertEquals(p.steps(), back.steps());
                assertEquals(p.claim(), back.claim());
                n++;
            }
        }
        assertEquals(240 + 11 + 11 + 5 + 90 + 10 + 8 * 8 + 6 * 6 + 5 * 5 + 6 * 6 + 7 * 7 + 7 * 7, n); // ordered pairs and identities of VT-d, STE, CD, the AMD-Vi DTE (10 configurations), the RISC-V DCs (8 and 6), the VT-d context entries (5 and 6), then the two 7-entry test catalogues
    }
}
