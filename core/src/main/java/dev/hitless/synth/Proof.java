package dev.hitless.synth;

import dev.hitless.check.Requirement;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;

import java.util.ArrayList;
import java.util.List;

/**
 * Why no plan in the space meets the requirement, stated for a kernel developer: the fields that would have to change
 * in one atomic store and the store units they lie in, and every entry the search could reach at an entry sync
 * (the intermediate entries tried), each with a fetch that breaks the requirement on the way from it to the target.
 * The search itself is the proof (it tried every window from every reachable sync-point entry); this record is its
 * readable account.
 *
 * @param format the entry format
 * @param current the live entry
 * @param target the entry wanted
 * @param model the reader model
 * @param requirement what every fetch must see
 * @param together the fields that change and that both ends' configurations use (the oracle compares them), by
 *                 qword, e.g. {@code DID (qword 1, chunk 0)}
 * @param units the number of distinct store units those fields lie in
 * @param unitBits the widest atomic store of the space: 64 or 128
 * @param tried the sync-point entries reached, the current entry first
 * @param stats the search's figures
 */
public record Proof(EntryFormat format, Entry current, Entry target, ReaderModel model, Requirement requirement,
                   List<String> together, int units, int unitBits, List<Tried> tried, Stats stats) {
    /** How many tried entries {@link #lines} lists. */
    static final int LISTED = 8;

    public Proof {
        together = List.copyOf(together);
        tried = List.copyOf(tried);
    }

    /**
     * One sync-point entry the search reached, and a fetch that breaks the requirement in the window that stores what
     * still differs from the target (in ascending unit order).
     *
     * @param entry the entry at the sync
     * @param what what it holds that the current entry does not, by field
     * @param seen an entry a fetch can see in that window
     * @param judged its judgement (TORN, or BLOCKED under {@code hitless})
     * @param seenWhat what {@code seen} holds that the current entry does not, by field
     */
    public record Tried(Entry entry, String what, Entry seen, Seen judged, String seenWhat) {
    }

    /** The account, one line each, indented by two. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("no " + requirement.label() + " plan exists in the space (reader " + model.label() + ")");
        out.add("  space: stores of " + (unitBits == 128 ? "128-bit chunks (cmpxchg16b) and " : "") + "qwords, each field"
                + " holding its current or target value, " + format.blockBit().name() + " cleared, zero qwords; dma_wmb; entry syncs");
        if (!together.isEmpty()) {
            out.add("  why: " + String.join(", ", together) + (together.size() == 1 ? " changes" : " change")
                    + " and both the current and the target configuration use "
                    + (together.size() == 1 ? "it" : "them") + ";");
            out.add(units > 1
                    ? "       they would have to change in one atomic store, but they lie in " + units + " store units (the widest atomic store is " + unitBits + " bits)"
                    : "       every window that changes them lets a fetch see an entry that is neither old nor new (below)");
        }
        out.add("  tried: every entry reachable at an entry sync from the current one (" + tried.size() + " of "
                + stats.spaceEntries() + " in the space); from each, the window to the target lets a fetch see:");
        for (int i = 0; i < Math.min(LISTED, tried.size()); i++) {
            Tried t = tried.get(i);
            out.add("    from " + t.what() + ": " + t.judged() + " " + t.seen() + " (" + t.seenWhat() + ")");
        }
        if (tried.size() > LISTED) out.add("    ... and " + (tried.size() - LISTED) + " more");
        out.add("  search: " + stats.line());
        return out;
    }
}
