package dev.hitless.format;

import dev.hitless.entry.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.hitless.format.ConfigExpect.rejects;
import static dev.hitless.format.Masks.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** Specs a user gets wrong, each refused in one line that contains the fragment. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # a parameter given twice, by any spelling
            smmu-ste  | ste-s1:cdtab=0x40000,cdtab=0x50000 | ste-s1 cdtab given twice (cdtab=0x40000, cdtab=0x50000); give each parameter once
            smmu-ste  | ste-s1:s1dss=bypass,s1dss=1        | ste-s1 s1dss given twice
            vtd-pasid | fl:DID=5,did=5                     | fl did given twice
            # hex qwords of the wrong count are counted, not taken for a kind
            vtd-pasid | 0x49 0x800005 0x100000 0 0 0 0     | raw entry '0x49 0x800005 0x100000 0 0 0 0': expected 8 hex qwords (qword 0 first), found 7
            smmu-ste  | 0x9 0x100000000000 0 0 0 0 0 0 0   | expected 8 hex qwords (qword 0 first), found 9
            smmu-cd   | 0x1 0x2                            | expected 8 hex qwords (qword 0 first), found 2
            vtd-pasid | 0x1                                | found 1
            vtd-pasid | 49, 800005                         | found 2
            vtd-pasid | dead beef                          | found 2
            smmu-ste  | 0x1 0x2 0xzz 0 0 0 0 0             | qword 2: expected up to 16 hex digits, found '0xzz'
            # empty parts
            vtd-pasid | fl:did=                            | fl did='': expected a decimal or 0x hex number
            vtd-pasid | fl:did=5,                          | empty parameter between commas or after the last one
            vtd-pasid | fl:did=5,,aw=2                     | empty parameter between commas or after the last one
            vtd-pasid | fl:=5                              | no parameter name before '='; fl takes did, fsptptr
            vtd-pasid | :did=5                             | no configuration kind before ':'; expected one of clear, clear-fpd, fl
            # numbers the parameter cannot hold
            vtd-pasid | fl:did=-1                          | fl did=-1: out of range, expected 0..0xffff
            vtd-pasid | fl:did=0x1_0000_0000_0000_0000     | out of range, expected 0..0xffff
            smmu-cd   | cd-s1:mair=18446744073709551616    | out of range, expected 0..0xffffffffffffffff
            vtd-pasid | fl:did=5_                          | fl did='5_': expected a decimal or 0x hex number
            vtd-pasid | fl:did=true                        | fl did='true': expected a decimal or 0x hex number
            # a named parameter takes its field's values only
            smmu-ste  | ste-s1:strw=1                      | ste-s1 strw=1: expected one of nsel1(0), el2(2), by name or number
            smmu-ste  | ste-nested:s1fmt=1                 | ste-nested s1fmt=1: expected one of linear(0), 64k_l2(2)
            smmu-ste  | ste-s1:s1dss=3                     | expected one of terminate(0), bypass(1), ssid0(2)
            smmu-ste  | ste-bypass:shcfg=2                 | expected one of none(0), incoming(1)
            # a catalogue name is not a kind
            vtd-pasid | fl-did5-a:did=6                    | catalogue name 'fl-did5-a' takes no parameters; write its kind instead, fl:did=5,fsptptr=0x100000
            """)
    void aMistakeIsRefusedInOneLine(String format, String spec, String fragment) {
        String m = rejects(Formats.byName(format), spec).getMessage();
        assertTrue(m.contains(fragment), m);
    }

    @Test
    void whatTheRefusalsLeaveAccepted() {
        assertEquals(ste.parseConfig("ste-s1:strw=el2"), ste.parseConfig("ste-s1:strw=2"));
        assertEquals(ste.parseConfig("ste-s1:s1fmt=64k_l2"), ste.parseConfig("ste-s1:s1fmt=0x2"));
        assertEquals(-1L, SmmuCd.MAIR.get(cd.parseConfig("cd-s1:mair=0xffff_ffff_ffff_ffff")));
        // true/false are for flags only
        assertTrue(rejects(vtd, "fl:did=true").getMessage().endsWith("expected a decimal or 0x hex number"));
        assertTrue(rejects(vtd, "fl:pgsnp=yes").getMessage().endsWith("or true/false"));
        // a catalogue name that is also a kind name is the kind
        assertEquals(vtd.parseConfig("nested:did=9,fsptptr=0x100000,ssptptr=0x300000,sre=1"), vtd.parseConfig("nested"));
        assertEquals(vtd.parseConfig("pt"), vtd.parseConfig("pt:did=1"));
        // a separator before or after eight qwords is the kernel's print form with a stray comma
        String eight = vtd.parseConfig("fl:did=5").toString();
        assertEquals(vtd.parseConfig("fl:did=5"), vtd.parseConfig(", " + eight.replace(' ', ',') + ","));
    }

    /** Every parameter at its largest (aligned) value either builds or is refused with a one-line message. */
    @Test
    void everyParameterAtItsMaximumBuildsOrIsRefusedInOneLine() {
        for (EntryFormat f : Formats.all()) {
            for (ConfigKind k : f.configKinds()) {
                for (ConfigKind.Param p : k.params()) {
                    long top = p.max() - Long.remainderUnsigned(p.max(), p.alignment());
                    String spec = k.name() + ":" + p.name() + "=0x" + Long.toHexString(top);
                    try {
                        f.parseConfig(spec);
                    } catch (ConfigException e) {
                        assertFalse(e.getMessage().contains("\n"), spec + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    /** The names every {@code --format} option's help lists (a constant, for the annotations) are the formats'. */
    @Test
    void formatNamesConstantIsEveryFormat() {
        assertEquals(Formats.all().stream().map(EntryFormat::name).collect(java.util.stream.Collectors.joining(", ")), Formats.NAMES);
    }

    @Test
    void unknownFormatListsTheFormats() {
        ConfigException x = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> Formats.byName("mips-iommu"));
        assertTrue(x.getMessage().contains("vtd-pasid, smmu-ste, smmu-cd, amd-dte, riscv-dc, riscv-dc-ext, vtd-context, vtd-context-legacy"), x.getMessage());
        assertEquals(Formats.ste(), Formats.byName("smmu-ste"));
        assertEquals(Formats.dte(), Formats.byName("amd-dte"));
        assertEquals(Formats.riscvDc(), Formats.byName("riscv-dc"));
        assertEquals(Formats.vtdContext(), Formats.byName("vtd-context"));
        assertEquals(8, Formats.all().size());
    }
}
