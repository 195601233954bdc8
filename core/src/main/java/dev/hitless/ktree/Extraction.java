package dev.hitless.ktree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The definitions a writer needs, taken from the scanned files of a kernel tree: starting from the driver's roots
 * (functions and struct tags), every function, macro, struct, union, enum, typedef and variable that one of them
 * names, transitively, in source order, each preceded by a {@code #line} directive so that the compiler's messages
 * point at the tree's own file and line.
 *
 * <p>A name is looked up as C does: after {@code struct}, {@code union} or {@code enum} among the tags, after
 * {@code .} or {@code ->} not at all (a member), else among the macros, then the ordinary names (functions,
 * variables, typedefs, enumerators, whose enum is taken whole). Inside a struct or union body and in a prototype,
 * {@code struct X *} needs no definition of X: X is declared ({@code struct X;}) and not taken, so a pointer to the
 * driver's device structure does not pull in the kernel. Names the shim defines are never taken from the tree (the
 * shim's recording {@code WRITE_ONCE} must stay the one used), nor are names a file compiled whole defines. A name
 * found nowhere is left to the compiler (whose message then names it as a kernel name the shim lacks), except a
 * tracepoint {@code trace_X(...)}, which is compiled out.
 */
final class Extraction {
    /**
     * A file of the tree, scanned.
     *
     * @param shown the file as messages name it (the tree as the user gave it, then the path inside it)
     */
    record ScannedFile(String rel, String shown, CScanner.Scan scan, List<Token> tokens, String[] lines, int[] depth) {
        static ScannedFile of(String rel, String shown, CScanner.Scan scan) {
            List<Token> tokens = CLexer.tokens(scan.activeText(), 1);
            int[] depth = new int[tokens.size()];
            int d = 0;
            for (int i = 0; i < tokens.size(); i++) {
                depth[i] = d;
                String t = tokens.get(i).text();
                if (t.equals("{") || t.equals("(") || t.equals("[")) d++;
                else if ((t.equals("}") || t.equals(")") || t.equals("]")) && d > 0) d--;
            }
            return new ScannedFile(rel, shown, scan, tokens, scan.activeText().split("\n", -1), depth);
        }
    }

    /** A piece of a file to copy: a definition from its first token to its last, or a macro. */
    record Item(int file, int firstLine, int lastLine, int firstToken, int lastToken, String kind, String name, Macro macro) {
        boolean declaresOnly() {
            return kind.equals("struct") || kind.equals("union") || kind.equals("typedef") || kind.equals("prototype");
        }
    }

    private final List<ScannedFile> files;
    private final Set<String> excluded;
    private final Map<String, List<Item>> tags = new HashMap<>(), ordinary = new HashMap<>(), prototypes = new HashMap<>();
    private final Map<String, Item> macros = new HashMap<>();
    private final Map<String, List<String>> members = new HashMap<>();
    private final Map<String, Definition> functions = new HashMap<>();

    private final Set<Item> taken = new LinkedHashSet<>();
    private final Set<String> forward = new TreeSet<>(), tracepoints = new TreeSet<>();

    /**
     * @param defs what ctags found in {@code files} (by their {@link ScannedFile#rel})
     * @param excluded names never taken from the tree: the shim's, and those of files compiled whole (tags as
     *     {@code struct X})
     */
    Extraction(List<ScannedFile> files, List<Definition> defs, Set<String> excluded) {
        this.files = files;
        this.excluded = new java.util.HashSet<>(excluded);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < files.size(); i++) index.put(files.get(i).rel(), i);
        Map<String, Item> enums = new HashMap<>();
        List<Definition> enumerators = new ArrayList<>();
        for (Definition d : defs) {
            Integer f = index.get(d.file());
            if (f == null) continue;
            switch (d.kind()) {
                case "member" -> members.computeIfAbsent(d.scope(), k -> new ArrayList<>()).add(d.name());
                case "enumerator" -> enumerators.add(d);
                case "function", "prototype", "struct", "union", "enum", "typedef", "variable" -> {
                    Optional<Item> item = item(f, d);
                    if (item.isEmpty()) continue;
                    Item it = item.get();
                    switch (d.kind()) {
                        case "struct", "union", "enum" -> {
                            tags.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(it);
                            if (d.kind().equals("enum")) enums.put(d.name(), it);
                        }
                        case "prototype" -> prototypes.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(it);
                        default -> {
                            ordinary.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(it);
                            if (d.kind().equals("function")) functions.putIfAbsent(d.name(), d);
                        }
                    }
                }
                default -> {
                    // macros come from the scanner (ctags reads no directive), locals and labels are not looked up
                }
            }
        }
        for (Definition e : enumerators) {
            Item en = e.scope() == null ? null : enums.get(e.scope());
            if (en != null) ordinary.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(en);
        }
        for (int f = 0; f < files.size(); f++) {
            for (Macro m : files.get(f).scan().macros()) {
                macros.put(m.name(), new Item(f, m.firstLine(), m.lastLine(), -1, -1, "macro", m.name(), m));
            }
        }
    }

    /** Names never to take from here on (the glue's own stand-ins). */
    void exclude(Set<String> names) {
        excluded.addAll(names);
    }

    /** The function named so, as ctags saw its definition, if the files define it. */
    Optional<Definition> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    /** The member names of struct or union {@code tag}, in order; empty when the files do not define it. */
    List<String> members(String tag) {
        return members.getOrDefault(tag, List.of());
    }

    /** The file (as messages name it) that defines {@code name}'s first item, or the first scanned file. */
    String fileOf(Definition d) {
        return files.stream().filter(f -> f.rel().equals(d.file())).findFirst().map(ScannedFile::shown).orElse(d.file());
    }

    /** A definition's item: from the first token of its declaration to its last (a function's closing brace, a ';'). */
    private Optional<Item> item(int f, Definition d) {
        ScannedFile sf = files.get(f);
        List<Token> ts = sf.tokens();
        int k = -1;
        for (int i = firstAtLine(ts, d.line()); i < ts.size() && ts.get(i).line() <= d.line(); i++) {
            if (ts.get(i).is(d.name())) {
                k = i;
                break;
            }
        }
        if (k < 0 || sf.depth()[k] != 0) return Optional.empty(); // not at file scope: a definition inside a macro's text
        int start = start(sf, k);
        int end = end(sf, k, d.kind().equals("function"));
        if (end < 0) return Optional.empty();
        return Optional.of(new Item(f, ts.get(start).line(), ts.get(end).line(), start, end, d.kind(), d.name(), null));
    }

    private static int firstAtLine(List<Token> ts, int line) {
        int lo = 0, hi = ts.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts.get(mid).line() < line) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /**
     * The first token of the declaration that holds token {@code k}: walking back over balanced brackets to the
     * previous {@code ;} at file scope or the closing brace of a function body.
     */
    private static int start(ScannedFile sf, int k) {
        List<Token> ts = sf.tokens();
        int j = k - 1;
        while (j >= 0) {
            Token t = ts.get(j);
            if (sf.depth()[j] == 0 && t.is(";")) break;
            if (t.is("}") || t.is(")") || t.is("]")) {
                int open = opener(ts, j);
                if (open < 0) break;
                if (t.is("}") && sf.depth()[open] == 0 && open > 0 && ts.get(open - 1).is(")")) break; // a function body ends here
                j = open - 1;
                continue;
            }
            j--;
        }
        return j + 1;
    }

    private static int opener(List<Token> ts, int close) {
        String c = ts.get(close).text(), o = c.equals("}") ? "{" : c.equals(")") ? "(" : "[";
        int level = 0;
        for (int j = close; j >= 0; j--) {
            if (ts.get(j).is(c)) level++;
            else if (ts.get(j).is(o) && --level == 0) return j;
        }
        return -1;
    }

    /** The last token of the declaration holding token {@code k}: a function body's closing brace, else the ';'. */
    private static int end(ScannedFile sf, int k, boolean function) {
        List<Token> ts = sf.tokens();
        int base = sf.depth()[k];
        for (int j = k; j < ts.size(); j++) {
            Token t = ts.get(j);
            if (sf.depth()[j] == base && t.is(";")) return j;
            if (function && sf.depth()[j] == base && t.is("{")) {
                int level = 0;
                for (int e = j; e < ts.size(); e++) {
                    if (ts.get(e).is("{")) level++;
                    else if (ts.get(e).is("}") && --level == 0) return e;
                }
                return -1;
            }
        }
        return -1;
    }

    /**
     * Takes the roots and everything they name, transitively.
     *
     * @param roots function, macro or variable names, or {@code struct X} / {@code union X} for a type
     */
    void take(List<String> roots) {
        Deque<Item> work = new ArrayDeque<>();
        for (String r : roots) {
            if (r.startsWith("struct ") || r.startsWith("union ") || r.startsWith("enum ")) {
                String tag = r.substring(r.indexOf(' ') + 1);
                List<Item> it = tags.get(tag);
                if (it == null) throw new KernelTreeException("no " + r + " in " + shownFiles() + ": expected its definition there");
                add(it.getFirst(), work);
            } else {
                Item it = lookup(r);
                if (it == null) throw new KernelTreeException("no " + r + " in " + shownFiles() + ": expected its definition there");
                add(it, work);
            }
        }
        while (!work.isEmpty()) {
            Item it = work.poll();
            references(it, work);
        }
    }

    private String shownFiles() {
        return String.join(", ", files.stream().map(ScannedFile::shown).toList());
    }

    private void add(Item it, Deque<Item> work) {
        if (taken.add(it)) {
            work.add(it);
            if (it.kind().equals("function")) {
                // the file's own earlier prototypes of it keep their place: code before the definition may call it
                for (Item p : prototypes.getOrDefault(it.name(), List.of())) {
                    if (p.file() == it.file() && p.firstLine() < it.firstLine()) add(p, work);
                }
            }
        }
    }

    private Item lookup(String name) {
        if (excluded.contains(name)) return null;
        Item m = macros.get(name);
        if (m != null) return m;
        List<Item> o = ordinary.get(name);
        if (o == null) return null;
        return o.stream().filter(i -> i.kind().equals("function")).findFirst().orElse(o.getFirst());
    }

    /** Every name {@code it} uses, looked up and taken. */
    private void references(Item it, Deque<Item> work) {
        List<Token> ts;
        Set<String> params = Set.of();
        if (it.macro() != null) {
            ts = CLexer.tokens(it.macro().body(), it.firstLine());
            if (it.macro().params() != null) params = Set.copyOf(it.macro().params());
        } else {
            ts = files.get(it.file()).tokens().subList(it.firstToken(), it.lastToken() + 1);
        }
        for (int i = 0; i < ts.size(); i++) {
            Token t = ts.get(i);
            if (!t.identifier() || params.contains(t.text()) || t.is(it.name())) continue;
            Token prev = i > 0 ? ts.get(i - 1) : null, next = i + 1 < ts.size() ? ts.get(i + 1) : null;
            if (prev != null && (prev.is(".") || prev.is("->"))) continue;
            if (prev != null && (prev.is("struct") || prev.is("union") || prev.is("enum"))) {
                String key = prev.text() + " " + t.text();
                if (excluded.contains(key)) continue;
                List<Item> def = tags.get(t.text());
                boolean pointer = next != null && next.is("*") && it.declaresOnly() && it.macro() == null;
                if (def == null || pointer) {
                    if (!prev.is("enum")) forward.add(key);
                } else {
                    add(def.getFirst(), work);
                }
                continue;
            }
            Item def = lookup(t.text());
            if (def != null) {
                add(def, work);
            } else if (t.text().startsWith("trace_") && next != null && next.is("(") && !excluded.contains(t.text())) {
                tracepoints.add(t.text());
            }
        }
    }

    /** The tracepoints compiled out (called, defined nowhere in the files). */
    Set<String> tracepoints() {
        return tracepoints;
    }

    /** The taken definitions as C, each after a {@code #line} naming its file and line; forward declarations first. */
    String text() {
        StringBuilder sb = new StringBuilder();
        Set<String> full = new LinkedHashSet<>();
        for (Item it : taken) if (it.kind().equals("struct") || it.kind().equals("union")) full.add(it.kind() + " " + it.name());
        for (String f : forward) sb.append(f).append(";\n");
        for (String t : tracepoints) sb.append("#define ").append(t).append("(...) do { } while (0)\n");
        List<Item> order = new ArrayList<>(new LinkedHashSet<>(taken));
        order.sort(Comparator.comparingInt(Item::file).thenComparingInt(Item::firstLine).thenComparingInt(Item::firstToken));
        Set<String> written = new LinkedHashSet<>();
        for (Item it : order) {
            ScannedFile f = files.get(it.file());
            String key = it.file() + ":" + it.firstLine() + ":" + it.firstToken();
            if (!written.add(key)) continue; // two names of one declaration
            sb.append("#line ").append(it.firstLine()).append(" \"").append(escape(f.shown())).append("\"\n");
            if (it.macro() != null) {
                sb.append(it.macro().text()).append('\n');
            } else {
                for (int l = it.firstLine(); l <= it.lastLine(); l++) sb.append(f.lines()[l - 1]).append('\n');
            }
        }
        return sb.toString();
    }

    /** The names taken, for notes: how many of each kind. */
    Map<String, Integer> counts() {
        Map<String, Integer> c = new LinkedHashMap<>();
        for (Item it : taken) c.merge(it.kind(), 1, Integer::sum);
        return c;
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
