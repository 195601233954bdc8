package dev.hitless.plan;

/** Which branch of its algorithm an ordering took for one transition, as the ordering itself claims. */
public enum Path {
    /** Current already equals target on every bit: nothing, or only ignored bits, to write. */
    NO_CHANGE("no change"),
    /** The ordering claims the hardware sees only the old or the new configuration. */
    HITLESS("hitless"),
    /** The ordering makes the entry non-present for a while (V/P = 0): DMA faults or is blocked meanwhile. */
    BREAKING("breaking"),
    /** The ordering makes no claim (e.g. a struct copy): only the checker can say what the hardware sees. */
    UNCLAIMED("unclaimed");

    private final String label;

    Path(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
