package dev.hitless.planlang;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;
import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Claim;
import dev.hitless.plan.SyncKind;
import dev.hitless.planlang.Lexer.Kind;
import dev.hitless.planlang.Lexer.Token;
import dev.hitless.planlang.Syntax.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Recursive-descent parser for plan files, one token of look-ahead. Besides the grammar it checks, before any plan
 * runs, everything that does not depend on the entries: qword and chunk indices are in range for the store width,
 * {@code crit} and {@code vq} are quantum indices of the declared quantum size, {@code crit} appears only where
 * exactly one quantum is critical, field names exist in some known format, every path claims exactly once (or ends in
 * an {@code error}, which is the last statement of its block), and a literal entry has 2, 4 or 8 qwords. A file runs on
 * every format, so what depends on the entry's width (qword and chunk indices inside it, a literal entry as wide as it)
 * is checked when a plan is made ({@link PlanOrdering}); here indices are checked against the widest entry, 8 qwords.
 */
final class Parser {
    static final List<String> STATEMENTS = List.of("store", "store-changed", "store32", "store32-changed", "store128",
            "store128-changed", "barrier", "sync", "sync-if-changed", "claim", "error", "when", "for");
    private static final List<String> HEADER = List.of("ordering", "description", "quantum", "update-safe-bits", "formats");
    private static final List<String> OPERATORS = List.of("==", "!=", "<", "<=", ">", ">=");
    /**
     * Deepest nesting accepted, counting when and for blocks, not, parentheses and each and/or link. Parsing, the claim
     * check and running a plan recurse as deep as the file nests; the limit keeps a runaway file an error of its own
     * instead of a stack overflow.
     */
    static final int MAX_NESTING = 100;
    /** Largest index a for loop runs over: loops run over word (0..15), qword (0..7) or chunk (0..3) indices of the widest entry. */
    private static final int MAX_LOOP_INDEX = 2 * Entry.MAX_QWORDS - 1;

    private final String file;
    private final List<Token> tokens;
    private final List<EntryFormat> knownFormats;
    private int at;
    private int quantumBits = 64;
    private boolean updateSafeBits = true;
    /** The formats named by the {@code formats} header line, empty when it is absent. */
    private List<String> formats = List.of();
    private int nesting;
    /** Loop variables in scope, innermost last, with the set each one runs over. */
    private final Deque<Map.Entry<String, IndexSet>> loops = new ArrayDeque<>();

    private Parser(String file, String text, List<EntryFormat> knownFormats) {
        this.file = file;
        this.tokens = Lexer.tokens(file, text);
        this.knownFormats = knownFormats;
    }

    static Program parse(String file, String text, List<EntryFormat> knownFormats) {
        Parser p = new Parser(file, text, knownFormats);
        Program program = p.program();
        new ClaimCheck(file).check(program, p.tokens.getLast().pos());
        return program;
    }

