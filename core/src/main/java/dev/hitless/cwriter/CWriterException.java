package dev.hitless.cwriter;

/**
 * A C writer that cannot be recorded: no C compiler, a file that does not compile, a writer that crashes, loops,
 * writes outside the entry or records something the plans cannot express. The message is one line naming the file
 * and, where there is one, the transition; the command line prints it as bad input (exit code 2).
 */
public final class CWriterException extends RuntimeException {
    public CWriterException(String message) {
        super(message, null, false, false);
    }
}
