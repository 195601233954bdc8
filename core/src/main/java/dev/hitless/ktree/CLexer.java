package dev.hitless.ktree;

import java.util.ArrayList;
import java.util.List;

/** C text as tokens: comments, strings and character literals, numbers, identifiers, punctuators. */
final class CLexer {
    private CLexer() {
    }

    /**
     * The text with every comment replaced by blanks (a line end inside a block comment kept, so line numbers stay),
     * strings and character literals untouched; a backslash before a line end continues a line comment, as in C.
     */
    static String stripComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        for (int i = 0; i < n; ) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    if (s.charAt(i) == '\\' && i + 1 < n && s.charAt(i + 1) == '\n') {
                        out.append(" \n");
                        i += 2;
                        continue;
                    }
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                out.append("  ");
                i += 2;
                while (i < n && !(s.charAt(i) == '*' && i + 1 < n && s.charAt(i + 1) == '/')) {
                    out.append(s.charAt(i) == '\n' ? '\n' : ' ');
                    i++;
                }
                if (i < n) {
                    out.append("  ");
                    i += 2;
                }
            } else if (c == '"' || c == '\'') {
                int j = literalEnd(s, i);
                out.append(s, i, j);
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index just past the string or character literal starting at {@code i}; a line end ends an unclosed one. */
    static int literalEnd(String s, int i) {
        char q = s.charAt(i);
        int j = i + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '\\' && j + 1 < s.length()) {
                j += 2;
                continue;
            }
            if (c == '\n') return j;
            j++;
            if (c == q) return j;
        }
        return j;
    }

    private static final String[] PUNCTUATORS = {"...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=",
            "&&", "||", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##"};

    /** The tokens of comment-free text, each with its line (1-based, counted from {@code firstLine}). */
    static List<Token> tokens(String s, int firstLine) {
        List<Token> out = new ArrayList<>();
        int line = firstLine;
        int n = s.length();
        for (int i = 0; i < n; ) {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '\n') {
                line++;
                i += 2;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '$')) j++;
                if (j < n && (s.charAt(j) == '"' || s.charAt(j) == '\'') && s.substring(i, j).matches("L|u|U|u8")) {
                    int e = literalEnd(s, j);
                    out.add(new Token(s.charAt(j) == '"' ? Token.Kind.STRING : Token.Kind.CHAR, s.substring(i, e), line));
                    i = e;
                } else {
                    out.add(new Token(Token.Kind.IDENTIFIER, s.substring(i, j), line));
                    i = j;
                }
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                int j = i + 1;
                while (j < n) {
                    char d = s.charAt(j);
                    if (Character.isLetterOrDigit(d) || d == '.' || d == '_') j++;
                    else if ((d == '+' || d == '-') && "eEpP".indexOf(s.charAt(j - 1)) >= 0) j++;
                    else break;
                }
                out.add(new Token(Token.Kind.NUMBER, s.substring(i, j), line));
                i = j;
            } else if (c == '"' || c == '\'') {
                int e = literalEnd(s, i);
                out.add(new Token(c == '"' ? Token.Kind.STRING : Token.Kind.CHAR, s.substring(i, e), line));
                for (int k = i; k < e; k++) if (s.charAt(k) == '\n') line++;
                i = e;
            } else {
                String p = String.valueOf(c);
                for (String m : PUNCTUATORS) {
                    if (s.startsWith(m, i)) {
                        p = m;
                        break;
                    }
                }
                out.add(new Token(Token.Kind.PUNCTUATOR, p, line));
                i += p.length();
            }
        }
        return out;
    }
}
