package dev.hitless.format;

import dev.hitless.entry.Entry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RISC-V IOMMU device context against the specification (riscv-non-isa/riscv-iommu 14fd3916,
 * src/iommu_data_structures.adoc, "Device-context fields"): its layout, its used bits per configuration, and a
 * catalogue of entries the specification's configuration checks accept. docs/entry-formats.md section 5.
 */
class RiscvDcTest {
    private static final RiscvDc BASE = Formats.riscvDc();
    private static final RiscvDc EXT = Formats.riscvDcExt();

    /** {@code name -> qword:hi:lo} as the specification's figures draw them. */
    private static final Map<String, String> SPEC = Map.ofEntries(
            // tc: V, EN_ATS, EN_PRI, T2GPA, DTF, PDTV, PRPR, GADE, SADE, DPE, SBE, SXL, bits 0..11
            Map.entry("V", "0:0"), Map.entry("EN_ATS", "0:1"), Map.entry("EN_PRI", "0:2"), Map.entry("T2GPA", "0:3"),
            Map.entry("DTF", "0:4"), Map.entry("PDTV", "0:5"), Map.entry("PRPR", "0:6"), Map.entry("GADE", "0:7"),
            Map.entry("SADE", "0:8"), Map.entry("DPE", "0:9"), Map.entry("SBE", "0:10"), Map.entry("SXL", "0:11"),
            // iohgatp: PPN 44 bits, GSCID 16, MODE 4
            Map.entry("IOHGATP_PPN", "1:43:0"), Map.entry("GSCID", "1:59:44"), Map.entry("IOHGATP_MODE", "1:63:60"),
            // ta: reserved 12, PSCID 20, reserved 8, RCID 12, MCID 12
            Map.entry("PSCID", "2:31:12"), Map.entry("RCID", "2:51:40"), Map.entry("MCID", "2:63:52"),
            // fsc (iosatp / pdtp): PPN 44, reserved 16, MODE 4
            Map.entry("FSC_PPN", "3:43:0"), Map.entry("FSC_MODE", "3:63:60"),
            // msiptp: PPN 44, reserved 16, MODE 4; msi_addr_mask and msi_addr_pattern: 52 bits
            Map.entry("MSIPTP_PPN", "4:43:0"), Map.entry("MSIPTP_MODE", "4:63:60"),
            Map.entry("MSI_MASK", "5:51:0"), Map.entry("MSI_PATTERN", "6:51:0"));

    @Test
    void everyFieldSitsWhereTheSpecificationDrawsIt() {
        for (Field f : EXT.fields()) assertEquals(SPEC.get(f.name()), f.position(), f.name());
        assertEquals(SPEC.keySet(), EXT.fields().stream().map(Field::name).collect(Collectors.toSet()));
        assertEquals(20, BASE.fields().size());
        assertTrue(EXT.fields().containsAll(BASE.fields()));
        assertEquals(4, BASE.qwords());
        assertEquals(8, EXT.qwords());
        assertSame(BASE, Formats.byName("riscv-dc"));
        assertSame(EXT, Formats.byName("riscv-dc-ext"));
    }

    @Test
    void namedValuesAreTheSpecificationsEncodings() {
        assertEquals(Map.of(0L, "Bare", 8L, "Sv39x4", 9L, "Sv48x4", 10L, "Sv57x4"), RiscvDc.IOHGATP_MODE.values());
        assertEquals(Map.of(0L, "Bare", 1L, "PD8", 2L, "PD17", 3L, "PD20", 8L, "Sv39", 9L, "Sv48", 10L, "Sv57"),
                RiscvDc.FSC_MODE.values());
        assertEquals(Map.of(0L, "Off", 1L, "Flat"), RiscvDc.MSIPTP_MODE.values());
    }

    @Test
    void platformChunkValidBitPointersAndTag() {
        for (RiscvDc f : List.of(BASE, EXT)) {
            assertEquals(Platform.RISCV, f.platform());
            assertEquals(64, f.defaultChunkBits());
            assertSame(RiscvDc.V, f.validBit());
            assertSame(RiscvDc.V, f.blockBit());
            assertEquals(RiscvDc.PSCID, f.cacheTagField().orElseThrow());
            assertFalse(f.passesUntranslated());
            assertTrue(f.passageNote().orElseThrow().contains("cause 258"));
        }
        assertEquals(List.of(RiscvDc.FSC_PPN, RiscvDc.IOHGATP_PPN), BASE.pointerFields());
        assertEquals(List.of(RiscvDc.FSC_PPN, RiscvDc.IOHGATP_PPN, RiscvDc.MSIPTP_PPN), EXT.pointerFields());
    }

