package dev.hitless.synth;

import dev.hitless.check.CheckResult;
import dev.hitless.check.Checker;
import dev.hitless.check.Requirement;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.planlang.PlanFile;
import dev.hitless.planlang.RecordedPlans;
import dev.hitless.reader.ReaderModel;

import java.util.ArrayList;
import java.util.List;

/**
 * The synthesiser is never trusted on its own: before a plan is shown it is written as a plan file
 * ({@link RecordedPlans}), parsed back ({@link PlanFile}) to the same steps and claim, and checked by
 * {@link Checker} under the reader model, which must find the requirement met. A route (several legs through
 * intermediate configurations) is verified leg by leg, each against its own two ends, in one plan file.
 */
public final class Verification {
    /** The ordering name synthesised plans carry, in reports and plan files. */
    public static final String NAME = "synthesized";

    private Verification() {
    }

    /**
     * Plans that passed.
     *
     * @param legs the plans, one per leg of the route (one for a direct plan)
     * @param checks the checker's result for each leg, in the same order
     * @param planFile the plan-file text holding every leg (one {@code when} branch per leg)
     */
    public record Verified(List<Plan> legs, List<CheckResult> checks, String planFile) {
        public Verified {
            legs = List.copyOf(legs);
            checks = List.copyOf(checks);
        }
    }

    /**
     * Verifies every leg.
     *
     * @throws IllegalStateException naming every problem found: a bug in the synthesiser, never a user error
     */
    public static Verified verify(List<Plan> legs, ReaderModel model, Requirement requirement) {
        List<String> problems = new ArrayList<>();
        List<CheckResult> checks = new ArrayList<>();
        String text = planFile(legs);
        for (Plan p : legs) {
            CheckResult r = Checker.check(p, model);
            checks.add(r);
            problems.addAll(problems(p, r, text, requirement));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("synthesised plan failed its re-verification: " + String.join("; ", problems));
        }
        return new Verified(legs, checks, text);
    }

    /** What is wrong with one leg: the checker's violations of {@code requirement}, and any round-trip difference. */
    static List<String> problems(Plan p, CheckResult r, String planFile, Requirement requirement) {
        List<String> out = new ArrayList<>();
        String where = p.format().name() + " " + p.current() + " -> " + p.target();
        for (String v : r.violations(requirement)) out.add(where + ": " + v);
        Plan back = PlanFile.parse(NAME + ".plan", planFile).plan(p.format(), p.current(), p.target());
        if (!back.steps().equals(p.steps()) || back.claim() != p.claim()) {
            out.add(where + ": the plan file does not parse back to the same plan");
        }
        return out;
    }

    /** The plan-file text of the plans (one branch each); its quantum line says 128 when one stores 128-bit chunks. */
    public static String planFile(List<Plan> legs) {
        boolean wide = legs.stream().flatMap(p -> p.steps().stream()).anyMatch(s -> s instanceof Step.Store128);
        return RecordedPlans.write(NAME, "synthesised by hitless synthesize: fewest entry syncs, then fewest stores",
                wide ? 128 : 64, legs);
    }
}
