package dev.hitless.stress.gate;

/** Bad input to the gate (arguments, no matching test, unreadable results): one line on stderr, exit code 2. */
final class BadInput extends RuntimeException {
    BadInput(String message) {
        super(message);
    }
}
