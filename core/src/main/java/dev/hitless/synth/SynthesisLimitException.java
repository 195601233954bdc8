package dev.hitless.synth;

/**
 * A transition whose search would need more states than the synthesiser's stated bounds ({@link Space#MAX_STATES},
 * {@link Synthesizer#MAX_WINDOWS}): one line saying which bound, instead of running out of time or memory.
 */
public final class SynthesisLimitException extends RuntimeException {
    public SynthesisLimitException(String message) {
        super(message, null, false, false);
    }
}
