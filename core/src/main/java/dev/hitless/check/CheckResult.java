package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.plan.Plan;
import dev.hitless.reader.Observation;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link Checker} found for one plan under one reader model.
 *
 * @param plan the plan checked
 * @param model the reader model explored
 * @param verdict HITLESS (only OLD/NEW), BREAKING (BLOCKED possible), UNINIT (a new table may be walked before it is
 *                visible) or TORN, the worst judgement seen
 * @param seen every judgement some observation received
 * @param outcomes every possible observation: exactly the outcomes a stress test of this plan under this model may
 *                 observe
 * @param entrySyncs the plan's entry syncs (the figure the kernel's KUnit test counts)
 * @param reachesTarget the plan leaves the target in memory
 * @param settled no store changes what the hardware reads (the used bits) after the last entry sync, so the hardware
 *                is made to use the final entry
 *                (a plan whose last change is never synced leaves a caching reader on a stale copy)
 * @param distinctObservations number of judgements the checker made: one per combination of classes of chunk
 *                             values per window (entries that differ only in bits no judgement compares are one
 *                             class; see {@link Checker}), far fewer than the entries a reader can observe
 * @param counterexampleOrNull the shortest TORN observation, else the shortest UNINIT, else the shortest BLOCKED one,
 *                             else null
 * @param examples for each outcome, one entry the reader can observe that gives it
 */
public record CheckResult(Plan plan, ReaderModel model, Verdict verdict, Set<Seen> seen, Set<Observation> outcomes,
                          int entrySyncs, boolean reachesTarget, boolean settled, int distinctObservations,
                          Counterexample counterexampleOrNull, Map<Observation, Entry> examples) {

    public CheckResult {
        seen = Set.copyOf(seen);
        outcomes = Set.copyOf(outcomes);
        examples = Map.copyOf(examples);
    }

    /**
     * This result for {@code otherPlan} under {@code otherModel}, which the caller knows read alike (the same
     * entries, steps and observations: {@link Checker.Shared}): the same findings, naming them.
     */
    public CheckResult relabelled(Plan otherPlan, ReaderModel otherModel) {
        return new CheckResult(otherPlan, otherModel, verdict, seen, outcomes, entrySyncs, reachesTarget, settled,
                distinctObservations, counterexampleOrNull == null ? null : counterexampleOrNull.relabelled(otherPlan, otherModel),
                examples);
    }

    public Optional<Counterexample> counterexample() {
        return Optional.ofNullable(counterexampleOrNull);
    }

    /** The outcomes in {@link Observation#ORDER}, as outcome tables list them. */
    public List<Observation> sortedOutcomes() {
        return outcomes.stream().sorted(Observation.ORDER).toList();
    }

    /** The {@linkplain Observation#key keys} of the outcomes in {@link Observation#ORDER}, for printing. */
    public List<String> sortedOutcomeKeys() {
        return sortedOutcomes().stream().map(Observation::key).toList();
    }

    /** True when the verdict satisfies {@code r}, the plan reaches its target, and the last change is synced. */
    public boolean meets(Requirement r) {
        return r.accepts(verdict) && reachesTarget && settled;
    }

    /** Why {@link #meets} fails, one phrase per reason; empty when it holds. */
    public List<String> violations(Requirement r) {
        List<String> out = new ArrayList<>();
        if (!r.accepts(verdict)) {
            out.add(verdict == Verdict.TORN ? "a present entry that is neither old nor new is visible (TORN)"
                    : verdict == Verdict.UNTRANSLATED ? "the device's DMA passes untranslated for a while (UNTRANSLATED):"
                            + " an entry that is neither old nor new lets requests reach memory unchecked"
                    : verdict == Verdict.UNINIT ? "the device may use the new entry before the table it points at is visible (UNINIT)"
                    : "the entry is not present for a while (BREAKING), but " + r.label() + " was required");
        }
        if (!reachesTarget) out.add("the final entry is not the target");
        if (!settled) out.add("stores after the last entry sync: the hardware may keep a stale copy");
        return out;
    }
}
