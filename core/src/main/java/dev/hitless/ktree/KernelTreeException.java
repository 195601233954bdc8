package dev.hitless.ktree;

/**
 * A kernel tree hitless cannot take a writer from: a missing tree or file, an unknown driver, a function that is
 * missing or has a shape hitless does not know, a preprocessor block it cannot evaluate. The message is one line
 * naming the file (and line, where there is one) and what was expected; the command line prints it as bad input
 * (exit code 2).
 */
public final class KernelTreeException extends RuntimeException {
    public KernelTreeException(String message) {
        super(message, null, false, false);
    }
}
