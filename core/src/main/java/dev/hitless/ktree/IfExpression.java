package dev.hitless.ktree;

import java.util.List;
import java.util.Map;

/**
 * The value of an {@code #if} or {@code #elif} expression, as the C preprocessor computes it, over the macros
 * defined at that point: integers (decimal, hex, octal, with {@code U}/{@code L} suffixes), {@code defined X} and
 * {@code defined(X)}, the kernel's {@code IS_ENABLED(X)}, {@code IS_BUILTIN(X)}, {@code IS_MODULE(X)} and
 * {@code IS_REACHABLE(X)} (true when X, or X_MODULE for the module forms, is defined as 1), an object-like macro by
 * its value, every C operator of a constant expression ({@code ?:}, {@code || && | ^ &}, comparisons, shifts,
 * arithmetic, {@code ! ~ - +}). As in C, a name that is not a macro is 0; a function-like macro or an unknown call
 * is 0 too (the preprocessor would expand it; hitless does not).
 */
final class IfExpression {
    private final String file;
    private final int line;
    private final List<Token> tokens;
    private final Map<String, Macro> defined;
    /** The macros being expanded (a name met again inside its own value is 0, as C leaves it unexpanded). */
    private final java.util.Set<String> expanding;
    /** The value of each macro already expanded in this #if, so that a chain of macros costs its length, not 2^n. */
    private final Map<String, Long> values;
    private int at;

    private IfExpression(String file, int line, List<Token> tokens, Map<String, Macro> defined, java.util.Set<String> expanding,
                         Map<String, Long> values) {
        this.file = file;
        this.line = line;
        this.tokens = tokens;
        this.defined = defined;
        this.expanding = expanding;
        this.values = values;
    }

    static long evaluate(String file, int line, String expression, Map<String, Macro> defined) {
        return evaluate(file, line, expression, defined, new java.util.HashSet<>(), new java.util.HashMap<>());
    }

    private static long evaluate(String file, int line, String expression, Map<String, Macro> defined, java.util.Set<String> expanding,
                                 Map<String, Long> values) {
        if (expanding.size() > 200) throw new KernelTreeException(file + ":" + line + ": expected macros nested at most 200 deep in #if");
        IfExpression e = new IfExpression(file, line, CLexer.tokens(expression, line), defined, expanding, values);
        if (e.tokens.isEmpty()) throw e.expected("an expression after #if");
        long v = e.conditional();
        if (e.at < e.tokens.size()) throw e.expected("an operator or the end of the #if expression");
        return v;
    }

    private KernelTreeException expected(String what) {
        return new KernelTreeException(file + ":" + line + ": expected " + what + ", found "
                + (at < tokens.size() ? "'" + tokens.get(at).text() + "'" : "the end of the line"));
    }

    private boolean accept(String s) {
        if (at < tokens.size() && tokens.get(at).is(s)) {
            at++;
            return true;
        }
        return false;
    }

    private long conditional() {
        long c = binary(0);
        if (accept("?")) {
            long a = conditional();
            if (!accept(":")) throw expected("':' of '?:'");
            long b = conditional();
            return c != 0 ? a : b;
        }
        return c;
    }

    private static final List<List<String>> LEVELS = List.of(List.of("||"), List.of("&&"), List.of("|"), List.of("^"),
            List.of("&"), List.of("==", "!="), List.of("<", ">", "<=", ">="), List.of("<<", ">>"), List.of("+", "-"),
            List.of("*", "/", "%"));

    private long binary(int level) {
        if (level == LEVELS.size()) return unary();
        long v = binary(level + 1);
        while (at < tokens.size() && LEVELS.get(level).contains(tokens.get(at).text())) {
            String op = tokens.get(at++).text();
            long r = binary(level + 1);
            v = switch (op) {
                case "||" -> (v != 0 || r != 0) ? 1 : 0;
                case "&&" -> (v != 0 && r != 0) ? 1 : 0;
                case "|" -> v | r;
                case "^" -> v ^ r;
                case "&" -> v & r;
                case "==" -> v == r ? 1 : 0;
                case "!=" -> v != r ? 1 : 0;
                case "<" -> v < r ? 1 : 0;
                case ">" -> v > r ? 1 : 0;
                case "<=" -> v <= r ? 1 : 0;
                case ">=" -> v >= r ? 1 : 0;
                case "<<" -> v << r;
                case ">>" -> v >> r;
                case "+" -> v + r;
                case "-" -> v - r;
                case "*" -> v * r;
                default -> {
                    if (r == 0) throw new KernelTreeException(file + ":" + line + ": expected a divisor other than 0 in #if");
                    yield op.equals("/") ? v / r : v % r;
                }
            };
        }
        return v;
    }

