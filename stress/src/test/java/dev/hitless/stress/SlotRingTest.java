package dev.hitless.stress;

import dev.hitless.entry.Entry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One ring per entry width: a state's slot is as wide as its format's entry, initialised to the entry it is given. */
class SlotRingTest {

    @Test
    void eachWidthHasItsOwnRingOfEntriesThatWide() {
        SlotRing four = SlotRing.of(4);
        assertSame(four, SlotRing.of(4), "one ring per width per JVM");
        assertNotSame(four, SlotRing.of(8));
        assertEquals(4, four.table().qwords());
        assertEquals(8, SlotRing.of(8).table().qwords());
        Entry e = Entry.of(1, 2, 3, 4);
        int slot = four.next(e);
        assertEquals(e, four.table().loadEntryOpaque(slot));
        assertEquals(0, four.table().initialisedTables(slot, 0b1111), "its tables uninitialised");
        assertEquals((slot + 1) % SlotRing.SIZE, four.next(e), "round-robin");
    }

    @Test
    void anEntryOfAnotherWidthOrNoWidthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SlotRing.of(4).next(Entry.zero(8)));
        assertThrows(IllegalArgumentException.class, () -> SlotRing.of(3));
    }
}