    private static Entry cfg(RiscvDc f, String name) {
        return f.parseConfig(name);
    }

    private static Set<String> used(RiscvDc f, Entry e) {
        Entry u = f.usedBits(e);
        return f.fields().stream().filter(x -> x.intersects(u)).map(Field::name).collect(Collectors.toSet());
    }

    private static final Set<String> TC = Set.of("V", "EN_ATS", "EN_PRI", "T2GPA", "DTF", "PDTV", "PRPR", "GADE", "SADE",
            "DPE", "SBE", "SXL");

    private static Set<String> tcAnd(String... more) {
        Set<String> s = new java.util.TreeSet<>(TC);
        s.addAll(List.of("RCID", "MCID", "FSC_MODE", "IOHGATP_MODE"));
        s.addAll(List.of(more));
        return s;
    }

    @Test
    void usedBitsPerConfiguration() {
        assertEquals(Set.of("V"), used(BASE, cfg(BASE, "blocked")));
        assertEquals(BASE.mask(RiscvDc.V), BASE.usedBits(cfg(BASE, "blocked")));
        // identity: tc, fsc and iohgatp MODE (Bare), the QoS IDs; PSCID unused while fsc is Bare
        assertEquals(tcAnd(), used(BASE, cfg(BASE, "identity")));
        // first stage: fsc's PPN and PSCID too
        assertEquals(tcAnd("FSC_PPN", "PSCID"), used(BASE, cfg(BASE, "s1-a")));
        // PDTV=1: fsc is pdtp; PSCID is ignored ("When DC.tc.PDTV is 1, the PSCID field in ta is ignored")
        assertEquals(tcAnd("FSC_PPN"), used(BASE, cfg(BASE, "pdt")));
        // nested: iohgatp's GSCID and PPN too
        assertEquals(tcAnd("FSC_PPN", "PSCID", "GSCID", "IOHGATP_PPN"), used(BASE, cfg(BASE, "nested")));
        // extended: msiptp MODE always, its PPN, mask and pattern when not Off
        assertEquals(tcAnd("MSIPTP_MODE"), used(EXT, cfg(EXT, "identity")));
        assertEquals(tcAnd("FSC_PPN", "PSCID", "GSCID", "IOHGATP_PPN", "MSIPTP_MODE", "MSIPTP_PPN", "MSI_MASK", "MSI_PATTERN"),
                used(EXT, cfg(EXT, "nested-msi")));
        assertEquals(Set.of("V"), used(EXT, cfg(EXT, "blocked")));
        // the reserved doubleword 7 is never read
        for (NamedConfig c : EXT.catalogue()) assertEquals(0, EXT.usedBits(c.entry()).qword(7), c.name());
    }

    /** usedBits is a function of the bits usedBitsDependOn names, and those bits are used themselves where they decide. */
    @Test
    void usedBitsDependOnlyOnTheNamedBits() {
        Random rnd = new Random(7);
        for (RiscvDc f : List.of(BASE, EXT)) {
            Entry dep = f.usedBitsDependOn();
            assertEquals(f.mask(RiscvDc.V).and(dep), f.mask(RiscvDc.V));
            for (int i = 0; i < 2000; i++) {
                long[] q = new long[f.qwords()];
                for (int k = 0; k < q.length; k++) q[k] = rnd.nextLong();
                Entry e = Entry.of(q);
                assertEquals(f.usedBits(e), f.usedBits(e.and(dep)), f.name() + " " + e);
                assertEquals(f.passage(e), f.passage(e.and(dep)));
                // every dependOn bit a valid entry has is used by it (the decision is read, not guessed)
                if (f.isPresent(e)) assertEquals(dep, f.usedBits(e).and(dep), f.name());
            }
        }
    }

