package dev.hitless.synth;

/**
 * A transition whose search would need more than the synthesiser's stated bounds (2^22 entries in the space,
 * {@code Space.MAX_STATES}; 5 million windows judged, about five seconds, {@code Windows.MAX_WINDOWS}): one line
 * saying which bound, instead of running out of time or memory. The command line prints it and exits 4.
 */
public final class SynthesisLimitException extends RuntimeException {
    public SynthesisLimitException(String message) {
        super(message, null, false, false);
    }
}
