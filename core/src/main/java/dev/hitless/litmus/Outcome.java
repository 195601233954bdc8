package dev.hitless.litmus;

import dev.hitless.entry.Entry;
import dev.hitless.reader.Observation;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.Seen;
import dev.hitless.reader.TableInit;

/**
 * One fetch as both models state it: the entry the device read and what it found behind the tables it walks. This is
 * the unit of agreement between herd7's final states and the checker's {@link dev.hitless.check.Fetches}.
 *
 * @param entry  every qword the device read
 * @param tables {@link Tables#NOT_WALKED} unless the entry makes the device walk a table the driver initialised for
 *               this update ({@link TableInit#walkedBy}); then whether the initialisation was visible
 */
public record Outcome(Entry entry, Tables tables) implements Comparable<Outcome> {

    /** What the device found behind the new tables its fetched entry points at. */
    public enum Tables {
        /** The entry walks no newly initialised table (it is not NEW, or points at no new table). */
        NOT_WALKED,
        /** It walks one and sees the driver's initialisation. */
        SEEN,
        /** It walks one before the initialisation is visible to it: UNINIT. */
        UNSEEN
    }

    /** The judgement and chunk letters the checker reports for this fetch, at {@code chunkBits}. */
    public Observation observation(Oracle oracle, int chunkBits) {
        Seen s = tables == Tables.UNSEEN ? Seen.UNINIT : oracle.judge(entry);
        return Observation.of(s, oracle.old(), oracle.target(), entry, chunkBits);
    }

    /** How bad the fetch is, for choosing a litmus test's condition: {@link Seen} order. */
    public Seen seen(Oracle oracle) {
        return tables == Tables.UNSEEN ? Seen.UNINIT : oracle.judge(entry);
    }

    @Override
    public int compareTo(Outcome o) {
        for (int q = 0; q < entry.qwords(); q++) {
            int c = Long.compareUnsigned(entry.qword(q), o.entry.qword(q));
            if (c != 0) return c;
        }
        return tables.compareTo(o.tables);
    }
}