    /**
     * Every catalogue entry passes the specification's device-context configuration checks that do not depend on
     * capabilities: reserved bits clear, DPE only with PDTV, msiptp Off with a Bare iohgatp, iohgatp's root 16 KiB
     * aligned, T2GPA and EN_PRI only with EN_ATS, and valid MODE encodings.
     */
    @Test
    void catalogueEntriesAreWellFormed() {
        for (RiscvDc f : List.of(BASE, EXT)) {
            Entry defined = f.zero();
            for (Field x : f.fields()) defined = defined.or(f.mask(x));
            for (NamedConfig c : f.catalogue()) {
                Entry e = c.entry();
                String n = f.name() + " " + c.name();
                assertEquals(e, e.and(defined), n + ": reserved bits set");
                if (!f.isPresent(e)) {
                    assertEquals(Passage.BLOCKED, f.passage(e), n);
                    continue;
                }
                assertEquals(Passage.TRANSLATED, f.passage(e), n);
                if (RiscvDc.PDTV.get(e) == 0) {
                    assertEquals(0, RiscvDc.DPE.get(e), n);
                    assertTrue(Set.of(0L, 8L, 9L, 10L).contains(RiscvDc.FSC_MODE.get(e)), n);
                } else {
                    assertTrue(Set.of(0L, 1L, 2L, 3L).contains(RiscvDc.FSC_MODE.get(e)), n);
                }
                assertTrue(Set.of(0L, 8L, 9L, 10L).contains(RiscvDc.IOHGATP_MODE.get(e)), n);
                if (RiscvDc.IOHGATP_MODE.get(e) != RiscvDc.BARE) assertEquals(0, RiscvDc.IOHGATP_PPN.get(e) % 4, n + ": 16 KiB");
                if (f.isExtended() && RiscvDc.IOHGATP_MODE.get(e) == RiscvDc.BARE) assertEquals(0, RiscvDc.MSIPTP_MODE.get(e), n);
                if (RiscvDc.EN_ATS.get(e) == 0) {
                    assertEquals(0, RiscvDc.T2GPA.get(e), n);
                    assertEquals(0, RiscvDc.EN_PRI.get(e), n);
                }
            }
        }
    }

    /** The catalogue holds the transitions the brief asks for, each differing where intended. */
    @Test
    void catalogueCoversTheDriversConfigurations() {
        assertEquals(List.of("blocked", "identity", "s1-a", "s1-b", "s1-a-root2", "s1-a-qos", "pdt", "nested"),
                BASE.catalogue().stream().map(NamedConfig::name).toList());
        assertEquals(List.of("blocked", "identity", "s1-a", "s1-b", "nested", "nested-msi"),
                EXT.catalogue().stream().map(NamedConfig::name).toList());
        assertEquals(Set.of("FSC_PPN"), diff(BASE, "s1-a", "s1-a-root2"));
        assertEquals(Set.of("RCID", "MCID"), diff(BASE, "s1-a", "s1-a-qos"));
        assertEquals(Set.of("PSCID", "FSC_PPN", "FSC_MODE"), diff(BASE, "s1-a", "s1-b"));
        assertEquals(Set.of("MSIPTP_PPN", "MSIPTP_MODE", "MSI_MASK", "MSI_PATTERN"), diff(EXT, "nested", "nested-msi"));
        assertEquals(1, RiscvDc.PSCID.get(cfg(BASE, "s1-a")));
        assertEquals(BASE.cacheTag(cfg(BASE, "s1-a")), BASE.cacheTag(cfg(BASE, "s1-a-root2")));
        assertNotEquals(BASE.cacheTag(cfg(BASE, "s1-a")), BASE.cacheTag(cfg(BASE, "s1-b")));
        assertTrue(BASE.cacheTag(cfg(BASE, "identity")).isEmpty());
        assertTrue(BASE.cacheTag(cfg(BASE, "pdt")).isEmpty(), "the PDT's PSCIDs are in the process contexts");
        // each base configuration, built by the extended format, is the base entry in its first four doublewords, MSI off
        for (NamedConfig c : BASE.catalogue()) {
            Entry e = EXT.parseConfig(c.spec());
            for (int q = 0; q < 4; q++) assertEquals(c.entry().qword(q), e.qword(q), c.name());
            for (int q = 4; q < 8; q++) assertEquals(0, e.qword(q), c.name());
        }
    }

    @Test
    void theSpecificationsIotinvalRule() {
        assertFalse(RiscvDc.needsIotinval(cfg(BASE, "blocked")), "a DC with V=0 is never cached");
        assertFalse(RiscvDc.needsIotinval(cfg(BASE, "identity")), "fsc and iohgatp Bare, PDTV=0: INVAL_DDT alone");
        assertTrue(RiscvDc.needsIotinval(cfg(BASE, "s1-a")));
        assertTrue(RiscvDc.needsIotinval(cfg(BASE, "pdt")));
        assertTrue(RiscvDc.needsIotinval(cfg(BASE, "nested")));
    }

    @Test
    void printsPageNumbersAsAddressesAndModesByName() {
        assertEquals("V=1 PSCID=0x1 FSC_PPN=0x100000 FSC_MODE=0x8(Sv39)", BASE.decode(cfg(BASE, "s1-a")));
        assertEquals("(all zero)", BASE.decode(cfg(BASE, "blocked")));
    }

    private static Set<String> diff(RiscvDc f, String a, String b) {
        Entry x = cfg(f, a), y = cfg(f, b);
        return f.fields().stream().filter(g -> g.get(x) != g.get(y)).map(Field::name).collect(Collectors.toSet());
    }
}
