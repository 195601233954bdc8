package dev.hitless.attach;

import dev.hitless.check.CheckResult;
import dev.hitless.check.Checker;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.reader.ReaderModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks an {@link AttachSequence} composed with an entry {@link Ordering} on one replace: each switch's plan by the
 * entry {@link Checker} under the reader model, then every interleaving of writer, unmapper and device by
 * {@link TagExplorer}. docs/cache-tags.md has the model; {@link CacheTags} its rules.
 */
public final class AttachChecker {
    /** Whether the device has a device TLB unless told otherwise: ATS on, the case with the most to invalidate. */
    public static final boolean DEFAULT_ATS = true;

    private AttachChecker() {
    }

    /**
     * Checks {@code seq} with {@code ordering} on the replace {@code oldEntry -> newEntry}.
     *
     * @throws IllegalArgumentException when the sequence needs a configuration the format cannot write (a temporary
     *         tag on an entry without a tag field)
     */
    public static AttachResult check(AttachSequence seq, Ordering ordering, EntryFormat format, Entry oldEntry, Entry newEntry,
                                     ReaderModel model, boolean ats) {
        return check(seq, ordering, format, oldEntry, newEntry, model, ats, null);
    }

    /**
     * As {@link #check(AttachSequence, Ordering, EntryFormat, Entry, Entry, ReaderModel, boolean)}, reusing
     * {@code direct} (the entry checker's result for the ordering's plan from the old entry to the new one under the
     * same model, or null) for a switch that makes that move: a matrix has it already.
     */
    public static AttachResult check(AttachSequence seq, Ordering ordering, EntryFormat format, Entry oldEntry, Entry newEntry,
                                     ReaderModel model, boolean ats, CheckResult direct) {
        return check(seq, ordering, DomainSwitch.of(format, oldEntry, newEntry), model, ats, direct);
    }

    /** As above, for a replace already read into a {@link DomainSwitch} (a matrix reads each once for all its models). */
    public static AttachResult check(AttachSequence seq, Ordering ordering, DomainSwitch ds, ReaderModel model, boolean ats,
                                     CheckResult direct) {
        EntryFormat format = ds.format();
        Entry oldEntry = ds.entryOf(TagId.OLD, Domain.OLD), newEntry = ds.entryOf(TagId.NEW, Domain.NEW);
        List<AttachResult.SwitchRun> runs = new ArrayList<>();
        List<CheckResult> results = new ArrayList<>();
        TagId tag = TagId.OLD;
        Domain table = Domain.OLD;
        for (AttachStep.Switch w : seq.switches()) {
            Entry from = ds.entryOf(tag, table);
            Entry to = ds.entryOf(w.tag(), w.table());
            CheckResult r;
            if (direct != null && from.equals(oldEntry) && to.equals(newEntry)) {
                r = direct;
            } else {
                Plan plan = ordering.plan(format, from, to);
                r = Checker.check(plan, model);
            }
            runs.add(new AttachResult.SwitchRun(w, tag, table, r));
            results.add(r);
            tag = w.tag();
            table = w.table();
        }
        TagProgram program = TagProgram.of(seq, ds, results);
        return new AttachResult(seq, ds, runs, ats, program, TagExplorer.explore(program, ats));
    }
}
