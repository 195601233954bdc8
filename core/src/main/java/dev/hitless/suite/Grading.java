package dev.hitless.suite;

import dev.hitless.check.CheckResult;
import dev.hitless.check.Checker;
import dev.hitless.entry.Entry;
import dev.hitless.plan.Plan;
import dev.hitless.reader.Observation;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The outcome table of a stress test, derived from what the checker says about the same plan and reader model.
 *
 * <ul>
 *   <li>every outcome key the checker says is possible: OLD/NEW are {@link Grade#ACCEPTABLE}; TORN and BLOCKED are
 *       {@link Grade#INTERESTING}, with a sentence saying why the checker allows them;</li>
 *   <li>a judgement the checker proves impossible for every chunk mix (e.g. any TORN for a hitless plan) gets an
 *       explicit {@link Grade#FORBIDDEN} row, so the report names it;</li>
 *   <li>anything else is caught by the final FORBIDDEN row: an observation outside the checker's set fails the test,
 *       so jcstress and the checker never disagree silently.</li>
 * </ul>
 * jcstress reads outcome ids as regular expressions; keys hold only letters, spaces and {@code =}, so they match
 * themselves.
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
     * for the key ({@link #examples}).
     */
    public static List<Row> rows(CheckResult r, Map<String, String> examples) {
        List<Row> rows = new ArrayList<>();
        for (String key : new TreeSet<>(r.outcomeKeys())) {
            String desc = describe(key);
            String ex = examples.get(key);
            if (ex != null && grade(key) == Grade.INTERESTING) desc += " E.g. " + ex + ".";
            rows.add(new Row(key, grade(key), desc));
        }
        for (Seen s : Seen.values()) {
            if (!r.seen().contains(s)) {
                rows.add(new Row(s.name() + " .*", Grade.FORBIDDEN, impossible(s)));
            }
        }
        rows.add(new Row(null, Grade.FORBIDDEN,
                "Outside the checker's set: jcstress saw what the checker proves impossible (a bug in one of them)."));
        return rows;
    }

    /** One observable entry per outcome key, decoded by field name (the checker's observations, judged again). */
    public static Map<String, String> examples(Plan plan, ReaderModel model) {
        Oracle oracle = new Oracle(plan.format(), plan.current(), plan.target());
        Map<String, String> out = new TreeMap<>();
        for (Entry e : Checker.observations(plan, model)) {
            String key = Observation.key(oracle.judge(e), plan.current(), plan.target(), e, model.chunkBits());
            String decoded = plan.format().decode(e);
            out.merge(key, decoded, (a, b) -> a.length() <= b.length() ? a : b);
        }
        return out;
    }

    public static Grade grade(String key) {
        Seen s = seenOf(key);
        return s == Seen.OLD || s == Seen.NEW ? Grade.ACCEPTABLE : Grade.INTERESTING;
    }

    public static Seen seenOf(String key) {
        return Seen.valueOf(key.substring(0, key.indexOf(' ')));
    }

    /** The per-chunk letters of a key, e.g. {@code nnoo}. */
    public static String chunks(String key) {
        return key.substring(key.indexOf(' ') + 1);
    }

    static String describe(String key) {
        String mix = mix(chunks(key));
        return switch (seenOf(key)) {
            case OLD -> "The old configuration" + mix + ": the fetch came before the switch.";
            case NEW -> "The new configuration" + mix + ": the fetch came after the switch.";
            case BLOCKED -> "Not present" + mix + ": the checker allows it because the plan clears the valid bit"
                    + " between syncs; DMA faults meanwhile (breaking, not torn).";
            case TORN -> "Torn" + mix + ": the checker allows it because these chunks change between the same two"
                    + " syncs, so one fetch can straddle the stores; the hardware acts on an entry nobody wrote.";
        };
    }

    private static String impossible(Seen s) {
        return switch (s) {
            case OLD -> "Never the old configuration: the checker proves no fetch can see it.";
            case NEW -> "Never the new configuration: the checker proves no fetch can see it.";
            case BLOCKED -> "Not present: the checker proves the entry never looks non-present to this reader.";
            case TORN -> "Torn: the checker proves no chunk mix of this plan is torn for this reader.";
        };
    }

    /** {@code " (chunks 0-1 new, 2-3 old)"}, or empty when every chunk is the same letter. */
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
