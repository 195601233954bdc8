package dev.hitless.entry;

import org.junit.jupiter.api.Test;

import java.util.List;

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
        assertEquals(SAMPLE, Entry.parse(SAMPLE.toString(), 8));
        assertEquals(Entry.ones(8), Entry.parse(Entry.ones(8).toString(), 8));
        assertEquals(Entry.zero(8), Entry.parse(Entry.zero(8).toString(), 8));
    }

    @Test
    void acceptsCommasNewlinesAndNoPrefix() {
        assertEquals(SAMPLE, Entry.parse("49, 800005,\n0x100000 0 0 0 0 FFFFFFFFFFFFFFFF", 8));
    }

    @Test
    void wrongCountNamesTheCount() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Entry.parse("0x1 0x2", 8));
        assertTrue(x.getMessage().contains("expected 8 hex qwords") && x.getMessage().contains("found 2"), x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Entry.parse("", 8));
    }

    @Test
    void badDigitNamesTheQword() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> Entry.parse("0 0 0x12g4 0 0 0 0 0", 8));
        assertTrue(x.getMessage().startsWith("qword 2:") && x.getMessage().contains("'0x12g4'"), x.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> Entry.parse("0x11112222333344445 0 0 0 0 0 0 0", 8));
        assertTrue(tooLong.getMessage().contains("up to 16 hex digits"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Entry.parse("0x 0 0 0 0 0 0 0", 8));
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
    }

    @Test
    void anEntryIsTwoFourOrEightQwordsAndKeepsItsWidth() {
        for (int n : new int[] {2, 4, 8}) {
            assertEquals(n, Entry.zero(n).qwords());
            assertEquals(n, Entry.ones(n).not().qwords());
            assertTrue(Entry.ones(n).not().equals(Entry.zero(n)));
            assertEquals(Entry.ones(n), Entry.parse(Entry.ones(n).toString(), n));
        }
        for (int n : new int[] {0, 1, 3, 5, 6, 7, 9, 16}) {
            assertThrows(IllegalArgumentException.class, () -> Entry.of(new long[n]), n + " qwords");
            assertThrows(IllegalArgumentException.class, () -> Entry.zero(n), n + " qwords");
        }
        assertEquals(Entry.of(0x49L, 0x800005L, 0, 0), Entry.parse("49, 800005 0 0", 4));
        assertTrue(Entry.zero(4).toString().split(" ").length == 4);
        // the zero entries of two widths are different entries, never equal
        assertTrue(!Entry.zero(4).equals(Entry.zero(8)));
    }

    @Test
    void theWrongCountForTheWidthNamesBoth() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Entry.parse(SAMPLE.toString(), 4));
        assertEquals("expected 4 hex qwords (qword 0 first), found 8", x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Entry.parse("1 2 3 4", 3));
    }

    /** Two widths meeting in one operation is a caller's bug (an entry judged by another format): it throws. */
    @Test
    void binaryOperationsOnTwoWidthsThrow() {
        Entry four = Entry.ones(4), eight = Entry.ones(8);
        for (java.util.function.Supplier<Object> op : List.<java.util.function.Supplier<Object>>of(
                () -> four.and(eight), () -> four.or(eight), () -> four.xor(eight), () -> four.andNot(eight),
                () -> four.equalsOn(four, eight), () -> four.equalsOn(eight, four),
                () -> four.withBitsFrom(eight, four), () -> four.withBitsFrom(four, eight))) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, op::get);
            assertTrue(x.getMessage().contains("4 and 8 qwords"), x.getMessage());
        }
    }
}