    private long unary() {
        if (accept("!")) return unary() == 0 ? 1 : 0;
        if (accept("~")) return ~unary();
        if (accept("-")) return -unary();
        if (accept("+")) return unary();
        return primary();
    }

    private long primary() {
        if (at >= tokens.size()) throw expected("a value");
        Token t = tokens.get(at++);
        if (t.is("(")) {
            long v = conditional();
            if (!accept(")")) throw expected("')'");
            return v;
        }
        if (t.kind() == Token.Kind.NUMBER) return number(t.text());
        if (t.kind() == Token.Kind.CHAR) return t.text().length() == 3 ? t.text().charAt(1) : 0;
        if (!t.identifier()) {
            at--;
            throw expected("a value");
        }
        String name = t.text();
        if (name.equals("defined")) {
            boolean paren = accept("(");
            if (at >= tokens.size() || !tokens.get(at).identifier()) throw expected("a macro name after 'defined'");
            boolean d = defined.containsKey(tokens.get(at++).text());
            if (paren && !accept(")")) throw expected("')' after 'defined(NAME'");
            return d ? 1 : 0;
        }
        if (List.of("IS_ENABLED", "IS_BUILTIN", "IS_MODULE", "IS_REACHABLE").contains(name) && accept("(")) {
            if (at >= tokens.size() || !tokens.get(at).identifier()) throw expected("a CONFIG_ name in " + name + "(...)");
            String option = tokens.get(at++).text();
            if (!accept(")")) throw expected("')' closing " + name + "(...)");
            boolean builtin = isOne(option), module = isOne(option + "_MODULE");
            return switch (name) {
                case "IS_BUILTIN" -> builtin ? 1 : 0;
                case "IS_MODULE" -> module ? 1 : 0;
                default -> builtin || module ? 1 : 0;
            };
        }
        if (at < tokens.size() && tokens.get(at).is("(")) {
            skipArguments();
            return 0;
        }
        Macro m = defined.get(name);
        if (m == null || m.params() != null || expanding.contains(name)) return 0;
        if (m.body().isBlank()) throw new KernelTreeException(file + ":" + line + ": expected a value, found macro " + name + ", defined empty, in #if");
        Long known = values.get(name);
        if (known != null) return known;
        expanding.add(name);
        long v = evaluate(file, line, m.body(), defined, expanding, values);
        expanding.remove(name);
        values.put(name, v);
        return v;
    }

    private boolean isOne(String option) {
        Macro m = defined.get(option);
        return m != null && m.params() == null && m.body().strip().equals("1");
    }

    private void skipArguments() {
        int open = 0;
        do {
            if (at >= tokens.size()) throw expected("')' closing a call");
            Token t = tokens.get(at++);
            if (t.is("(")) open++;
            else if (t.is(")")) open--;
        } while (open > 0);
    }

    /** A C integer constant: decimal, hex ({@code 0x}), octal (leading 0) or binary ({@code 0b}), suffixes ignored. */
    private long number(String s) {
        String d = s.replaceAll("(?i)[ul]+$", "");
        try {
            if (d.startsWith("0x") || d.startsWith("0X")) return Long.parseUnsignedLong(d.substring(2), 16);
            if (d.startsWith("0b") || d.startsWith("0B")) return Long.parseUnsignedLong(d.substring(2), 2);
            if (d.length() > 1 && d.startsWith("0")) return Long.parseUnsignedLong(d.substring(1), 8);
            return Long.parseUnsignedLong(d);
        } catch (NumberFormatException e) {
            at--;
            throw expected("an integer constant");
        }
    }
}
