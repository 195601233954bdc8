package dev.hitless.stress;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The wiring of a race, one thread at a time: the writer's plan runs with the entry's reader as its sync handler, and
 * the reader returns the observation key the outcome tables use. (Races proper are the jcstress suites' job.)
 */
class RaceTest {

    @Test
    void aStickyReaderSeesTheOldEntryUntilTheWritersEntrySyncThenTheNewOne() {
        Race.Setup setup = Race.setup("vtd-pasid", "struct-copy", "fl-did5-a", "fl-did6-b", "sticky");
        Race race = new Race(setup);
        assertEquals("OLD oo==", race.reader());
        race.writer();
        assertEquals("NEW nn==", race.reader());
    }

    @Test
    void aStrictReaderFetchesMemory() {
        Race.Setup setup = Race.setup("vtd-pasid", "used-bits-64", "fl-did5-a", "fl-did6-b", "strict");
        Race race = new Race(setup);
        assertEquals("OLD oo==", race.reader());
        race.writer();
        assertEquals("NEW nn==", race.reader());
        assertEquals("OLD oo==", new Race(setup).reader(), "each race has its own live entry");
    }
}
