package dev.hitless.synth;

import dev.hitless.check.Requirement;
import dev.hitless.plan.Plan;
import dev.hitless.reader.ReaderModel;

import java.util.Optional;

/**
 * The answer of one synthesis: a verified plan with the fewest entry syncs, then the fewest stores, or a proof that
 * none exists in the space. Exactly one of the two is present.
 *
 * @param model the reader model searched under
 * @param requirement what the plan had to meet
 * @param verifiedOrNull the plan, re-verified ({@link Verification}), or null
 * @param proofOrNull the proof, or null
 * @param stats the search's figures
 */
public record Synthesis(ReaderModel model, Requirement requirement, Verification.Verified verifiedOrNull,
                        Proof proofOrNull, Stats stats) {
    public Synthesis {
        if ((verifiedOrNull == null) == (proofOrNull == null)) throw new IllegalArgumentException("a plan or a proof");
    }

    public boolean found() {
        return verifiedOrNull != null;
    }

    /** The plan, when one was found. */
    public Optional<Plan> plan() {
        return found() ? Optional.of(verifiedOrNull.legs().get(0)) : Optional.empty();
    }

    public Optional<Proof> proof() {
        return Optional.ofNullable(proofOrNull);
    }
}
