package dev.hitless.format;

import dev.hitless.entry.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static dev.hitless.format.ConfigExpect.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A format's width is its own: every entry it builds, parses or masks has {@link EntryFormat#qwords()} qwords, a field
 * past the width is refused when the format is built, and a raw entry of another count is one line naming both counts.
 */
class EntryWidthTest {

    static List<EntryFormat> formats() {
        return NarrowFormats.everyWidth();
    }

    @Test
    void theBuiltInFormatsHaveTheirWidthsAndTheTestFormatsAreNarrower() {
        java.util.Map<String, Integer> widths = java.util.Map.of("vtd-pasid", 8, "smmu-ste", 8, "smmu-cd", 8, "amd-dte", 4,
                "riscv-dc", 4, "riscv-dc-ext", 8, "vtd-context", 2, "vtd-context-legacy", 2);
        for (EntryFormat f : Formats.all()) assertEquals(widths.get(f.name()), f.qwords(), f.name());
        assertEquals(4, NarrowFormats.FOUR.qwords());
        assertEquals(2, NarrowFormats.TWO.qwords());
    }

    @ParameterizedTest
    @MethodSource("formats")
    void everythingTheFormatMakesHasItsWidth(EntryFormat f) {
        int n = f.qwords();
        assertEquals(n, f.zero().qwords());
        assertEquals(n, f.ones().qwords());
        assertEquals(n, f.usedBitsDependOn().qwords());
        for (NamedConfig c : f.catalogue()) {
            assertEquals(n, c.entry().qwords(), c.name());
            assertEquals(n, f.usedBits(c.entry()).qwords(), c.name());
            assertEquals(n, f.transitionSafeBits(c.entry(), f.catalogue().getFirst().entry()).qwords(), c.name());
            assertEquals(c.entry(), f.parseConfig(c.entry().toString()), "raw entry of " + c.name());
        }
        for (Field x : f.fields()) {
            assertTrue(x.qword() < n, x.name());
            assertEquals(x.qwordMask(), f.mask(x).qword(x.qword()));
            assertTrue(x.intersects(f.mask(x)) && !x.intersects(f.zero()));
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void aRawEntryOfAnotherCountIsOneLineNamingBothCounts(EntryFormat f) {
        int n = f.qwords();
        for (int wrong : new int[] {n - 1, n + 1, n == 8 ? 4 : 8}) {
            String text = String.join(" ", java.util.Collections.nCopies(wrong, "0x1"));
            String m = rejects(f, text).getMessage();
            assertEquals("raw entry '" + text + "': expected " + n + " hex qwords (qword 0 first), found " + wrong, m);
        }
    }

    /** A format of {@code qwords} qwords with {@code fields}, valid bit {@code v}, no kinds and no catalogue. */
    private static TableFormat format(String name, int qwords, List<Field> fields, Field v, int defaultChunkBits) {
        return new TableFormat(name, "a test of what a format may declare", qwords, fields, v, defaultChunkBits, List.of(), "") {
            @Override
            public Entry usedBits(Entry e) {
                return ones();
            }

            @Override
            public Platform platform() {
                return Platform.X86;
            }
        };
    }

    @Test
    void aFieldPastTheWidthIsRefusedWhenTheFormatIsBuilt() {
        Field v = Field.bit("V", 0, 0), past = new Field("PAST", 4, 3, 0);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> format("test-past", 4, List.of(v, past), v, 64));
        assertEquals("test-past: field PAST at 4:3:0 lies outside the 4-qword entry", x.getMessage());
        assertEquals(8, format("test-past", 8, List.of(v, past), v, 64).qwords(), "inside an 8-qword entry");
        assertThrows(IllegalArgumentException.class, () -> new Field("Q8", 8, 0, 0), "no entry has a qword 8");
    }

    @Test
    void aDefaultChunkWiderThanTheEntryIsRefused() {
        Field v = Field.bit("V", 0, 0);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> format("test-wide-chunk", 2, List.of(v), v, 256));
        assertEquals("test-wide-chunk: a default chunk of 64 bits up to the 128-bit entry, not 256", x.getMessage());
        assertEquals(128, format("test-whole-chunk", 2, List.of(v), v, 128).defaultChunkBits(), "the whole entry");
    }

    @Test
    void theNarrowFormatsDecodeTheirFieldsByName() {
        EntryFormat four = NarrowFormats.FOUR;
        Entry e = four.parseConfig("host1-irq");
        assertEquals("V=1 TV=1 MODE=4(4-level) HPTR=0x100000 DID=0x1 IR=1 IW=1 IV=1 INTTAB=0x400000", four.decode(e));
        assertEquals("0x0000000000100803 0x6000000000000001 0x0000000000000000 0x0000000000400001", e.toString());
        EntryFormat two = NarrowFormats.TWO;
        assertEquals("V=1 CFG=5(TRANS) PTR=0x200000 TAG=0x1", two.decode(two.parseConfig("trans1-b")));
    }
}
