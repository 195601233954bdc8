package dev.hitless.ktree;

/**
 * One C token of a source file, with the (1-based) line it starts on.
 *
 * @param kind what it is
 * @param text its text as written
 * @param line its line in the file
 */
record Token(Kind kind, String text, int line) {
    enum Kind { IDENTIFIER, NUMBER, STRING, CHAR, PUNCTUATOR }

    boolean is(String s) {
        return text.equals(s);
    }

    boolean identifier() {
        return kind == Kind.IDENTIFIER;
    }
}
