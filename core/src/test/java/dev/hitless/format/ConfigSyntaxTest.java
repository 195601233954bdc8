package dev.hitless.format;

import dev.hitless.entry.Entry;
import org.junit.jupiter.api.Test;

import static dev.hitless.format.ConfigExpect.rejects;
import static dev.hitless.format.Masks.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code kind:param=value,...} syntax: good input, and bad input whose one-line message names what was expected. */
class ConfigSyntaxTest {
    private final EntryFormat vtd = Formats.vtd();
    private final EntryFormat ste = Formats.ste();
    private final EntryFormat cd = Formats.cd();

    @Test
    void valuesInDecimalHexUnderscoresAndFlags() {
        Entry hex = vtd.parseConfig("fl:did=0x10,fsptptr=0x1_0000_0000,pgsnp=true,pwsnp=false");
        assertEquals(vtd.parseConfig("fl:did=16,fsptptr=4294967296,pgsnp=1,pwsnp=0"), hex);
        assertEquals(q(0x49L, 0x1000010L, 0x100000000L), hex);
        assertEquals(vtd.parseConfig(" fl : DID = 5 "), vtd.parseConfig("fl:did=5"));
    }

    @Test
    void rawHexEntryAccepted() {
        Entry e = vtd.parseConfig("fl:did=5");
        assertEquals(e, vtd.parseConfig(e.toString()));
    }

    @Test
    void unknownKindListsTheKinds() {
        String m = rejects(vtd, "foo:did=1").getMessage();
        assertTrue(m.contains("'foo'") && m.contains("clear, clear-fpd, fl, sl, nested, pt"), m);
        String s = rejects(ste, "ste-s3").getMessage();
        assertTrue(s.contains("ste-abort, ste-bypass, ste-s1, ste-s2, ste-nested"), s);
        String c = rejects(cd, "cd").getMessage();
        assertTrue(c.contains("cd-clear, cd-s1, cd-sva, cd-sva-release"), c);
    }

    @Test
    void unknownParamListsTheParams() {
        String m = rejects(vtd, "fl:did=1,ssptptr=0x1000").getMessage();
        assertTrue(m.contains("'ssptptr'") && m.contains("did, fsptptr, fspm, aw, pgsnp, pwsnp"), m);
        String n = rejects(vtd, "pt:fpd=1").getMessage();
        assertTrue(n.contains("did, aw, pwsnp"), n);
        String c = rejects(vtd, "clear:x=1").getMessage();
        assertTrue(c.contains("no parameters"), c);
    }

    @Test
    void outOfRangeNamesTheRange() {
        String m = rejects(vtd, "fl:did=0x10000").getMessage();
        assertTrue(m.contains("out of range") && m.contains("0..0xffff"), m);
        String f = rejects(vtd, "fl:fspm=2").getMessage();
        assertTrue(f.contains("out of range") && f.contains("0..1"), f);
        String v = rejects(ste, "ste-s2:vmid=65536").getMessage();
        assertTrue(v.contains("0..0xffff"), v);
        String p = rejects(cd, "cd-s1:ttb0=0x10000000000000").getMessage();
        assertTrue(p.contains("out of range"), p);
    }

    @Test
    void misalignedPointerNamesTheAlignment() {
        String m = rejects(vtd, "fl:fsptptr=0x100800").getMessage();
        assertTrue(m.contains("misaligned") && m.contains("0x1000"), m);
        String s = rejects(vtd, "sl:ssptptr=0x1").getMessage();
        assertTrue(s.contains("misaligned") && s.contains("0x1000"), s);
        String c = rejects(ste, "ste-s1:cdtab=0x40020").getMessage();
        assertTrue(c.contains("misaligned") && c.contains("0x40"), c);
        String t = rejects(ste, "ste-s2:s2ttb=0x80010").getMessage();
        assertTrue(t.contains("misaligned") && t.contains("0x1000"), t);
        String d = rejects(cd, "cd-sva:ttb0=0x300040").getMessage();
        assertTrue(d.contains("misaligned") && d.contains("0x1000"), d);
    }

    @Test
    void notANumberSaysWhatWasExpected() {
        String m = rejects(vtd, "fl:did=five").getMessage();
        assertTrue(m.contains("expected a decimal or 0x hex number"), m);
        String f = rejects(vtd, "fl:pgsnp=yes").getMessage();
        assertTrue(f.contains("true/false"), f);
        String s = rejects(ste, "ste-s1:s1dss=ssid1").getMessage();
        assertTrue(s.contains("terminate(0), bypass(1), ssid0(2)"), s);
    }

    @Test
    void malformedAssignments() {
        assertTrue(rejects(vtd, "fl:did").getMessage().contains("expected param=value"));
        assertTrue(rejects(vtd, "fl:").getMessage().contains("expected param=value"));
        assertTrue(rejects(vtd, "  ").getMessage().contains("expected kind"));
    }

    @Test
    void unknownFormatListsTheFormats() {
        ConfigException x = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> Formats.byName("amd-dte"));
        assertTrue(x.getMessage().contains("vtd-pasid, smmu-ste, smmu-cd"), x.getMessage());
        assertEquals(Formats.ste(), Formats.byName("smmu-ste"));
        assertEquals(3, Formats.all().size());
    }
}
