package dev.hitless.stress;

import dev.hitless.entry.Entry;
import dev.hitless.reader.Observation;
import dev.hitless.reader.Seen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The wiring of a race, one thread at a time: the writer's plan runs with the entry's reader as its sync handler, and
 * the reader returns the observation key the outcome tables use. (Races proper are the jcstress suites' job.)
 */
class RaceTest {

    /**
     * Before the writer, a sticky reader serves the old entry it had cached and a strict one fetches it; after the
     * plan (its last step an entry sync) both see the new entry; a new race starts on a fresh entry.
     */
    @ParameterizedTest
    @CsvSource({"struct-copy, sticky", "used-bits-64, strict", "clear-then-update, ascending"})
    void theReaderSeesTheOldEntryBeforeTheWriterAndTheNewOneAfter(String ordering, String preset) {
        Race.Setup setup = Race.setup("vtd-pasid", ordering, "fl-did5-a", "fl-did6-b", preset);
        Race race = new Race(setup);
        assertEquals("OLD oo==", race.reader());
        race.writer();
        assertEquals("NEW nn==", race.reader());
        assertEquals("OLD oo==", new Race(setup).reader(), "each race has its own live entry");
    }

    /**
     * The race's lookup by fetched qwords (no copy) gives exactly the oracle's outcome for every entry a fetch can
     * see here: each qword old or new, all 256 mixes, asked in both forms and in both orders (a first answer
     * memoised by one form is the answer of the other).
     */
    @ParameterizedTest
    @CsvSource({"struct-copy, strict", "used-bits-128-draft, strict", "struct-copy, sticky"})
    void theLookupByQwordsIsTheOraclesOutcome(String ordering, String preset) {
        Race.Setup setup = Race.setup("vtd-pasid", ordering, "fl-did5-a", "fl-did6-b", preset);
        Race.Setup fresh = Race.setup("vtd-pasid", ordering, "fl-did5-a", "fl-did6-b", preset);
        Entry old = setup.plan().current();
        Entry target = setup.plan().target();
        long[] q = new long[Entry.MAX_QWORDS];
        for (int mix = 0; mix < 256; mix++) {
            for (int i = 0; i < 8; i++) q[i] = ((mix >>> i) & 1) != 0 ? target.qword(i) : old.qword(i);
            Entry e = Entry.copyOf(q, 8);
            Observation seen = Observation.of(setup.oracle.judge(e), old, target, e, setup.model().chunkBits());
            Race.Outcome byQwords = setup.observer.observe(q, 8);
            assertEquals(seen.key(), byQwords.key(), e.toString());
            assertEquals(setup.tables.walkedBy(e), byQwords.walks());
            assertEquals(new Observation(Seen.UNINIT, seen.chunks()).key(), byQwords.uninitKey());
            assertSame(byQwords, setup.observer.observe(e), "memoised: the same answer by entry");
            Race.Outcome byEntry = fresh.observer.observe(e);
            assertSame(byEntry, fresh.observer.observe(q, 8), "memoised: the same answer by qwords");
            assertEquals(byQwords, byEntry);
        }
    }

    /**
     * The memo keeps the first outcome given for an entry, finds every entry it was given by its qwords alone (a
     * longer array, other qwords beyond the entry's width ignored), and past half its capacity keeps working
     * through its overflow map.
     */
    @Test
    void theMemoFindsEveryEntryItKeptAlsoPastItsTable() {
        Race.Judged memo = new Race.Judged();
        int n = Race.Judged.CAPACITY + 100;
        Race.Outcome[] kept = new Race.Outcome[n];
        for (int k = 0; k < n; k++) {
            long[] q = {k, ~k, 7L * k, 0, 1, 2, 3, k >>> 3};
            assertNull(memo.get(q, 8), "not there before");
            kept[k] = new Race.Outcome("K" + k, k & 3, "U" + k);
            assertSame(kept[k], memo.putIfAbsent(q.clone(), kept[k]));
            assertSame(kept[k], memo.putIfAbsent(q.clone(), new Race.Outcome("other", 0, "other")), "the first one stays");
        }
        for (int k = 0; k < n; k++) {
            long[] longer = {k, ~k, 7L * k, 0, 1, 2, 3, k >>> 3, 99, 99};
            assertSame(kept[k], memo.get(longer, 8), "entry " + k);
            assertNull(memo.get(longer, 4), "its 4-qword prefix is another entry");
        }
    }
}
