package dev.hitless.cli;

/** A user mistake: printed as one line {@code hitless: error: <message>}, exit code 2, never a stack trace. */
final class BadInput extends RuntimeException {
    BadInput(String message) {
        super(message, null, false, false);
    }
}
