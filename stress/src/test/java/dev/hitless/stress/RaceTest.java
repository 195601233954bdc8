package dev.hitless.stress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
