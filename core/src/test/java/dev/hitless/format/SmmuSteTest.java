package dev.hitless.format;

import dev.hitless.entry.Entry;
import org.junit.jupiter.api.Test;

import static dev.hitless.format.Masks.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SMMUv3 STE: raw layout of every configuration kind, used bits as the driver's get_ste_used (docs/entry-formats.md
 * section 2.2) and update-safe bits as get_ste_update_safe (section 2.3), all written out qword by qword.
 */
class SmmuSteTest {
    private final SmmuSte f = Formats.ste();

    static final Entry USED_INVALID = q(0x1L);
    static final Entry USED_ABORT = q(0xfL);
    // BYPASS: V|Config; q1 SHCFG
    static final Entry USED_BYPASS = q(0xfL, 0x300000000000L);
    // Config bit 0: q0 V|Config|S1Fmt|S1ContextPtr|S1CDMax; q1 S1DSS|S1CIR|S1COR|S1CSH|MEV|S1STALLD|EATS|STRW; q2 S2VMID
    static final Entry USED_S1 = q(0xf80fffffffffffffL, 0xf80800ffL, 0xffffL);
    // ... and SHCFG when S1DSS=BYPASS
    static final Entry USED_S1_DSS_BYPASS = q(0xf80fffffffffffffL, 0x3000f80800ffL, 0xffffL);
    // Config bit 1: q1 MEV|S2FWB|EATS|SHCFG; q2 S2VMID|VTCR|S2AA64|S2ENDI|S2PTW|S2S|S2R; q3 S2TTB
    static final Entry USED_S2 = q(0xfL, 0x300032080000L, 0x065fffff0000ffffL, 0x000ffffffffffff0L);
    static final Entry USED_NESTED = q(0xf80fffffffffffffL, 0x3000fa0800ffL, 0x065fffff0000ffffL, 0x000ffffffffffff0L);

    static final long MEV = 1L << 19, EATS_TRANS = 1L << 28;

    @Test
    void invalidUsesOnlyV() {
        assertEquals(USED_INVALID, f.usedBits(Entry.zero(8)));
        Entry s2NotValid = f.parseConfig("ste-s2");
        s2NotValid = s2NotValid.withQword(0, s2NotValid.qword(0) & ~1L);
        assertEquals(USED_INVALID, f.usedBits(s2NotValid));
    }

    @Test
    void abort() {
        Entry e = f.parseConfig("ste-abort");
        assertEquals(q(0x1L), e);
        assertEquals(USED_ABORT, f.usedBits(e));
    }

    @Test
    void bypassWritesShcfgIncomingAndUsesShcfg() {
        Entry e = f.parseConfig("ste-bypass");
        assertEquals(q(0x9L, 0x100000000000L), e);
        assertEquals(USED_BYPASS, f.usedBits(e));
        assertEquals(q(0x9L), f.parseConfig("ste-bypass:shcfg=none"));
    }

    @Test
    void stage1Ssid0() {
        Entry e = f.parseConfig("ste-s1:cdtab=0x40000,s1cdmax=8,s1dss=ssid0");
        // q0 V|Config=S1_TRANS|S1ContextPtr|S1CDMax=8; q1 S1DSS=2 S1CIR=S1COR=WBRA S1CSH=ISH S1STALLD
        assertEquals(q(0x400000000004000bL, 0x80000d6L), e);
        assertEquals(USED_S1, f.usedBits(e));
    }

    @Test
    void stage1TerminateAndNumericS1dss() {
        Entry e = f.parseConfig("ste-s1:cdtab=0x40000,s1dss=terminate,stall=1");
        assertEquals(q(0x4000bL, 0xd4L), e);
        assertEquals(e, f.parseConfig("ste-s1:cdtab=0x40000,s1dss=0,stall=1"));
        assertEquals(USED_S1, f.usedBits(e));
    }

    @Test
    void shcfgUsedWhenThisEntrysS1dssIsBypass() {
        Entry e = f.parseConfig("ste-s1:cdtab=0x40000,s1cdmax=8,s1dss=bypass");
        assertEquals(q(0x400000000004000bL, 0x1000080000d5L), e);
        assertEquals(USED_S1_DSS_BYPASS, f.usedBits(e));
        // The rule looks at the entry's own S1DSS: same entry with S1DSS flipped to SSID0 stops using SHCFG.
        Entry ssid0 = e.withQword(1, (e.qword(1) & ~0x3L) | 0x2L);
        assertEquals(USED_S1, f.usedBits(ssid0));
    }

