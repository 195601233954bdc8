package dev.hitless.cwriter;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Text that the C compiler or the writer produced, made safe to show in one line of a message: decoded whatever its
 * encoding (bytes that are not UTF-8 become U+FFFD), control characters written as escapes, long text cut. Nothing
 * read from those programs is printed any other way.
 */
final class UntrustedText {
    private UntrustedText() {
    }

    /** The longest piece of untrusted text a message quotes. */
    static final int MAX_QUOTED = 200;

    /** The bytes as text: UTF-8 where they are UTF-8, U+FFFD for every malformed sequence; never throws. */
    static String decode(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new AssertionError("a replacing decoder does not throw", e);
        }
    }

    /**
     * One line: every control character (a line end included) as {@code \n}, {@code \t}, {@code \r} or
     * {@code \xNN}, cut to {@link #MAX_QUOTED} characters with {@code ...}.
     */
    static String oneLine(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < MAX_QUOTED; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') sb.append(String.format("\\x%02x", (int) c & 0xff));
                    else sb.append(c);
                }
            }
        }
        return sb.length() >= MAX_QUOTED ? sb.substring(0, MAX_QUOTED) + "..." : sb.toString();
    }

    /** The lines of {@code text} that hold more than blanks, stripped. */
    static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
