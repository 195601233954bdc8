package dev.hitless.entry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Entry: the kernel's hex print form, parsing it back, and parse errors that say what was expected. */
class EntryTest {
    private static final Entry SAMPLE = Entry.of(0x49L, 0x800005L, 0x100000L, 0, 0, 0, 0, -1L);

    @Test
    void printsAsTheKernelDoes() {
        assertEquals("0x0000000000000049 0x0000000000800005 0x0000000000100000 0x0000000000000000 "
                + "0x0000000000000000 0x0000000000000000 0x0000000000000000 0xffffffffffffffff", SAMPLE.toString());
    }

    @Test
    void roundTrips() {
        assertEquals(SAMPLE, Entry.parse(SAMPLE.toString()));
        assertEquals(Entry.ONES, Entry.parse(Entry.ONES.toString()));
        assertEquals(Entry.ZERO, Entry.parse(Entry.ZERO.toString()));
    }

    @Test
    void acceptsCommasNewlinesAndNoPrefix() {
        assertEquals(SAMPLE, Entry.parse("49, 800005,\n0x100000 0 0 0 0 FFFFFFFFFFFFFFFF"));
    }

    @Test
    void wrongCountNamesTheCount() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Entry.parse("0x1 0x2"));
        assertTrue(x.getMessage().contains("expected 8 hex qwords") && x.getMessage().contains("found 2"), x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Entry.parse(""));
    }

    @Test
    void badDigitNamesTheQword() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> Entry.parse("0 0 0x12g4 0 0 0 0 0"));
        assertTrue(x.getMessage().startsWith("qword 2:") && x.getMessage().contains("'0x12g4'"), x.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> Entry.parse("0x11112222333344445 0 0 0 0 0 0 0"));
        assertTrue(tooLong.getMessage().contains("up to 16 hex digits"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Entry.parse("0x 0 0 0 0 0 0 0"));
    }

    @Test
    void maskOperations() {
        Entry a = Entry.of(0xf0L, 0, 0, 0, 0, 0, 0, 0);
        Entry b = Entry.of(0x3cL, 0, 0, 0, 0, 0, 0, 0);
        assertEquals(0x30L, a.and(b).qword(0));
        assertEquals(0xfcL, a.or(b).qword(0));
        assertEquals(0xccL, a.xor(b).qword(0));
        assertEquals(0xc0L, a.andNot(b).qword(0));
        assertEquals(0xfcL, a.withBitsFrom(b, Entry.of(0x0fL, 0, 0, 0, 0, 0, 0, 0)).qword(0));
        assertTrue(a.equalsOn(b, Entry.of(0x30L, 0, 0, 0, 0, 0, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> Entry.of(1L, 2L));
    }
}
