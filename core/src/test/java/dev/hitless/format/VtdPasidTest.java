package dev.hitless.format;

import dev.hitless.entry.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.hitless.format.Masks.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VT-d PASID entry: raw layout of every configuration kind and its used bits, written out qword by qword from
 * docs/entry-formats.md sections 1.1 and 1.2 (not computed by the code under test).
 */
class VtdPasidTest {
    private final VtdPasid f = Formats.vtd();

    // Used-bit masks from the reference table.
    // FL: q0 P|AW|PGTT; q1 DID|PWSNP|PGSNP; q2 FSPTPTR|FSPM
    static final Entry USED_FL = q(0x1ddL, 0x180ffffL, 0xfffffffffffff00cL);
    // SL: q0 P|FPD|AW|PGTT|SSADE|SSPTPTR; q1 DID|PWSNP
    static final Entry USED_SL = q(0xfffffffffffff3dfL, 0x80ffffL);
    // NESTED: q0 as SL; q1 DID|PWSNP|PGSNP; q2 FSPTPTR|FSPM|WPE|EAFE|SRE
    static final Entry USED_NESTED = q(0xfffffffffffff3dfL, 0x180ffffL, 0xfffffffffffff09dL);
    // PT: q0 P|FPD|AW|PGTT; q1 DID|PWSNP
    static final Entry USED_PT = q(0x1dfL, 0x80ffffL);
    static final Entry USED_NOT_PRESENT = q(0x1L);

    @Test
    void clearIsAllZeroAndUsesOnlyP() {
        Entry e = f.parseConfig("clear");
        assertEquals(Entry.zero(8), e);
        assertEquals(USED_NOT_PRESENT, f.usedBits(e));
        assertFalse(f.isPresent(e));
    }

    @Test
    void clearFpdSetsOnlyFpdAndUsesOnlyP() {
        Entry e = f.parseConfig("clear-fpd");
        assertEquals(q(0x2L), e);
        assertEquals(USED_NOT_PRESENT, f.usedBits(e));
    }

    @Test
    void firstStage() {
        Entry e = f.parseConfig("fl:did=5,fsptptr=0x100000");
        // q0 P=1 AW=2 PGTT=1; q1 DID=5 PWSNP; q2 FSPTPTR
        assertEquals(q(0x49L, 0x800005L, 0x100000L), e);
        assertEquals(USED_FL, f.usedBits(e));
        Entry e5 = f.parseConfig("fl:did=6,fsptptr=0x200000,fspm=1,aw=3,pgsnp=1,pwsnp=0");
        assertEquals(q(0x4dL, 0x1000006L, 0x200004L), e5);
        assertEquals(USED_FL, f.usedBits(e5));
    }

    @Test
    void secondStage() {
        Entry e = f.parseConfig("sl:did=7,ssptptr=0x300000,ssade=1");
        assertEquals(q(0x300289L, 0x800007L), e);
        assertEquals(USED_SL, f.usedBits(e));
    }

    @Test
    void nested() {
        Entry e = f.parseConfig("nested:did=9,fsptptr=0x100000,ssptptr=0x300000,sre=1,wpe=1,eafe=1,pgsnp=1,fspm=1");
        assertEquals(q(0x3000c9L, 0x1800009L, 0x100095L), e);
        assertEquals(USED_NESTED, f.usedBits(e));
    }

    @Test
    void passThrough() {
        Entry e = f.parseConfig("pt");
        assertEquals(q(0x109L, 0x800001L), e);
        assertEquals(USED_PT, f.usedBits(e));
    }

    @Test
    void notPresentUsesOnlyPWhateverElseIsSet() {
        Entry e = f.parseConfig("nested").withQword(0, f.parseConfig("nested").qword(0) & ~1L);
        assertEquals(USED_NOT_PRESENT, f.usedBits(e));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 5, 6, 7})
    void invalidPgttUsesEveryBit(long pgtt) {
        Entry e = q(0x1L | pgtt << 6, 0x5L);
        assertEquals(Entry.ones(8), f.usedBits(e));
    }

    @Test
    void wpeWithoutSreIsRejected() {
        ConfigException x = ConfigExpect.rejects(f, "nested:wpe=1");
        assertTrue(x.getMessage().contains("sre"), x.getMessage());
    }

    @Test
    void pgttHasSymbolicNames() {
        assertEquals("PGTT=1(FL)", f.formatValue(VtdPasid.PGTT, 1));
        assertEquals("PGTT=4(PT)", f.formatValue(VtdPasid.PGTT, 4));
        assertTrue(f.decode(f.parseConfig("sl")).contains("PGTT=2(SL)"));
        assertTrue(f.decode(f.parseConfig("nested")).contains("PGTT=3(NESTED)"));
        assertEquals(128, f.defaultChunkBits());
        assertEquals(VtdPasid.P, f.validBit());
    }
}
