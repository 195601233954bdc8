package dev.hitless.ktree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A C source file as the preprocessor would see it, without expanding anything: comments removed (strings and
 * character literals kept whole, so a {@code /*} or {@code "} inside one is text), line continuations joined in
 * directives, and every {@code #if}, {@code #ifdef}, {@code #ifndef}, {@code #elif}, {@code #elifdef},
 * {@code #elifndef}, {@code #else} and {@code #endif} evaluated under a configuration (the macros defined before the
 * file, plus each {@code #define} and {@code #undef} met in an active block, in order).
 *
 * <p>The result keeps the file's line numbers: {@link #activeText} is the file with comments, every directive line
 * and every line of an inactive block blanked, which is what {@link Ctags} reads and {@link Extraction} copies;
 * {@link #macros} are the {@code #define}s of active blocks, each as one logical line.
 */
final class CScanner {
    /** An {@code #include} of an active block: {@code <name>} when angled, else {@code "name"}. */
    record Include(String name, boolean angled, int line) {
    }

    /** What a scan found. */
    record Scan(String activeText, List<Macro> macros, List<Include> includes, Map<String, Macro> definedAtEnd) {
    }

    private CScanner() {
    }

    /**
     * Scans {@code text}, shown in messages as {@code file}, under {@code config}: the macros defined before its first
     * line (a name to its value; {@code IS_ENABLED(CONFIG_X)} is true when CONFIG_X's value is 1).
     *
     * @throws KernelTreeException for an {@code #else}, {@code #elif} or {@code #endif} without its {@code #if}, an
     *     {@code #if} without {@code #endif}, or an expression that is not one
     */
    static Scan scan(String file, String text, Map<String, Macro> config) {
        String stripped = CLexer.stripComments(text);
        String[] lines = stripped.split("\n", -1);
        String[] active = new String[lines.length];
        Map<String, Macro> defined = new LinkedHashMap<>(config);
        List<Macro> macros = new ArrayList<>();
        List<Include> includes = new ArrayList<>();
        // one frame per open #if: was the enclosing block active, has a branch been taken, is this branch active
        record Frame(boolean outer, boolean taken, boolean on, int line, boolean sawElse) {
        }
        List<Frame> stack = new ArrayList<>();
        boolean on = true;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            String t = l.stripLeading();
            if (!t.startsWith("#")) {
                active[i] = on ? l : "";
                continue;
            }
            // a directive: one logical line, its continuations joined
            int first = i;
            StringBuilder sb = new StringBuilder();
            String cur = l;
            while (cur.endsWith("\\") && i + 1 < lines.length) {
                sb.append(cur, 0, cur.length() - 1).append(' ');
                active[i] = "";
                cur = lines[++i];
            }
            sb.append(cur);
            active[i] = "";
            String d = sb.toString().strip().substring(1).strip();
            String word = d.isEmpty() ? "" : d.split("[^A-Za-z_0-9]", 2)[0];
            String rest = d.substring(word.length()).strip();
            int line = first + 1;
            switch (word) {
                case "if", "ifdef", "ifndef" -> {
                    boolean v = on && test(file, line, word, rest, defined);
                    stack.add(new Frame(on, v, v, line, false));
                    on = v;
                }
                case "elif", "elifdef", "elifndef" -> {
                    if (stack.isEmpty()) throw new KernelTreeException(file + ":" + line + ": #" + word + " without #if");
                    Frame f = stack.removeLast();
                    if (f.sawElse()) throw new KernelTreeException(file + ":" + line + ": #" + word + " after #else (of the #if at line " + f.line() + ")");
                    boolean v = f.outer() && !f.taken() && test(file, line, word.substring(2), rest, defined);
                    stack.add(new Frame(f.outer(), f.taken() || v, v, f.line(), false));
                    on = v;
                }
                case "else" -> {
                    if (stack.isEmpty()) throw new KernelTreeException(file + ":" + line + ": #else without #if");
                    Frame f = stack.removeLast();
                    if (f.sawElse()) throw new KernelTreeException(file + ":" + line + ": a second #else (of the #if at line " + f.line() + ")");
                    boolean v = f.outer() && !f.taken();
                    stack.add(new Frame(f.outer(), true, v, f.line(), true));
                    on = v;
                }
                case "endif" -> {
                    if (stack.isEmpty()) throw new KernelTreeException(file + ":" + line + ": #endif without #if");
                    on = stack.removeLast().outer();
                }
                case "define" -> {
                    if (!on) break;
                    Macro m = macro(file, line, i + 1, rest);
                    defined.put(m.name(), m);
                    macros.add(m);
                }
                case "undef" -> {
                    if (on) defined.remove(rest.split("\\s+", 2)[0]);
                }
                case "include" -> {
                    if (!on) break;
                    if (rest.startsWith("<") && rest.indexOf('>') > 0) includes.add(new Include(rest.substring(1, rest.indexOf('>')), true, line));
                    else if (rest.startsWith("\"") && rest.indexOf('"', 1) > 0) includes.add(new Include(rest.substring(1, rest.indexOf('"', 1)), false, line));
                }
                default -> {
                    // #pragma, #error, #warning, #line, a null directive: nothing to evaluate
                }
            }
        }
        if (!stack.isEmpty()) {
            throw new KernelTreeException(file + ":" + stack.getLast().line() + ": expected #endif for this #if before the end of the file");
        }
        return new Scan(String.join("\n", active), macros, includes, defined);
    }

    private static boolean test(String file, int line, String word, String rest, Map<String, Macro> defined) {
        if (word.equals("if")) return IfExpression.evaluate(file, line, rest, defined) != 0;
        String name = rest.split("[^A-Za-z_0-9]", 2)[0];
        if (name.isEmpty()) throw new KernelTreeException(file + ":" + line + ": expected a macro name after #" + word);
        return word.equals("ifdef") == defined.containsKey(name);
    }

    /** A {@code #define}'s text after the word {@code define}, as a {@link Macro}. */
    static Macro macro(String file, int line, int lastLine, String rest) {
        int n = 0;
        while (n < rest.length() && (Character.isLetterOrDigit(rest.charAt(n)) || rest.charAt(n) == '_')) n++;
        String name = rest.substring(0, n);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            throw new KernelTreeException(file + ":" + line + ": expected a macro name after #define");
        }
        List<String> params = null;
        String body = rest.substring(n);
        if (body.startsWith("(")) {
            int close = body.indexOf(')');
            if (close < 0) throw new KernelTreeException(file + ":" + line + ": expected ')' closing the parameters of macro " + name);
            params = new ArrayList<>();
            for (String p : body.substring(1, close).split(",")) if (!p.isBlank()) params.add(p.strip());
            body = body.substring(close + 1);
        }
        return new Macro(name, params, body.strip(), "#define " + rest, line, lastLine);
    }
}
