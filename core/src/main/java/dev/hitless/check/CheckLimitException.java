package dev.hitless.check;

/**
 * A plan whose exploration would need more states than the checker's stated bounds ({@link Timeline#MAX_LINEARISATIONS},
 * {@link Timeline#MAX_DOWNSET_STATES}, {@link Checker#MAX_CONFIGURATIONS}): a one-line message saying which bound and
 * what to do, instead of running out of memory.
 */
public final class CheckLimitException extends RuntimeException {
    public CheckLimitException(String message) {
        super(message, null, false, false);
    }
}
