package dev.hitless.check;

import dev.hitless.plan.Claim;

/** What a caller demands of a plan: {@code --require hitless|safe}. Both also demand that the plan reaches its target. */
public enum Requirement {
    /** Only OLD or NEW observations (no fault window, no tear). */
    HITLESS,
    /** No TORN, UNTRANSLATED or UNINIT observation; a blocking window (BREAKING) is allowed. */
    SAFE;

    /** What a plan's own claim promises: a hitless (or no-change) plan must be HITLESS, anything else SAFE. */
    public static Requirement ofClaim(Claim claim) {
        return claim == Claim.HITLESS || claim == Claim.NO_CHANGE ? HITLESS : SAFE;
    }

    public boolean accepts(Verdict v) {
        return this == HITLESS ? v == Verdict.HITLESS : !v.worseThan(Verdict.BREAKING);
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
