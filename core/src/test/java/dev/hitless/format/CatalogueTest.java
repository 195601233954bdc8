package dev.hitless.format;

import dev.hitless.entry.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Catalogues reproduce their entries from their specs, and hold the transitions the checker is meant to cover. */
class CatalogueTest {

    /** Every width: the built-in formats and the narrow test formats. */
    static List<EntryFormat> formats() {
        return NarrowFormats.everyWidth();
    }

    @ParameterizedTest
    @MethodSource("formats")
    void specsReproduceEntriesAndNamesAreDistinct(EntryFormat f) {
        List<NamedConfig> cat = f.catalogue();
        assertTrue(cat.size() >= 5 && cat.size() <= 11, f.name() + " catalogue size " + cat.size());
        Set<String> names = new HashSet<>();
        Set<Entry> entries = new HashSet<>();
        for (NamedConfig c : cat) {
            assertTrue(names.add(c.name()), "duplicate name " + c.name());
            assertTrue(entries.add(c.entry()), "duplicate entry " + c.name());
            assertEquals(c.entry(), f.parseConfig(c.spec()), c.name() + " = " + c.spec());
            assertEquals(c.entry(), f.parseConfig(c.name()), "catalogue name " + c.name());
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void fieldsAreOrderedAndDoNotOverlap(EntryFormat f) {
        Entry seen = f.zero();
        int last = -1;
        for (Field x : f.fields()) {
            int pos = x.qword() * 64 + x.lo();
            assertTrue(pos > last, x.name() + " out of order");
            last = pos;
            assertTrue(seen.and(f.mask(x)).isZero(), x.name() + " overlaps another field");
            seen = seen.or(f.mask(x));
        }
        assertTrue(f.fields().contains(f.validBit()));
    }

    @Test
    void vtdCataloguePairsDifferWhereIntended() {
        VtdPasid f = Formats.vtd();
        Map<String, Entry> c = byName(f);
        assertEquals(Set.of("FSPTPTR"), diff(f, c.get("fl-did5-a"), c.get("fl-did5-b")));
        assertEquals(Set.of("DID"), diff(f, c.get("fl-did5-a"), c.get("fl-did6-a")));
        assertEquals(Set.of("DID", "FSPTPTR"), diff(f, c.get("fl-did5-a"), c.get("fl-did6-b")));
        assertEquals(Set.of("SSPTPTR"), diff(f, c.get("sl-did7-a"), c.get("sl-did7-b")));
        assertEquals(Set.of("DID"), diff(f, c.get("sl-did7-a"), c.get("sl-did8")));
        assertEquals(Set.of("FSPM", "AW"), diff(f, c.get("fl-did5-a"), c.get("fl-5level")));
        assertEquals(1, VtdPasid.DID.get(c.get("pt")));
        assertFalse(f.isPresent(c.get("not-present")));
        assertEquals(VtdPasid.PGTT_NESTED, VtdPasid.PGTT.get(c.get("nested")));
    }

    @Test
    void steCatalogueCoversS1dssAtsAndStage2Changes() {
        SmmuSte f = Formats.ste();
        Map<String, Entry> c = byName(f);
        assertEquals(Set.of("S1DSS", "SHCFG"), diff(f, c.get("s1-ssid0"), c.get("s1-bypass")));
        assertEquals(Set.of("S1DSS"), diff(f, c.get("s1-ssid0"), c.get("s1-terminate")));
        assertEquals(Set.of("EATS"), diff(f, c.get("s1-ssid0"), c.get("s1-ats")));
        assertEquals(Set.of("S1ContextPtr"), diff(f, c.get("s1-ssid0"), c.get("s1-cdtab-b")));
        assertEquals(Set.of("S2VMID"), diff(f, c.get("s2-vmid1"), c.get("s2-vmid2")));
        assertEquals(Set.of("S2TTB"), diff(f, c.get("s2-vmid1"), c.get("s2-vmid1-ttb-b")));
        assertEquals(SmmuSte.CFG_NESTED, SmmuSte.CONFIG.get(c.get("nested")));
        assertEquals(SmmuSte.CFG_ABORT, SmmuSte.CONFIG.get(c.get("abort")));
        assertEquals(SmmuSte.CFG_BYPASS, SmmuSte.CONFIG.get(c.get("bypass")));
    }

    @Test
    void cdCatalogueHasReleaseOfTheSvaAsid() {
        SmmuCd f = Formats.cd();
        Map<String, Entry> c = byName(f);
        assertEquals(SmmuCd.ASID.get(c.get("sva")), SmmuCd.ASID.get(c.get("sva-release")));
        assertEquals(1, SmmuCd.EPD0.get(c.get("sva-release")));
        assertEquals(Set.of("ASID", "TTB0"), diff(f, c.get("s1-asid1"), c.get("s1-asid2")));
        assertTrue(c.get("cleared").isZero());
    }

    private static Map<String, Entry> byName(EntryFormat f) {
        return f.catalogue().stream().collect(Collectors.toMap(NamedConfig::name, NamedConfig::entry));
    }

    private static Set<String> diff(EntryFormat f, Entry a, Entry b) {
        return f.fields().stream().filter(x -> x.get(a) != x.get(b)).map(Field::name)
                .collect(Collectors.toSet());
    }

}
