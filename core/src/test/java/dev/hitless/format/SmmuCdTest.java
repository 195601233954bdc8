package dev.hitless.format;

import dev.hitless.entry.Entry;
import org.junit.jupiter.api.Test;

import static dev.hitless.format.Masks.onesExcept;
import static dev.hitless.format.Masks.q;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** SMMUv3 CD: raw layout of every kind and used bits as get_cd_used (docs/entry-formats.md section 3.2). */
class SmmuCdTest {
    private final SmmuCd f = Formats.cd();

    static final Entry USED_INVALID = q(0x80000000L);
    // EPD0=1: everything but T0SZ|TG0|IRGN0|ORGN0|SH0 (q0 13:0) and TTB0 (q1 51:4)
    static final Entry USED_EPD0 = onesExcept(0xffffffffffffc000L, 0xfff000000000000fL);

    @Test
    void clearedUsesOnlyV() {
        Entry e = f.parseConfig("cd-clear");
        assertEquals(Entry.zero(8), e);
        assertEquals(USED_INVALID, f.usedBits(e));
        assertEquals(USED_INVALID, f.usedBits(q(0x7fffffffL, -1L, -1L, -1L)));
    }

    @Test
    void stage1() {
        Entry e = f.parseConfig("cd-s1:asid=1,ttb0=0x100000");
        // q0 T0SZ=16 IRGN0=ORGN0=WBWA SH0=IS EPD1 V IPS=5 AA64 R A ASET ASID=1; q1 TTB0; q3 MAIR
        assertEquals(q(0x0001e205c0003510L, 0x100000L, 0, 0xf404ff44L), e);
        assertEquals(Entry.ones(8), f.usedBits(e));
        Entry dirty = f.parseConfig("cd-s1:asid=0xffff,ttb0=0x100000,hd=1,stall=1");
        assertEquals(q(0xfffffe05c0003510L, 0x100000L, 0, 0xf404ff44L), dirty);
    }

    @Test
    void sva() {
        Entry e = f.parseConfig("cd-sva:asid=3,ttb0=0x300000");
        assertEquals(q(0x0003e205c0003510L, 0x300000L, 0, 0x000000040044ffffL), e);
        assertEquals(Entry.ones(8), f.usedBits(e));
    }

    @Test
    void svaReleaseSetsEpd0AndIgnoresTtb0() {
        Entry e = f.parseConfig("cd-sva-release:asid=3");
        assertEquals(q(0x0003e205c0004000L, 0, 0, 0x000000040044ffffL), e);
        assertEquals(USED_EPD0, f.usedBits(e));
    }

    @Test
    void epd0RuleLooksAtTheEntryItself() {
        Entry s1 = f.parseConfig("cd-s1");
        assertEquals(USED_EPD0, f.usedBits(s1.withQword(0, s1.qword(0) | 1L << 14)));
    }

    @Test
    void noUpdateSafeBits() {
        assertEquals(Entry.zero(8), f.updateSafeBits(f.parseConfig("cd-s1"), f.parseConfig("cd-sva")));
    }
}
