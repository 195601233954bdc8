package dev.hitless.reader;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The observation key: built from a fetched entry, printed as the jcstress outcome id, read back. */
class ObservationTest {
    static final EntryFormat VTD = Formats.vtd();
    /** fl-did5-a -> fl-did6-b: chunk 0 (q0-1) changes DID, chunk 1 (q2-3) changes FSPTPTR, chunks 2-3 equal. */
    static final Entry A = VTD.parseConfig("fl-did5-a"), B = VTD.parseConfig("fl-did6-b");

    @Test
    void lettersSayWhereEachChunkCameFrom() {
        Entry mix = A.withQword(1, B.qword(1)); // new DID, old FSPTPTR
        Observation o = Observation.of(Seen.TORN, A, B, mix, 128);
        assertEquals(new Observation(Seen.TORN, "no=="), o);
        assertEquals("TORN no==", o.key());
        assertEquals("TORN no==", o.toString());
        assertEquals('o', o.chunk(1));
        assertEquals("x", Observation.of(Seen.TORN, A, B, mix.withQword(5, 1), 512).chunks());
        assertEquals("=nn=====", Observation.of(Seen.NEW, A, B, B, 64).chunks());
    }

    @Test
    void parsePrintRoundTrip() {
        for (String key : List.of("OLD oo==", "NEW nn==", "TORN no==", "BLOCKED xo======", "TORN x")) {
            Observation o = Observation.parse(key);
            assertEquals(key, o.key());
            assertEquals(o, Observation.parse(o.key()));
        }
        for (Seen s : Seen.values()) {
            Observation o = new Observation(s, "on=x");
            assertEquals(o, Observation.parse(o.key()));
            assertEquals(s == Seen.OLD || s == Seen.NEW, o.isOldOrNew());
        }
    }

    @Test
    void malformedKeysAreRejectedByName() {
        for (String bad : List.of("TORN", "TORN ", "torn no==", "MAYBE no==", "TORN no=y", " no==", "TORN  no==")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Observation.parse(bad), bad);
            assertTrue(e.getMessage().contains("'"), e.getMessage());
        }
    }

    @Test
    void outcomeTablesListObservationsByKey() {
        List<Observation> sorted = Stream.of("TORN no==", "OLD oo==", "NEW nn==", "BLOCKED xo==", "NEW =n==")
                .map(Observation::parse).sorted(Observation.ORDER).toList();
        assertEquals(List.of("BLOCKED xo==", "NEW =n==", "NEW nn==", "OLD oo==", "TORN no=="),
                sorted.stream().map(Observation::key).toList());
        assertFalse(Observation.parse("TORN no==").isOldOrNew());
    }
}