    // ---- token helpers ----------------------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        return tokens.get(at++);
    }

    private PlanFileException error(Token t, String expected) {
        return new PlanFileException(file, t.pos(), expected, t.describe());
    }

    private PlanFileException error(Pos p, String expected, String found) {
        return new PlanFileException(file, p, expected, found);
    }

    private Token expect(String word, String expected) {
        Token t = next();
        if (!t.is(word)) throw error(t, expected);
        return t;
    }

    private void endOfLine() {
        Token t = next();
        if (t.kind() != Kind.NEWLINE) throw error(t, "end of line");
    }

    /** One level deeper at {@code t}; the caller steps back out with {@code nesting--}. */
    private void deeper(Token t) {
        if (++nesting > MAX_NESTING) {
            throw error(t, "at most " + MAX_NESTING + " levels of nesting (when, for, not, parentheses, and, or)");
        }
    }

    private void skipBlankLines() {
        while (peek().kind() == Kind.NEWLINE) at++;
    }

    // ---- header -----------------------------------------------------------------------------------------------

    private Program program() {
        skipBlankLines();
        expect("ordering", "'ordering NAME' as the first line");
        Token name = next();
        if (name.kind() != Kind.WORD || !name.text().matches("[a-z][a-z0-9-]*")) {
            throw error(name, "an ordering name in lower case with dashes, e.g. my-replace");
        }
        endOfLine();
        String description = null;
        Token quantum = null;
        Token safeBits = null;
        Token formatsLine = null;
        while (true) {
            skipBlankLines();
            Token t = peek();
            if (t.is("description")) {
                if (description != null) throw error(t, "one description line");
                next();
                Token s = next();
                if (s.kind() != Kind.STRING) throw error(s, "a description in double quotes");
                description = s.text();
                endOfLine();
            } else if (t.is("quantum")) {
                if (quantum != null) throw error(t, "one quantum line (already declared at " + quantum.pos() + ")");
                quantum = next();
                Token n = next();
                if (n.kind() != Kind.NUMBER || (n.number() != 32 && n.number() != 64 && n.number() != 128)) {
                    throw error(n, "quantum 32, 64 or 128 (bits)");
                }
                quantumBits = (int) n.number();
                endOfLine();
            } else if (t.is("update-safe-bits")) {
                if (safeBits != null) throw error(t, "one update-safe-bits line (already declared at " + safeBits.pos() + ")");
                safeBits = next();
                Token yn = next();
                if (!yn.is("yes") && !yn.is("no")) throw error(yn, "update-safe-bits yes or no");
                updateSafeBits = yn.is("yes");
                endOfLine();
            } else if (t.is("formats")) {
                if (formatsLine != null) throw error(t, "one formats line (already declared at " + formatsLine.pos() + ")");
                formatsLine = next();
                formats = formatNames();
                endOfLine();
            } else {
                break;
            }
        }
        List<Stmt> body = block(false, false);
        Token t = peek();
        if (t.kind() != Kind.EOF) throw error(t, "a statement or end of file");
        return new Program(name.text(), name.pos(), description, quantumBits, updateSafeBits, formats, body);
    }

    /**
     * The names after {@code formats}: one or more, each a known format's when formats are known (a file checked
     * without them takes any name); the file then plans for those formats only, and its field names are checked
     * against them.
     */
    private List<String> formatNames() {
        List<String> names = new ArrayList<>();
        String known = knownFormats.stream().map(EntryFormat::name).collect(Collectors.joining(", "));
        do {
            Token t = next();
            boolean ok = t.kind() == Kind.WORD && (knownFormats.isEmpty()
                    || knownFormats.stream().anyMatch(f -> f.name().equals(t.text())));
            if (!ok) {
                String hint = t.kind() == Kind.WORD
                        ? suggestion(t.text(), knownFormats.stream().map(EntryFormat::name).toList()) : "";
                throw new PlanFileException(file, t.pos(), "a format name" + (known.isEmpty() ? "" : " (" + known + ")"),
                        t.describe() + hint);
            }
            if (names.contains(t.text())) throw error(t, "each format once");
            names.add(t.text());
        } while (peek().kind() != Kind.NEWLINE);
        return List.copyOf(names);
    }

    /** The formats field names are checked against: those of the formats line, else every known format. */
    private List<EntryFormat> fieldFormats() {
        if (formats.isEmpty()) return knownFormats;
        return knownFormats.stream().filter(f -> formats.contains(f.name())).toList();
    }

    // ---- statements -------------------------------------------------------------------------------------------

    /** Statements up to (not including) {@code end}, {@code else} or end of file. */
    private List<Stmt> block(boolean critOk, boolean inLoop) {
        List<Stmt> out = new ArrayList<>();
        while (true) {
            skipBlankLines();
            Token t = peek();
            if (t.kind() == Kind.EOF || t.is("end") || t.is("else")) return out;
            Stmt s = statement(critOk, inLoop);
            out.add(s);
            if (s instanceof Fail) {
                skipBlankLines();
                Token after = peek();
                if (after.kind() != Kind.EOF && !after.is("end") && !after.is("else")) {
                    throw error(after, "the end of the block after the error at " + s.pos() + " (nothing after it runs)");
                }
            }
        }
    }

    private Stmt statement(boolean critOk, boolean inLoop) {
        Token t = next();
        String w = t.kind() == Kind.WORD ? t.text() : "";
        Stmt s = switch (w) {
            case "store" -> store(t, 64, false, critOk);
            case "store-changed" -> store(t, 64, true, critOk);
            case "store32" -> store(t, 32, false, critOk);
            case "store32-changed" -> store(t, 32, true, critOk);
            case "store128" -> store(t, 128, false, critOk);
            case "store128-changed" -> store(t, 128, true, critOk);
            case "barrier" -> barrier(t);
            case "sync" -> sync(t, false);
            case "sync-if-changed" -> sync(t, true);
            case "claim" -> claim(t, inLoop);
            case "error" -> fail(t);
            case "when" -> when(t, critOk, inLoop);
            case "for" -> forLoop(t, critOk);
            default -> throw unknownStatement(t);
        };
        endOfLine();
        return s;
    }

    private PlanFileException unknownStatement(Token t) {
        if (t.kind() == Kind.WORD && HEADER.contains(t.text())) {
            return error(t, "a statement (the header lines ordering, description, quantum, update-safe-bits and formats come first, once each)");
        }
        String hint = t.kind() == Kind.WORD ? suggestion(t.text(), STATEMENTS) : "";
        return new PlanFileException(file, t.pos(), "a statement (" + String.join(", ", STATEMENTS) + ")",
                t.describe() + hint);
    }

    private Stmt store(Token kw, int bits, boolean onlyChanged, boolean critOk) {
        boolean plain = peek().is("plain");
        if (plain) {
            if (bits != 64) {
                throw error(peek(), destinationWords(bits) + " after " + kw.text()
                        + " (a plain store is 64-bit: " + (onlyChanged ? "store-changed" : "store") + " plain q[...])");
            }
            next();
        }
        IndexSet where = destination(kw, bits, critOk);
        Token eq = next();
        if (!eq.is("=")) throw error(eq, "'=' and the value to store");
        return new Store(kw.pos(), bits, onlyChanged, plain, where, storedValue(bits, critOk));
    }

    /** {@code a qword q0..q7 or q[...]} and its kind, by store width, as errors name a store's destination. */
    private static String destinationWords(int bits) {
        return switch (bits) {
            case 32 -> "a 32-bit word w0..w15 or w[...]";
            case 64 -> "a qword q0..q7 or q[...]";
            default -> "a 128-bit chunk c0..c3 or c[...]";
        };
    }

    /**
     * The value of a store: any entry value, or the literal of one quantum of the store's width, a number for
     * {@code store} and {@code chunk(LOW HIGH)} for {@code store128}. A quantum literal stands for the entry that
     * holds it in every quantum ({@link Value#literal}).
     */
    private Value storedValue(int bits, boolean critOk) {
        Token t = peek();
        String values = switch (bits) {
            case 32 -> "an entry value (" + VALUES + ") or a 32-bit word number";
            case 64 -> "an entry value (" + VALUES + ") or a qword number";
            default -> "an entry value (" + VALUES + ") or chunk(LOW HIGH) for store128";
        };
        if (t.kind() == Kind.NUMBER) {
            if (bits == 128) throw error(t, "chunk(LOW HIGH), two qwords, for a 128-bit store (a single number is a qword, for store)");
            next();
            long n = t.number();
            if (bits == 32) {
                if (Long.compareUnsigned(n, 0xffff_ffffL) > 0) {
                    throw error(t, "a 32-bit word number 0..0xffffffff for store32 (a wider number is a qword, for store)");
                }
                n |= n << 32;
            }
            return new Value(t.pos(), Base.LITERAL, Entry.of(n, n), true, List.of());
        }
        if (t.is("chunk")) {
            if (bits != 128) {
                throw error(t, (bits == 32 ? "a 32-bit word number for a 32-bit store" : "a qword number for a 64-bit store")
                        + " (chunk(LOW HIGH) is for store128)");
            }
            next();
            return new Value(t.pos(), Base.LITERAL, Entry.of(literalQwords(2, "chunk", "LOW HIGH")), true, List.of());
        }
        return value(critOk, values);
    }

    /** {@code (N N ...)} after the word {@code name}: exactly {@code count} numbers, space separated, in address order. */
    private long[] literalQwords(int count, String name, String shape) {
        Token open = next();
        if (!open.is("(")) throw error(open, "'(' after " + name + ", as in " + name + "(" + shape + ")");
        long[] q = new long[count];
        for (int i = 0; i < count; i++) {
            Token n = next();
            if (n.kind() != Kind.NUMBER) {
                throw error(n, "qword " + i + " of " + name + "(" + shape + "): " + count + " numbers, lowest address first");
            }
            q[i] = n.number();
        }
        Token close = next();
        if (!close.is(")")) throw error(close, "')' after the " + count + " qwords of " + name + "(" + shape + ")");
        return q;
    }

    /**
     * {@code (N N ...)} after the word {@code entry}: 2, 4 or 8 numbers (an entry's widths; the planned format's is
     * checked when the plan is made), space separated, in address order. A count that is no width is reported at the
     * token where the next width's number is missing.
     */
    private long[] entryQwords() {
        Token open = next();
        if (!open.is("(")) throw error(open, "'(' after entry, as in entry(Q0 .. Q7)");
        List<Long> q = new ArrayList<>();
        while (true) {
            Token n = next();
            if (n.kind() == Kind.NUMBER && q.size() < Entry.MAX_QWORDS) {
                q.add(n.number());
                continue;
            }
            if (n.is(")") && Entry.isWidth(q.size())) break;
            if (q.size() == Entry.MAX_QWORDS) {
                throw error(n, "')' after the " + Entry.MAX_QWORDS + " qwords of entry(Q0 .. Q" + (Entry.MAX_QWORDS - 1) + ")");
            }
            int width = q.size() + 1;
            while (!Entry.isWidth(width)) width++;
            throw error(n, "qword " + q.size() + " of entry(Q0 .. Q" + (width - 1) + "): " + width + " numbers, lowest address first");
        }
        return q.stream().mapToLong(Long::longValue).toArray();
    }

    private Stmt fail(Token kw) {
        Token s = next();
        if (s.kind() != Kind.STRING) throw error(s, "what planning expected, in double quotes, e.g. error \"a recorded transition\"");
        return new Fail(kw.pos(), s.text());
    }

    /** {@code wN}, {@code w[SET]} for 32-bit stores; {@code qN}, {@code q[SET]} for 64-bit; {@code cN}, {@code c[SET]} for 128-bit. */
    private IndexSet destination(Token kw, int bits, boolean critOk) {
        String letter = Syntax.unitLetter(bits);
        String expected = destinationWords(bits) + " after " + kw.text()
                + (bits == 64 ? " (for a 128-bit chunk use store128)" : "");
        Token t = next();
        if (t.kind() != Kind.WORD || !t.text().startsWith(letter)) throw error(t, expected);
        IndexSet set;
        if (t.text().equals(letter)) {
            Token open = next();
            if (!open.is("[")) throw error(open, "'[' after " + letter + ", e.g. " + letter + "[0.." + maxIndex(bits) + "]");
            set = indexSet(critOk);
            Token close = next();
            if (!close.is("]")) throw error(close, "',', '..', 'except' or ']'");
        } else {
            String digits = t.text().substring(1);
            if (!digits.matches("[0-9]+")) throw error(t, expected);
            Pos p = new Pos(t.pos().line(), t.pos().column() + 1);
            int v = digits.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(digits);
            set = new IndexSet(List.of(new Item(new Literal(p, v), null)), List.of());
        }
        checkUnit(set, bits, null);
        return set;
    }

    private IndexSet indexSet(boolean critOk) {
        List<Item> items = items(critOk);
        List<Item> except = List.of();
        if (peek().is("except")) {
            next();
            except = items(critOk);
        }
        return new IndexSet(items, except);
    }

    private List<Item> items(boolean critOk) {
        List<Item> out = new ArrayList<>();
        while (true) {
            Index from = index(critOk);
            Index to = null;
            if (peek().is("..")) {
                next();
                to = index(critOk);
            }
            out.add(new Item(from, to));
            if (!peek().is(",")) return out;
            next();
        }
    }

    private Index index(boolean critOk) {
        Token t = next();
        if (t.kind() == Kind.NUMBER) {
            return new Literal(t.pos(), t.number() > 1000 ? Integer.MAX_VALUE : (int) t.number());
        }
        if (t.is("crit")) {
            if (!critOk) throw error(t, "crit only inside 'when critical == 1' (it names the one critical quantum)");
            return new Crit(t.pos());
        }
        if (t.is("vq")) return new Vq(t.pos());
        if (t.is("last")) return new Last(t.pos());
        if (t.kind() == Kind.WORD && loop(t.text()).isPresent()) return new Var(t.pos(), t.text());
        String vars = loops.isEmpty() ? "" : ", " + loops.stream().map(Map.Entry::getKey).collect(Collectors.joining(", "));
        throw error(t, "an index: a number, crit, vq, last" + vars);
    }

    private Optional<IndexSet> loop(String name) {
        for (Map.Entry<String, IndexSet> e : loops) if (e.getKey().equals(name)) return Optional.of(e.getValue());
        return Optional.empty();
    }

    /** The largest index of a store of {@code bits} in the widest entry: word 15, qword 7, chunk 3. */
    private static int maxIndex(int bits) {
        return Entry.MAX_QWORDS * 64 / bits - 1;
    }

    /**
     * Checks that every index of {@code set} fits the store width: words 0..15 for {@code store32}, qwords 0..7 for
     * {@code store}, chunks 0..3 for {@code store128} (the widest entry's; the planned entry's are checked when the
     * plan is made); {@code crit}, {@code vq} and {@code last} count quanta, so they fit only the store of the
     * declared quantum.
     */
    private void checkUnit(IndexSet set, int bits, Var via) {
        List<Item> all = new ArrayList<>(set.items());
        all.addAll(set.except());
        for (Item item : all) {
            checkUnit(item.from(), bits, via);
            if (item.isRange()) checkUnit(item.to(), bits, via);
        }
    }

    private void checkUnit(Index index, int bits, Var via) {
        String unit = Syntax.unitName(bits) + " 0.." + maxIndex(bits);
        String letter = Syntax.unitLetter(bits);
        String usedAs = via == null ? "" : " (" + via.name() + " is used as " + letter + "[" + via.name()
                + "] at " + via.pos() + ")";
        switch (index) {
            case Literal l -> {
                if (l.value() > maxIndex(bits)) {
                    throw error(l.pos(), unit + usedAs, l.value() == Integer.MAX_VALUE ? "a larger number" : Integer.toString(l.value()));
                }
            }
            case Crit c -> {
                if (quantumBits != bits) throw quantumMismatch(c.pos(), "crit", bits, usedAs);
            }
            case Vq v -> {
                if (quantumBits != bits) throw quantumMismatch(v.pos(), "vq", bits, usedAs);
            }
            case Last l -> {
                if (quantumBits != bits) throw quantumMismatch(l.pos(), "last", bits, usedAs);
            }
            case Var v -> checkUnit(loop(v.name()).orElseThrow(), bits, via == null ? v : via);
        }
    }

    private PlanFileException quantumMismatch(Pos p, String what, int bits, String usedAs) {
        String expected = Syntax.unitName(bits) + usedAs;
        String found = what + ", a " + quantumBits + "-bit quantum index under 'quantum " + quantumBits + "' (use "
                + Syntax.storeWord(quantumBits) + " " + Syntax.unitLetter(quantumBits) + "[" + what + "] or change the quantum)";
        return error(p, expected, found);
    }

    /**
     * {@code barrier [KIND] [before next store]}. No KIND is a {@code dma_wmb}, what {@code barrier} meant before
     * barriers had kinds, so older files keep their meaning.
     */
    private Stmt barrier(Token kw) {
        BarrierKind kind = BarrierKind.DMA_WMB;
        Token t = peek();
        if (t.kind() != Kind.NEWLINE && !t.is("before")) {
            next();
            if (t.kind() != Kind.WORD || !BarrierKind.labels().contains(t.text())) {
                String hint = t.kind() == Kind.WORD ? suggestion(t.text(), BarrierKind.labels()) : "";
                throw new PlanFileException(file, t.pos(), "a barrier kind (" + String.join(", ", BarrierKind.labels())
                        + "), 'before next store' or end of line", t.describe() + hint);
            }
            kind = BarrierKind.byLabel(t.text());
        }
        if (!peek().is("before")) return new Barrier(kw.pos(), kind);
        next();
        expect("next", "'next' in 'barrier before next store'");
        expect("store", "'store' in 'barrier before next store'");
        return new BarrierBeforeNextStore(kw.pos(), kind);
    }

    private Stmt sync(Token kw, boolean ifChanged) {
        Set<SyncKind> kinds = EnumSet.noneOf(SyncKind.class);
        String expected = "a sync kind (" + Arrays.stream(SyncKind.values()).map(SyncKind::label)
                .collect(Collectors.joining(", ")) + ")";
        do {
            Token t = next();
            Optional<SyncKind> k = t.kind() == Kind.WORD ? SyncKind.byName(t.text()) : Optional.empty();
            if (k.isEmpty()) throw error(t, expected);
            kinds.add(k.get());
        } while (peek().kind() != Kind.NEWLINE);
        return new Sync(kw.pos(), kinds, ifChanged);
    }

    private Stmt claim(Token kw, boolean inLoop) {
        if (inLoop) throw error(kw, "a claim outside for loops (a plan claims once)");
        Token t = next();
        Claim claim = t.kind() == Kind.WORD ? Syntax.CLAIM_WORDS.get(t.text()) : null;
        if (claim == null) throw error(t, "hitless, breaking, no-change or unclaimed");
        return new ClaimStmt(kw.pos(), claim);
    }

    private Stmt when(Token kw, boolean critOk, boolean inLoop) {
        deeper(kw);
        List<Branch> branches = new ArrayList<>();
        Branch otherwise = null;
        Pos armPos = kw.pos();
        while (true) {
            Cond c = cond(critOk);
            endOfLine();
            branches.add(new Branch(armPos, c, block(critOk || impliesOneCritical(c), inLoop)));
            Token t = peek();
            if (!t.is("else")) break;
            next();
            armPos = t.pos();
            if (peek().is("when")) {
                next();
                continue;
            }
            endOfLine();
            otherwise = new Branch(armPos, null, block(critOk, inLoop));
            break;
        }
        Token end = next();
        if (!end.is("end")) {
            String what = otherwise != null ? "'end' to close the when at " + kw.pos()
                    : "'else', 'else when' or 'end' to close the when at " + kw.pos();
            throw error(end, what);
        }
        nesting--;
        return new When(kw.pos(), branches, otherwise);
    }

    private static boolean impliesOneCritical(Cond c) {
        return switch (c) {
            case Critical k -> k.op().equals("==") && k.n() == 1;
            case And a -> impliesOneCritical(a.a()) || impliesOneCritical(a.b());
            default -> false;
        };
    }

    private Stmt forLoop(Token kw, boolean critOk) {
        deeper(kw);
        Token var = next();
        if (var.kind() != Kind.WORD || !var.text().matches("[a-z][a-z0-9_]*") || var.is("crit") || var.is("vq")
                || var.is("last") || var.is("in")) {
            throw error(var, "a loop variable name (lower case, not crit, vq or last)");
        }
        if (loop(var.text()).isPresent()) throw error(var, "a loop variable name not already in use");
        expect("in", "'in' after the loop variable");
        IndexSet set = indexSet(critOk);
        checkLoopSet(set);
        endOfLine();
        loops.addLast(Map.entry(var.text(), set));
        List<Stmt> body = block(critOk, true);
        loops.removeLast();
        Token end = next();
        if (!end.is("end")) throw error(end, "'end' to close the for at " + kw.pos());
        nesting--;
        return new For(kw.pos(), var.text(), set, body);
    }

    /** A loop runs over indices 0..15 at most (the widest entry's words), whether or not its variable indexes a store. */
    private void checkLoopSet(IndexSet set) {
        List<Item> all = new ArrayList<>(set.items());
        all.addAll(set.except());
        for (Item item : all) {
            for (Index ix : item.isRange() ? List.of(item.from(), item.to()) : List.of(item.from())) {
                if (ix instanceof Literal l && l.value() > MAX_LOOP_INDEX) {
                    throw error(l.pos(), "an index 0.." + MAX_LOOP_INDEX + " in a for loop's set (loops run over word, qword or chunk indices)",
                            l.value() == Integer.MAX_VALUE ? "a larger number" : Integer.toString(l.value()));
                }
            }
        }
    }

    // ---- conditions -------------------------------------------------------------------------------------------

    private Cond cond(boolean critOk) {
        Cond c = conjunction(critOk);
        int links = 0;
        while (peek().is("or")) {
            deeper(next());
            links++;
            c = new Or(c, conjunction(critOk));
        }
        nesting -= links;
        return c;
    }

    private Cond conjunction(boolean critOk) {
        Cond c = unary(critOk);
        int links = 0;
        while (peek().is("and")) {
            deeper(next());
            links++;
            c = new And(c, unary(critOk));
        }
        nesting -= links;
        return c;
    }

    private Cond unary(boolean critOk) {
        Token t = peek();
        if (t.is("not")) {
            deeper(next());
            Cond c = new Not(unary(critOk));
            nesting--;
            return c;
        }
        if (t.is("(")) {
            deeper(next());
            Cond c = cond(critOk);
            Token close = next();
            if (!close.is(")")) throw error(close, "')' to close the '(' at " + t.pos());
            nesting--;
            return c;
        }
        if (t.is("critical")) {
            next();
            Token op = next();
            if (op.kind() != Kind.OP || !OPERATORS.contains(op.text())) throw error(op, "one of " + String.join(" ", OPERATORS) + " after critical");
            Token n = next();
            int max = Entry.MAX_QWORDS * 64 / quantumBits;
            if (n.kind() != Kind.NUMBER) throw error(n, "a number of quanta 0.." + max);
            if (n.number() > max) throw error(n, "a number of quanta 0.." + max + " (an entry has at most " + max + " quanta of " + quantumBits + " bits)");
            return new Critical(t.pos(), op.text(), (int) n.number());
        }
        if (t.is("present")) {
            next();
            Token open = next();
            if (!open.is("(")) throw error(open, "'(' after present, e.g. present(current)");
            Value v = value(critOk);
            Token close = next();
            if (!close.is(")")) throw error(close, "')' to close present(");
            return new Present(t.pos(), v);
        }
        if (t.is("format")) {
            next();
            Token op = next();
            if (!op.is("==") && !op.is("!=")) throw error(op, "'==' or '!=' after format, e.g. format == riscv-dc-ext");
            Token n = next();
            List<String> names = formats.isEmpty() ? knownFormats.stream().map(EntryFormat::name).toList() : formats;
            boolean ok = n.kind() == Kind.WORD && (names.isEmpty() || names.contains(n.text()));
            if (!ok) {
                String hint = n.kind() == Kind.WORD ? suggestion(n.text(), names) : "";
                throw new PlanFileException(file, n.pos(), "a format name after format " + op.text()
                        + (names.isEmpty() ? "" : " (" + (formats.isEmpty() ? "" : "of the formats line: ")
                        + String.join(", ", names) + ")"), n.describe() + hint);
            }
            return new FormatIs(t.pos(), n.text(), op.is("!="));
        }
        if (t.kind() == Kind.WORD && base(t.text()) != null) {
            Value a = baseValue("an entry: " + VALUES);
            if (peek().is(".")) return fieldCompare(t, fieldRef(a));
            a = withEdits(a);
            Token op = next();
            if (!op.is("==") && !op.is("!=")) {
                throw error(op, "'==' or '!=' to compare " + a.word() + " with another entry (or '.' and a field, as in "
                        + a.word() + ".valid)");
            }
            Value b = value(critOk);
            return new Same(t.pos(), a, b, op.is("!="));
        }
        next();
        throw error(t, "a condition: critical OP N, present(VALUE), VALUE == VALUE, VALUE != VALUE, VALUE.FIELD OP N, format == NAME, not, (");
    }

    /**
     * {@code VALUE.FIELD OP N} or {@code VALUE.FIELD OP VALUE.FIELD}, after the left field: a number is checked
     * against the widest field of that name in the formats the file may plan for.
     */
    private Cond fieldCompare(Token start, FieldRef left) {
        Token op = next();
        if (op.kind() != Kind.OP || !OPERATORS.contains(op.text())) {
            throw error(op, "one of " + String.join(" ", OPERATORS) + " after " + left.of().word() + "." + left.field());
        }
        Token r = peek();
        if (r.kind() == Kind.NUMBER) {
            next();
            checkFits(r, left.field(), checkFieldName(left.field(), left.fieldPos()));
            return new FieldCompare(start.pos(), left, op.text(), null, r.number());
        }
        if (r.kind() != Kind.WORD || base(r.text()) == null) {
            next();
            throw error(r, "a number or a field of an entry (VALUE.FIELD, e.g. target." + left.field() + ") after "
                    + left.of().word() + "." + left.field() + " " + op.text());
        }
        FieldRef right = fieldRef(baseValue("an entry: " + VALUES));
        return new FieldCompare(start.pos(), left, op.text(), right, 0);
    }

    /** {@code .FIELD} after the entry value {@code of} (the '.' is next): one of its fields, or {@code valid}. */
    private FieldRef fieldRef(Value of) {
        Token dot = next();
        if (!dot.is(".")) throw error(dot, "'.' and a field name after " + of.word() + ", as in " + of.word() + ".valid");
        Token f = next();
        if (f.kind() != Kind.WORD) throw error(f, "a field name (or valid) after '" + of.word() + ".'");
        checkFieldName(f.text(), f.pos());
        return new FieldRef(of.pos(), of, f.text(), f.pos());
    }

    // ---- values -----------------------------------------------------------------------------------------------

    private static Base base(String word) {
        for (Base b : Base.values()) if (b.word.equals(word)) return b;
        return null;
    }

    /** The entry values, as error messages list them. */
    private static final String VALUES = "target, current, zero, unused-update, memory or entry(Q0 .. Q7)";

    private Value value(boolean critOk) {
        return value(critOk, "an entry: " + VALUES);
    }

    private Value value(boolean critOk, String expected) {
        return withEdits(baseValue(expected));
    }

    /** An entry value without edits: a base word, with its qwords for {@code entry(...)}. */
    private Value baseValue(String expected) {
        Token t = next();
        Base b = t.kind() == Kind.WORD ? base(t.text()) : null;
        if (b == null) {
            String hint = t.kind() == Kind.WORD ? suggestion(t.text(), Arrays.stream(Base.values()).map(x -> x.word).toList()) : "";
            throw new PlanFileException(file, t.pos(), expected, t.describe() + hint);
        }
        Entry literal = b == Base.LITERAL ? Entry.of(entryQwords()) : null;
        return new Value(t.pos(), b, literal, false, List.of());
    }

    /** {@code v} followed by {@code with FIELD=..., ...}, if the file says so. */
    private Value withEdits(Value v) {
        if (!peek().is("with")) return v;
        next();
        List<Edit> edits = new ArrayList<>();
        edits.add(edit());
        while (peek().is(",")) {
            next();
            edits.add(edit());
        }
        return new Value(v.pos(), v.base(), v.literal(), v.repeats(), edits);
    }

    /** {@code FIELD=N} or {@code FIELD=VALUE.FIELD2} (an entry value without edits, then a field of it). */
    private Edit edit() {
        Token f = next();
        if (f.kind() != Kind.WORD) throw error(f, "a field name (or valid) after 'with'");
        List<Field> candidates = checkFieldName(f.text(), f.pos());
        Token eq = next();
        if (!eq.is("=")) throw error(eq, "'=' after field " + f.text());
        Token n = peek();
        if (n.kind() == Kind.WORD && base(n.text()) != null) {
            FieldRef from = fieldRef(baseValue("an entry: " + VALUES));
            return new Edit(f.pos(), f.text(), 0, n.pos(), from);
        }
        next();
        if (n.kind() != Kind.NUMBER) {
            String hint = n.kind() == Kind.WORD ? suggestion(n.text(), Arrays.stream(Base.values()).map(x -> x.word).toList()) : "";
            throw new PlanFileException(file, n.pos(), "a number or a field of an entry (VALUE.FIELD, e.g. current." + f.text()
                    + ") for field " + f.text(), n.describe() + hint);
        }
        checkFits(n, f.text(), candidates);
        return new Edit(f.pos(), f.text(), n.number(), n.pos(), null);
    }

    /** The number {@code n} fits the widest field called {@code field} among {@code candidates} (or valid's one bit). */
    private void checkFits(Token n, String field, List<Field> candidates) {
        boolean valid = Syntax.isValidWord(field);
        if (candidates.isEmpty() && !valid) return;
        long max = valid ? 1
                : candidates.stream().mapToLong(Field::maxValue).reduce(0, (x, y) -> Long.compareUnsigned(x, y) >= 0 ? x : y);
        if (Long.compareUnsigned(n.number(), max) > 0) {
            throw error(n, "a value 0..0x" + Long.toHexString(max) + " for " + field + " (" + Long.bitCount(max) + " bits)");
        }
    }

    /**
     * The fields of that name in the formats the file may plan for (those of its formats line, else every known
     * format); an error at {@code pos} when none has one.
     */
    private List<Field> checkFieldName(String name, Pos pos) {
        List<EntryFormat> formats = fieldFormats();
        if (Syntax.isValidWord(name) || formats.isEmpty()) return List.of();
        List<Field> found = formats.stream().flatMap(fmt -> fmt.field(name).stream()).toList();
        if (found.isEmpty()) {
            Map<String, Boolean> names = new LinkedHashMap<>();
            names.put("valid", true);
            for (EntryFormat fmt : formats) for (Field x : fmt.fields()) names.put(x.name(), true);
            String hint = suggestion(name, new ArrayList<>(names.keySet()));
            throw new PlanFileException(file, pos, "valid or a field of " + formats.stream().map(EntryFormat::name)
                    .collect(Collectors.joining(", ")), "'" + name + "'" + hint);
        }
        return found;
    }

    /** {@code " (did you mean 'x'?)"} for the nearest candidate within two edits, else empty. */
    static String suggestion(String word, List<String> candidates) {
        String best = null;
        int bestD = 3;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ---- claims -----------------------------------------------------------------------------------------------

    /**
     * Checks that every path through the program runs exactly one claim, or ends in an {@code error} (planning
     * stops there, so that path makes no plan to claim).
     */
    private record ClaimCheck(String file) {
        /**
         * {@code claimAt}: a claim some path may have run (null if none); {@code unclaimed}: a path that has not;
         * {@code ends}: every path through the block ends in an error.
         */
        private record Result(Pos claimAt, Pos unclaimed, String unclaimedWhy, boolean ends) {
        }

        void check(Program program, Pos eof) {
            Pos start = program.body().isEmpty() ? eof : program.body().getFirst().pos();
            Result r = walk(program.body(), null, start, "no claim in the whole file");
            if (r.unclaimed() != null) {
                throw new PlanFileException(file, r.unclaimed(), "a claim (hitless, breaking, no-change or unclaimed) on every path",
                        r.unclaimedWhy());
            }
        }

        private Result walk(List<Stmt> body, Pos before, Pos start, String why) {
            Pos claimAt = null;
            Pos unclaimed = start;
            String unclaimedWhy = why;
            for (Stmt s : body) {
                Pos prior = claimAt != null ? claimAt : before;
                switch (s) {
                    case ClaimStmt c -> {
                        if (prior != null) {
                            throw new PlanFileException(file, c.pos(), "one claim per path", "a second claim (the first is at " + prior + ")");
                        }
                        claimAt = c.pos();
                        unclaimed = null;
                    }
                    case Fail f -> {
                        return new Result(claimAt, null, null, true); // the parser makes it the block's last statement
                    }
                    case When w -> {
                        List<Result> arms = new ArrayList<>();
                        for (Branch b : w.branches()) arms.add(walk(b.body(), prior, b.pos(), "no claim on this branch"));
                        arms.add(w.otherwise() != null
                                ? walk(w.otherwise().body(), prior, w.otherwise().pos(), "no claim on this branch")
                                : new Result(null, w.pos(), "no else branch, so no claim when no condition holds", false));
                        Pos armClaim = arms.stream().map(Result::claimAt).filter(p -> p != null).findFirst().orElse(null);
                        if (arms.stream().allMatch(Result::ends)) {
                            return new Result(armClaim != null ? armClaim : claimAt, null, null, true); // what follows never runs
                        }
                        if (armClaim != null) {
                            claimAt = armClaim;
                            Result open = arms.stream().filter(a -> a.unclaimed() != null).findFirst().orElse(null);
                            unclaimed = open == null ? null : open.unclaimed();
                            unclaimedWhy = open == null ? null : open.unclaimedWhy();
                        }
                    }
                    case For f -> walk(f.body(), prior, f.pos(), why); // the parser rejects claims in loops
                    default -> {
                    }
                }
            }
            return new Result(claimAt, unclaimed, unclaimedWhy, false);
        }
    }
}
