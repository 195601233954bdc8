package dev.hitless.cwriter;

import java.util.List;

/**
 * A C writer that cannot be recorded: no C compiler, a file that does not compile, a writer that crashes, loops,
 * writes outside the entry or records something the plans cannot express. The message is one line naming the file
 * and, where there is one, the transition; the command line prints it as bad input (exit code 2). A compile that
 * failed with several errors also carries the others as {@link #details()}, one line each, shown below it.
 */
public final class CWriterException extends RuntimeException {
    private final List<String> details;

    public CWriterException(String message) {
        this(message, List.of());
    }

    public CWriterException(String message, List<String> details) {
        super(message, null, false, false);
        this.details = List.copyOf(details);
    }

    /** Further lines (each one line), e.g. the compiler's errors after the first; empty for most failures. */
    public List<String> details() {
        return details;
    }
}
