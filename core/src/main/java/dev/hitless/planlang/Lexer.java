package dev.hitless.planlang;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a plan file into tokens: words ({@code store128-changed}, {@code unused-update}, {@code q3}, {@code DID}),
 * numbers (decimal or {@code 0x} hex, ASCII digits only, {@code _} allowed), double-quoted strings, the operators
 * {@code = == != < <= > >= [ ] ( ) , ..} and line ends. {@code #} starts a comment that runs to the end of the line.
 */
final class Lexer {
    enum Kind { WORD, NUMBER, STRING, OP, NEWLINE, EOF }

    record Token(Kind kind, String text, long number, Syntax.Pos pos) {
        boolean is(String s) {
            return (kind == Kind.WORD || kind == Kind.OP) && text.equals(s);
        }

        /** How the token reads in an error message. */
        String describe() {
            return switch (kind) {
                case WORD, OP -> "'" + text + "'";
                case NUMBER -> text;
                case STRING -> "string \"" + text + "\"";
                case NEWLINE -> "end of line";
                case EOF -> "end of file";
            };
        }
    }

    private final String file;
    private final String src;
    private int i;
    private int line = 1;
    private int lineStart;

    private Lexer(String file, String src) {
        this.file = file;
        this.src = src;
    }

    static List<Token> tokens(String file, String src) {
        return new Lexer(file, src).run();
    }

    private Syntax.Pos pos() {
        return new Syntax.Pos(line, i - lineStart + 1);
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (i < src.length()) {
            char ch = src.charAt(i);
            Syntax.Pos p = pos();
            if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f') {
                i++;
            } else if (ch == '#') {
                while (i < src.length() && src.charAt(i) != '\n') i++;
            } else if (ch == '\n') {
                out.add(new Token(Kind.NEWLINE, "\n", 0, p));
                i++;
                line++;
                lineStart = i;
            } else if (Character.isLetter(ch) || ch == '_') {
                int s = i;
                while (i < src.length() && isWordChar(src.charAt(i))) i++;
                out.add(new Token(Kind.WORD, src.substring(s, i), 0, p));
            } else if (ch >= '0' && ch <= '9') {
                out.add(number(p));
            } else if (ch == '"') {
                out.add(string(p));
            } else {
                out.add(operator(p, ch));
            }
        }
        out.add(new Token(Kind.NEWLINE, "\n", 0, pos()));
        out.add(new Token(Kind.EOF, "", 0, pos()));
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private Token number(Syntax.Pos p) {
        int s = i;
        boolean hex = src.startsWith("0x", i) || src.startsWith("0X", i);
        if (hex) i += 2;
        while (i < src.length() && (asciiDigit(src.charAt(i), hex) || src.charAt(i) == '_')) i++;
        int end = i;
        while (i < src.length() && isWordChar(src.charAt(i))) i++;
        String text = src.substring(s, i);
        String digits = src.substring(hex ? s + 2 : s, end).replace("_", "");
        if (end != i || digits.isEmpty()) {
            throw new PlanFileException(file, p, "a decimal or 0x hex number", "'" + text + "'");
        }
        try {
            return new Token(Kind.NUMBER, text, Long.parseUnsignedLong(digits, hex ? 16 : 10), p);
        } catch (NumberFormatException e) {
            throw new PlanFileException(file, p, "a number of at most 64 bits", text);
        }
    }

    /** Digits are ASCII in every input language: {@code ١٠} or a full-width {@code ３} is no number. */
    static boolean asciiDigit(char c, boolean hex) {
        return c >= '0' && c <= '9' || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
    }

    private Token string(Syntax.Pos p) {
        StringBuilder sb = new StringBuilder();
        i++;
        while (true) {
            if (i >= src.length() || src.charAt(i) == '\n') {
                throw new PlanFileException(file, pos(), "'\"' to close the string that starts at " + p,
                        i >= src.length() ? "end of file" : "end of line");
            }
            char c = src.charAt(i++);
            if (c == '"') return new Token(Kind.STRING, sb.toString(), 0, p);
            if (c == '\\' && i < src.length() && (src.charAt(i) == '"' || src.charAt(i) == '\\')) c = src.charAt(i++);
            sb.append(c);
        }
    }

    private Token operator(Syntax.Pos p, char ch) {
        String two = i + 1 < src.length() ? src.substring(i, i + 2) : "";
        for (String op : List.of("==", "!=", "<=", ">=", "..")) {
            if (two.equals(op)) {
                i += 2;
                return new Token(Kind.OP, op, 0, p);
            }
        }
        if ("=<>[](),.".indexOf(ch) >= 0) {
            i++;
            return new Token(Kind.OP, String.valueOf(ch), 0, p);
        }
        throw new PlanFileException(file, p, "a word, a number, a string or one of = == != < <= > >= [ ] ( ) , . ..",
                "'" + ch + "'");
    }
}