    @Test
    void stage1AtsAndStrw() {
        assertEquals(q(0x400000000004000bL, 0x180000d6L),
                f.parseConfig("ste-s1:cdtab=0x40000,s1cdmax=8,ats=1"));
        assertEquals(q(0x4000bL, 0x880000d6L), f.parseConfig("ste-s1:cdtab=0x40000,strw=el2"));
    }

    @Test
    void stage2() {
        Entry e = f.parseConfig("ste-s2:vmid=1,s2ttb=0x80000");
        // q2 S2VMID=1 VTCR=0x53590 S2AA64 S2PTW S2R; q3 S2TTB
        assertEquals(q(0xdL, 0x100000000000L, 0x044d359000000001L, 0x80000L), e);
        assertEquals(USED_S2, f.usedBits(e));
        Entry all = f.parseConfig("ste-s2:vmid=0xffff,s2ttb=0x80000,ats=1,stall=1,s2fwb=1,vtcr=0x7ffff");
        assertEquals(q(0xdL, 0x100012000000L, 0x064fffff0000ffffL, 0x80000L), all);
        assertEquals(USED_S2, f.usedBits(all));
    }

    @Test
    void nested() {
        Entry e = f.parseConfig("ste-nested:cdtab=0x60000,s1cdmax=8,s1dss=ssid0,vmid=3,s2ttb=0x80000");
        assertEquals(q(0x400000000006000fL, 0x1000000800d6L, 0x044d359000000003L, 0x80000L), e);
        assertEquals(USED_NESTED, f.usedBits(e));
        assertEquals(USED_NESTED, f.usedBits(f.parseConfig("ste-nested:s1dss=bypass")));
    }

    @Test
    void mevIsAlwaysUpdateSafe() {
        Entry s1 = f.parseConfig("ste-s1");
        assertEquals(q(0, MEV | EATS_TRANS), f.updateSafeBits(s1, f.parseConfig("ste-s1:ats=1")));
        assertEquals(q(0, MEV | EATS_TRANS), f.updateSafeBits(f.parseConfig("ste-abort"), Entry.zero(8)));
    }

    @Test
    void eatsTransNotUpdateSafeWithS1chk() {
        Entry s1 = f.parseConfig("ste-s1");
        Entry s1chk = s1.withQword(1, s1.qword(1) | 1L << 29);
        assertEquals(q(0, MEV), f.updateSafeBits(s1, s1chk));
        assertEquals(q(0, MEV), f.updateSafeBits(s1chk, s1));
    }

    @Test
    void eatsTransNotUpdateSafeWithS2s() {
        Entry stall = f.parseConfig("ste-s2:stall=1");
        Entry plain = f.parseConfig("ste-s2:ats=1");
        assertEquals(q(0, MEV), f.updateSafeBits(stall, plain));
        assertEquals(q(0, MEV), f.updateSafeBits(plain, stall));
        assertEquals(q(0, MEV | EATS_TRANS), f.updateSafeBits(plain, f.parseConfig("ste-s2")));
    }

    @Test
    void badS1fmtRejected() {
        assertTrue(ConfigExpect.rejects(f, "ste-s1:s1fmt=1").getMessage().contains("64k_l2"));
        assertEquals(q(0x4002bL, 0x80000d6L), f.parseConfig("ste-s1:cdtab=0x40000,s1fmt=64k_l2"));
    }

    @Test
    void symbolicNames() {
        assertEquals("Config=5(S1_TRANS)", f.formatValue(SmmuSte.CONFIG, 5));
        assertEquals("Config=7(NESTED)", f.formatValue(SmmuSte.CONFIG, 7));
        assertEquals("S1DSS=1(BYPASS)", f.formatValue(SmmuSte.S1DSS, 1));
        assertEquals("EATS=1(TRANS)", f.formatValue(SmmuSte.EATS, 1));
        assertEquals("STRW=2(EL2)", f.formatValue(SmmuSte.STRW, 2));
        assertEquals(64, f.defaultChunkBits());
    }
}
