package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.SmmuSte;
import dev.hitless.format.VtdPasid;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.Seen;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OracleTest {
    @Test
    void vtdMixesAreJudgedByTheirOwnUsedBits() {
        EntryFormat f = Formats.vtd();
        Entry a = f.parseConfig("fl-did5-a"), b = f.parseConfig("sl-did7-a");
        Oracle o = new Oracle(f, a, b);
        assertEquals(Seen.OLD, o.judge(a));
        assertEquals(Seen.NEW, o.judge(b));
        // old with PGTT flipped to SL: an SL entry with the FL entry's DID and no SSPTPTR: neither, present
        assertEquals(Seen.TORN, o.judge(VtdPasid.PGTT.set(a, VtdPasid.PGTT_SL)));
        // not present: judged by P alone
        assertEquals(Seen.BLOCKED, o.judge(VtdPasid.P.set(a, 0)));
        // a bit no configuration uses (q5) does not matter
        assertEquals(Seen.OLD, o.judge(a.withQword(5, 0xdead)));
        // a not-present old entry makes any not-present observation OLD
        assertEquals(Seen.OLD, new Oracle(f, Entry.zero(8), a).judge(VtdPasid.P.set(a, 0)));
    }

    @Test
    void steUpdateSafeBitsMevAndEatsTransMayChangeLive() {
        EntryFormat f = Formats.ste();
        Entry a = f.parseConfig("s1-ssid0"), b = f.parseConfig("s1-ats");
        Oracle o = new Oracle(f, a, b);
        // EATS_TRANS (q1 bit 28) is update-safe: old with only EATS changed is still OLD
        Entry eats = SmmuSte.EATS.set(a, SmmuSte.EATS_TRANS);
        assertEquals(Seen.OLD, o.judge(eats));
        assertEquals(1L << 28, o.safeBits().qword(1) & (1L << 28));
        // MEV always safe
        Entry mev = SmmuSte.MEV.set(a, 1);
        assertEquals(Seen.OLD, o.judge(mev));
        // but a change of S1ContextPtr is torn
        assertEquals(Seen.TORN, o.judge(SmmuSte.S1_CONTEXT_PTR.set(a, 0x123)));
        // EATS S1CHK (bit 29) is not safe: with it set in the target, bit 28 is no longer safe either
        Entry s1chk = SmmuSte.EATS.set(a, SmmuSte.EATS_S1CHK);
        Oracle o2 = new Oracle(f, a, s1chk);
        assertEquals(0, o2.safeBits().qword(1) & (1L << 28));
        assertEquals(Seen.TORN, new Oracle(f, a, s1chk).judge(SmmuSte.EATS.set(a, SmmuSte.EATS_TRANS)));
    }
}
