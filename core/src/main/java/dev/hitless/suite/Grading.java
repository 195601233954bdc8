package dev.hitless.suite;

import dev.hitless.check.CheckResult;
import dev.hitless.reader.Observation;
import dev.hitless.reader.Seen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome table of a stress test, derived from what the checker says about the same plan and reader model.
 *
 * <ul>
 *   <li>every observation the checker says is possible: OLD/NEW are {@link Grade#ACCEPTABLE}; TORN and BLOCKED are
 *       {@link Grade#INTERESTING}, with a sentence saying why the checker allows them;</li>
 *   <li>a judgement the checker proves impossible for every chunk mix (e.g. any TORN for a hitless plan) gets an
 *       explicit {@link Grade#FORBIDDEN} row, so the report names it;</li>
 *   <li>anything else is caught by the final FORBIDDEN row: an observation outside the checker's set fails the test,
 *       so jcstress and the checker never disagree silently.</li>
 * </ul>
 * A row's id is the observation's {@linkplain Observation#key key}, which jcstress reads as a regular expression that
 * matches itself.
 */
public final class Grading {
    /** jcstress's Expect, without depending on jcstress in core. */
    public enum Grade { ACCEPTABLE, INTERESTING, FORBIDDEN }

    /** One {@code @Outcome} row; {@code id} null is the default row. */
    public record Row(String id, Grade grade, String desc) {
    }


    private Grading() {
    }

    public static List<Row> rows(CheckResult r) {
        return rows(r, Map.of());
    }

    /**
     * The rows, with an example entry decoded into each TORN or BLOCKED description where {@code examples} has one
     * for the observation ({@link #examples}).
     */
    public static List<Row> rows(CheckResult r, Map<Observation, String> examples) {
        List<Row> rows = new ArrayList<>();
        for (Observation o : r.sortedOutcomes()) {
            String desc = describe(o);
            String ex = examples.get(o);
            if (ex != null && grade(o) == Grade.INTERESTING) desc += " E.g. " + ex + ".";
            rows.add(new Row(o.key(), grade(o), desc));
        }
        for (Seen s : Seen.values()) {
            // a format whose entries never pass DMA untranslated has no UNTRANSLATED row (its tables stay as they were)
            if (s == Seen.UNTRANSLATED && !r.plan().format().passesUntranslated()) continue;
            if (!r.seen().contains(s)) {
                rows.add(new Row(s.name() + " .*", Grade.FORBIDDEN, impossible(s)));
            }
        }
        rows.add(new Row(null, Grade.FORBIDDEN,
                "Outside the checker's set: jcstress saw what the checker proves impossible (a bug in one of them)."));
        return rows;
    }

    /**
     * One observable entry per observation, decoded by field name: the checker's {@link CheckResult#examples()}, which
     * it picks in a fixed search order, so the text does not vary from one JVM to the next.
     */
    public static Map<Observation, String> examples(CheckResult r) {
        Map<Observation, String> out = new HashMap<>();
        r.examples().forEach((o, e) -> out.put(o, r.plan().format().decode(e)));
        return out;
    }

    public static Grade grade(Observation o) {
        return o.isOldOrNew() ? Grade.ACCEPTABLE : Grade.INTERESTING;
    }

    static String describe(Observation o) {
        String mix = mix(o.chunks());
        return switch (o.seen()) {
            case OLD -> "The old configuration" + mix + ": the fetch came before the switch.";
            case NEW -> "The new configuration" + mix + ": the fetch came after the switch.";
            case BLOCKED -> "Not present" + mix + ": the checker allows it because the plan clears the valid bit"
                    + " between syncs; DMA faults meanwhile (breaking, not torn).";
            case UNTRANSLATED -> "Untranslated" + mix + ": the checker allows it because the plan clears the valid bit"
                    + " between syncs, and this format lets a non-valid entry's DMA through untranslated: the device"
                    + " reaches physical memory unchecked.";
            case UNINIT -> "The new configuration" + mix + ", but the table it points at may not be visible yet: the"
                    + " checker allows it because no dma_wmb orders the table's initialisation before the store that"
                    + " publishes the pointer; the device walks uninitialised memory.";
            case TORN -> "Torn" + mix + ": the checker allows it because these chunks change between the same two"
                    + " syncs, so one fetch can straddle the stores; the hardware acts on an entry nobody wrote.";
        };
    }

    private static String impossible(Seen s) {
        return switch (s) {
            case OLD -> "Never the old configuration: the checker proves no fetch can see it.";
            case NEW -> "Never the new configuration: the checker proves no fetch can see it.";
            case BLOCKED -> "Not present: the checker proves the entry never looks non-present to this reader.";
            case UNTRANSLATED -> "Untranslated: the checker proves the entry never lets DMA through untranslated for this reader.";
            case UNINIT -> "Uninitialised table: the checker proves the device never sees a new pointer before its table.";
            case TORN -> "Torn: the checker proves no chunk mix of this plan is torn for this reader.";
        };
    }

    /** {@code " (chunks 0-1 new, chunks 2-3 old)"}: the {@linkplain Observation chunk letters} in words. */
    static String mix(String letters) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < letters.length()) {
            int j = i;
            while (j + 1 < letters.length() && letters.charAt(j + 1) == letters.charAt(i)) j++;
            if (sb.length() > 0) sb.append(", ");
            sb.append(i == j ? "chunk " + i : "chunks " + i + "-" + j).append(' ').append(word(letters.charAt(i)));
            i = j + 1;
        }
        return " (" + sb.toString().toLowerCase(Locale.ROOT) + ")";
    }

    private static String word(char c) {
        return switch (c) {
            case 'o' -> "old";
            case 'n' -> "new";
            case '=' -> "same in both";
            default -> "intermediate";
        };
    }
}
