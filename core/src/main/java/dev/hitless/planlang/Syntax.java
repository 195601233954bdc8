package dev.hitless.planlang;

import dev.hitless.entry.Entry;
import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Claim;
import dev.hitless.plan.SyncKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The parsed form of a plan file; see docs/plan-language.md for the grammar these records mirror. */
final class Syntax {
    private Syntax() {
    }

    /** A place in the file, 1-based. Prints as {@code LINE:COL}. */
    record Pos(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    /**
     * The whole file: header, then the statements run once per transition.
     *
     * @param updateSafeBits whether {@code unused-update} and {@code critical} count the format's update-safe bits as
     *     ignored (the {@code update-safe-bits} header line, default yes)
     * @param formats the formats the file plans for (the {@code formats} header line); empty for every format
     */
    record Program(String name, Pos namePos, String description, int quantumBits, boolean updateSafeBits,
                   List<String> formats, List<Stmt> body) {
        Program {
            formats = List.copyOf(formats);
        }
    }

    // ---- statements -------------------------------------------------------------------------------------------

    sealed interface Stmt permits Store, Barrier, BarrierBeforeNextStore, Sync, ClaimStmt, Fail, When, For {
        Pos pos();
    }

    /**
     * {@code store q[SET] = VALUE} and its variants: one store per index in the set, in set order.
     *
     * @param bits the store's width: 32 ({@code store32 w...}, words), 64 ({@code store q...}, qwords) or 128
     *     ({@code store128 c...}, chunks)
     * @param onlyChanged skip an index whose word (qword, chunk) memory already holds
     * @param plain a plain store ({@code store plain q...}): a C assignment the compiler may reorder; 64-bit only
     */
    record Store(Pos pos, int bits, boolean onlyChanged, boolean plain, IndexSet where, Value value) implements Stmt {
    }

    /** The letter of a store's indices ({@code w}, {@code q}, {@code c}) and its keyword ({@code store32}, ...), by width. */
    static String unitLetter(int bits) {
        return switch (bits) {
            case 32 -> "w";
            case 64 -> "q";
            default -> "c";
        };
    }

    static String storeWord(int bits) {
        return bits == 64 ? "store" : "store" + bits;
    }

    /** {@code a 32-bit word index}, {@code a qword index}, {@code a 128-bit chunk index}: how errors name an index. */
    static String unitName(int bits) {
        return switch (bits) {
            case 32 -> "a 32-bit word index";
            case 64 -> "a qword index";
            default -> "a 128-bit chunk index";
        };
    }

    /** {@code barrier [KIND]}: a barrier of {@code kind}, {@code dma_wmb} when the file names none. */
    record Barrier(Pos pos, BarrierKind kind) implements Stmt {
    }

    /** {@code barrier [KIND] before next store}: a barrier emitted just before the next store that is emitted, if any. */
    record BarrierBeforeNextStore(Pos pos, BarrierKind kind) implements Stmt {
    }

    /** {@code sync KIND...}; with {@code ifChanged}, only when a store was emitted since the previous sync. */
    record Sync(Pos pos, Set<SyncKind> kinds, boolean ifChanged) implements Stmt {
    }

    record ClaimStmt(Pos pos, Claim claim) implements Stmt {
    }

    /** The word after {@code claim} for each claim, in the order error messages list them. */
    static final Map<String, Claim> CLAIM_WORDS = claimWords();

    private static Map<String, Claim> claimWords() {
        Map<String, Claim> m = new LinkedHashMap<>();
        m.put("hitless", Claim.HITLESS);
        m.put("breaking", Claim.BREAKING);
        m.put("no-change", Claim.NO_CHANGE);
        m.put("unclaimed", Claim.UNCLAIMED);
        return m;
    }

    /** The word that claims {@code claim} in a plan file. */
    static String claimWord(Claim claim) {
        for (Map.Entry<String, Claim> e : CLAIM_WORDS.entrySet()) if (e.getValue() == claim) return e.getKey();
        throw new IllegalStateException("no plan-file word for claim " + claim);
    }

    /**
     * {@code error "WHAT"}: planning stops with {@code FILE:LINE:COL: expected WHAT, found} the transition at hand.
     * The last statement of its block (the parser checks), so a path that reaches it needs no claim.
     */
    record Fail(Pos pos, String expected) implements Stmt {
    }

    /** {@code when C ... else when C ... else ... end}; {@code otherwise} is null without a final else. */
    record When(Pos pos, List<Branch> branches, Branch otherwise) implements Stmt {
    }

    /** One arm of a when; {@code cond} is null for the final else. */
    record Branch(Pos pos, Cond cond, List<Stmt> body) {
    }

    /** {@code for NAME in SET ... end}. */
    record For(Pos pos, String var, IndexSet set, List<Stmt> body) implements Stmt {
    }

    // ---- index sets -------------------------------------------------------------------------------------------

    /** {@code ITEM, ITEM ... except ITEM, ...}: the items in order, ranges expanded, excepted indices removed. */
    record IndexSet(List<Item> items, List<Item> except) {
    }

    /** One index, or a range {@code from..to} counted up or down. */
    record Item(Index from, Index to) {
        boolean isRange() {
            return to != null;
        }
    }

    sealed interface Index permits Literal, Crit, Vq, Last, Var {
        Pos pos();
    }

    record Literal(Pos pos, int value) implements Index {
    }

    /** The critical quantum; only inside {@code when critical == 1}. */
    record Crit(Pos pos) implements Index {
    }

    /** The quantum holding the format's valid bit. */
    record Vq(Pos pos) implements Index {
    }

    /** The entry's last quantum of the declared size: {@code q[0..last]} (or {@code c[0..last]}) is the whole entry. */
    record Last(Pos pos) implements Index {
    }

    record Var(Pos pos, String name) implements Index {
    }

    // ---- values and conditions --------------------------------------------------------------------------------

    enum Base {
        TARGET("target"), CURRENT("current"), ZERO("zero"), UNUSED_UPDATE("unused-update"), MEMORY("memory"),
        /** {@code entry(Q0 ..)}, a qword literal or a {@code chunk(LOW HIGH)}: the value is {@link Value#literal}. */
        LITERAL("entry");

        final String word;

        Base(String word) {
            this.word = word;
        }
    }

    /**
     * {@code BASE [with FIELD=N, ...]}.
     *
     * @param literal the qwords a literal gives when {@code base} is {@link Base#LITERAL}, else null: an
     *     {@code entry(...)} literal's 2, 4 or 8 qwords (the planned format's width, checked when the plan is made),
     *     or, when {@code repeats}, the two qwords of a quantum literal, repeated to the planned entry's width
     * @param repeats a quantum literal: {@code N} of a 64-bit store stands for the entry with N in every qword,
     *     {@code N} of a 32-bit store for the entry with N in every word, {@code chunk(LOW HIGH)} of a 128-bit store
     *     for LOW in every even and HIGH in every odd qword, so every quantum the store writes takes the literal's
     *     value, through the same emitter calls as any other value
     */
    record Value(Pos pos, Base base, Entry literal, boolean repeats, List<Edit> edits) {
        /** How the value reads in an error message. */
        String word() {
            return base == Base.LITERAL ? "a literal" : base.word;
        }
    }

    /**
     * {@code FIELD=N}, or {@code FIELD=VALUE.FIELD2} when {@code from} is not null (the field takes FIELD2's value in
     * that entry); the field {@code valid} is the format's valid bit (P or V).
     */
    record Edit(Pos pos, String field, long value, Pos valuePos, FieldRef from) {
        boolean isValid() {
            return isValidWord(field);
        }
    }

    /** {@code VALUE.FIELD}: one field of an entry value, as a number; {@code valid} is the format's valid bit. */
    record FieldRef(Pos pos, Value of, String field, Pos fieldPos) {
        boolean isValid() {
            return isValidWord(field);
        }
    }

    static boolean isValidWord(String field) {
        return field.equalsIgnoreCase("valid");
    }

    sealed interface Cond permits Critical, Present, Same, FieldCompare, FormatIs, Not, And, Or {
    }

    /** {@code a OP b} for the comparison operators {@code == != < <= > >=}, unsigned. */
    static boolean compare(String op, long a, long b) {
        int c = Long.compareUnsigned(a, b);
        return switch (op) {
            case "==" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            default -> throw new IllegalStateException(op);
        };
    }

    /**
     * {@code VALUE.FIELD OP N} or {@code VALUE.FIELD OP VALUE.FIELD}: compares field values as unsigned numbers;
     * {@code right} is null when the right side is the number {@code n}.
     */
    record FieldCompare(Pos pos, FieldRef left, String op, FieldRef right, long n) implements Cond {
    }

    /** {@code critical OP N}: compares the number of critical quanta. */
    record Critical(Pos pos, String op, int n) implements Cond {
        boolean test(int count) {
            return compare(op, count, n);
        }
    }

    record Present(Pos pos, Value value) implements Cond {
    }

    /** {@code A == B}, or {@code A != B} when {@code negated}. */
    record Same(Pos pos, Value a, Value b, boolean negated) implements Cond {
    }

    /**
     * {@code format == NAME}, or {@code format != NAME} when {@code negated}: the format the plan is made for is (not)
     * the one named, for a file whose formats differ in what they hold (riscv-dc-ext's MSI doublewords).
     */
    record FormatIs(Pos pos, String name, boolean negated) implements Cond {
    }

    record Not(Cond c) implements Cond {
    }

    record And(Cond a, Cond b) implements Cond {
    }

    record Or(Cond a, Cond b) implements Cond {
    }
}
