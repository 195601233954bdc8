package dev.hitless.plan;

/**
 * What an ordering claims for one transition: which branch of its algorithm it took, and so what the hardware may
 * see meanwhile. The checker compares the claim with what it finds ({@code Requirement.ofClaim}).
 */
public enum Claim {
    /** Current already equals target on every bit: nothing, or only ignored bits, to write. */
    NO_CHANGE("no change"),
    /** The ordering claims the hardware sees only the old or the new configuration. */
    HITLESS("hitless"),
    /** The ordering makes the entry non-present for a while (V/P = 0): DMA faults or is blocked meanwhile. */
    BREAKING("breaking"),
    /** The ordering makes no claim (e.g. a struct copy): only the checker can say what the hardware sees. */
    UNCLAIMED("unclaimed");

    private final String label;

    Claim(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
