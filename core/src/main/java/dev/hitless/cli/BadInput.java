package dev.hitless.cli;

import java.util.List;

/**
 * Bad input: exit code 2 with one line {@code hitless: error: MESSAGE}; a C file that does not compile with several
 * errors adds the others below it, each on a line of its own, indented by two blanks ({@link #details()}).
 */
final class BadInput extends RuntimeException {
    private final List<String> details;

    BadInput(String message) {
        this(message, List.of());
    }

    BadInput(String message, List<String> details) {
        super(message, null, false, false);
        this.details = List.copyOf(details);
    }

    List<String> details() {
        return details;
    }
}
