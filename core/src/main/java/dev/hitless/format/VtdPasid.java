package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.List;
import java.util.Map;

import static dev.hitless.format.ConfigKind.Param.flag;
import static dev.hitless.format.ConfigKind.Param.pointer;
import static dev.hitless.format.ConfigKind.Param.value;

/**
 * Intel VT-d scalable-mode PASID table entry (Linux: {@code struct pasid_entry}, drivers/iommu/intel/pasid.h; the
 * {@code pasid_set_*} helpers name the fields). Layout and used bits: docs/entry-formats.md section 1.
 *
 * <p>Invariants: {@link #usedBits} depends only on P and PGTT of the entry given; P=0 uses only P; a present entry
 * with a PGTT other than FL/SL/NESTED/PT uses every bit (any observation of it is torn). The hardware fetches the
 * entry in 128-bit chunks, so the default chunk is 128 bits.
 *
 * <p>Decisions where the reference is silent: FL does not use FPD (the table says so, though SL/PT/NESTED do);
 * configuration kinds default to DID=1 ({@code FLPT_DEFAULT_DID}), AW=2 (48-bit) and PWSNP=1 (coherent IOMMU);
 * SSEE, ERE, NXE, SMEP and the memory-type fields are never written, as today's kernel never writes them.
 */
public final class VtdPasid extends TableFormat {
    /** A PASID table entry is 512 bits: {@code struct pasid_entry { u64 val[8]; }}. */
    public static final int QWORDS = 8;

    /** PGTT values ({@code PASID_ENTRY_PGTT_*} in pasid.h). */
    public static final long PGTT_FL = 1, PGTT_SL = 2, PGTT_NESTED = 3, PGTT_PT = 4;

    // qword 0
    public static final Field P = Field.bit("P", 0, 0);
    public static final Field FPD = Field.bit("FPD", 0, 1);
    public static final Field AW = new Field("AW", 0, 4, 2);
    public static final Field SSEE = Field.bit("SSEE", 0, 5);
    public static final Field PGTT = new Field("PGTT", 0, 8, 6).named(Map.of(
            PGTT_FL, "FL", PGTT_SL, "SL", PGTT_NESTED, "NESTED", PGTT_PT, "PT"));
    public static final Field SSADE = Field.bit("SSADE", 0, 9);
    /** Second-stage page-table pointer: the field holds address bits 63:12 in place (4 KiB aligned). */
    public static final Field SSPTPTR = Field.address("SSPTPTR", 0, 63, 12);
    // qword 1
    public static final Field DID = new Field("DID", 1, 15, 0);
    public static final Field PWSNP = Field.bit("PWSNP", 1, 23);
    public static final Field PGSNP = Field.bit("PGSNP", 1, 24);
    public static final Field CD = Field.bit("CD", 1, 25);
    public static final Field EMTE = Field.bit("EMTE", 1, 26);
    public static final Field EMT = new Field("EMT", 1, 29, 27);
    public static final Field PWT = Field.bit("PWT", 1, 30);
    public static final Field PCD = Field.bit("PCD", 1, 31);
    public static final Field PAT = new Field("PAT", 1, 63, 32);
    // qword 2
    public static final Field SRE = Field.bit("SRE", 2, 0);
    public static final Field ERE = Field.bit("ERE", 2, 1);
    public static final Field FSPM = new Field("FSPM", 2, 3, 2).named(Map.of(0L, "4-level", 1L, "5-level"));
    public static final Field WPE = Field.bit("WPE", 2, 4);
    public static final Field NXE = Field.bit("NXE", 2, 5);
    public static final Field SMEP = Field.bit("SMEP", 2, 6);
    public static final Field EAFE = Field.bit("EAFE", 2, 7);
    /** First-stage page-table pointer: the field holds address bits 63:12 in place (4 KiB aligned). */
    public static final Field FSPTPTR = Field.address("FSPTPTR", 2, 63, 12);

    /** Linux's DID for first-stage-only, pass-through and SVA entries ({@code FLPT_DEFAULT_DID}). */
    public static final long FLPT_DEFAULT_DID = 1;

    private static final List<Field> FIELDS = List.of(P, FPD, AW, SSEE, PGTT, SSADE, SSPTPTR,
            DID, PWSNP, PGSNP, CD, EMTE, EMT, PWT, PCD, PAT,
            SRE, ERE, FSPM, WPE, NXE, SMEP, EAFE, FSPTPTR);

    private static final long PTR_MAX = 0xffff_ffff_ffff_f000L;
    private static final long PAGE = 4096;

    private static final List<ConfigKind> KINDS = List.of(
            new ConfigKind("clear", "cleared entry, all zero (P=0): intel_pasid_clear_entry()", List.of(),
                    v -> Entry.zero(QWORDS)),
            new ConfigKind("clear-fpd", "cleared entry with fault processing disabled: only FPD=1", List.of(),
                    v -> FPD.set(Entry.zero(QWORDS), 1)),
            new ConfigKind("fl", "first-stage only: intel_pasid_setup_first_level()", List.of(
                    did(), fsptptr(), fspm(), aw(),
                    flag("pgsnp", "page snoop, when the domain forces snooping", false), pwsnp()),
                    VtdPasid::firstStage),
            new ConfigKind("sl", "second-stage only: intel_pasid_setup_second_level()", List.of(
                    did(), ssptptr(), aw(),
                    flag("ssade", "second-stage access/dirty enable, for dirty tracking", false), pwsnp()),
                    VtdPasid::secondStage),
            new ConfigKind("nested", "nested first over second stage: intel_pasid_setup_nested()", List.of(
                    did(), fsptptr(), ssptptr(), fspm(),
                    flag("sre", "supervisor request enable", false),
                    flag("wpe", "write-protect enable; only together with sre", false),
                    flag("eafe", "extended accessed flag enable", false),
                    flag("pgsnp", "page snoop", false),
                    flag("ssade", "second-stage access/dirty enable", false), aw(), pwsnp()),
                    VtdPasid::nested),
            new ConfigKind("pt", "pass-through: intel_pasid_setup_pass_through()", List.of(
                    did(), aw(), pwsnp()),
                    v -> common(v, PGTT_PT)));

    public VtdPasid() {
        super("vtd-pasid", "Intel VT-d scalable-mode PASID table entry", QWORDS, FIELDS, P, 128, KINDS, """
                not-present  clear
                fl-did5-a    fl:did=5,fsptptr=0x100000
                fl-did5-b    fl:did=5,fsptptr=0x200000
                fl-did6-a    fl:did=6,fsptptr=0x100000
                fl-did6-b    fl:did=6,fsptptr=0x200000
                fl-5level    fl:did=5,fsptptr=0x100000,fspm=1,aw=3
                sl-did7-a    sl:did=7,ssptptr=0x300000
                sl-did7-b    sl:did=7,ssptptr=0x400000
                sl-did8      sl:did=8,ssptptr=0x300000
                nested       nested:did=9,fsptptr=0x100000,ssptptr=0x300000,sre=1
                pt           pt:did=1
                """);
    }

    /**
     * Used bits per P/PGTT, the table of docs/entry-formats.md section 1.2 (the definition proposed in 2026 for the
     * kernel's PASID entry-sync work). Kept in this one method so it can be corrected in one place.
     */
    @Override
    public Platform platform() {
        return Platform.X86;
    }

    /** {@link #usedBits} reads P and PGTT. */
    @Override
    public Entry usedBitsDependOn() {
        return mask(P, PGTT);
    }

    @Override
    public Entry usedBits(Entry e) {
        if (P.get(e) == 0) return mask(P);
        long pgtt = PGTT.get(e);
        Entry used;
        if (pgtt == PGTT_FL) {
            used = mask(P, AW, PGTT, DID, PWSNP, PGSNP, FSPTPTR, FSPM);
        } else if (pgtt == PGTT_SL) {
            used = mask(P, FPD, AW, PGTT, SSADE, SSPTPTR, DID, PWSNP);
        } else if (pgtt == PGTT_NESTED) {
            used = mask(P, FPD, AW, PGTT, SSADE, SSPTPTR, DID, PWSNP, PGSNP, FSPTPTR, FSPM, WPE, EAFE, SRE);
        } else if (pgtt == PGTT_PT) {
            used = mask(P, FPD, AW, PGTT, DID, PWSNP);
        } else {
            used = ones();
        }
        return used;
    }

    // --- configuration kinds: what intel_pasid_setup_*() write ---

    private static ConfigKind.Param did() {
        return value("did", "domain id; Linux uses FLPT_DEFAULT_DID=1 for first-stage/pass-through", FLPT_DEFAULT_DID, 0xffff);
    }

    private static ConfigKind.Param aw() {
        return value("aw", "address width / AGAW: 2 = 48-bit 4-level, 3 = 57-bit 5-level", 2, 7);
    }

    private static ConfigKind.Param pwsnp() {
        return flag("pwsnp", "page-walk snoop, set when the IOMMU is coherent (ecap_coherent)", true);
    }

    private static ConfigKind.Param fspm() {
        return value("fspm", "first-stage paging mode: 0 = 4-level, 1 = 5-level", 0, 1);
    }

    private static ConfigKind.Param fsptptr() {
        return pointer("fsptptr", "first-stage page-table address, 4 KiB aligned", 0x100000, PTR_MAX, PAGE);
    }

    private static ConfigKind.Param ssptptr() {
        return pointer("ssptptr", "second-stage page-table address, 4 KiB aligned", 0x300000, PTR_MAX, PAGE);
    }

    /** Fields every present kind writes: DID, AW, PWSNP, PGTT, P (FPD stays 0). */
    private static Entry common(Map<String, Long> v, long pgtt) {
        Entry e = DID.set(Entry.zero(QWORDS), v.get("did"));
        e = AW.set(e, v.get("aw"));
        e = PWSNP.set(e, v.get("pwsnp"));
        e = PGTT.set(e, pgtt);
        return P.set(e, 1);
    }

    private static Entry firstStage(Map<String, Long> v) {
        Entry e = common(v, PGTT_FL);
        e = FSPTPTR.set(e, v.get("fsptptr") >>> FSPTPTR.lo());
        e = FSPM.set(e, v.get("fspm"));
        return PGSNP.set(e, v.get("pgsnp"));
    }

    private static Entry secondStage(Map<String, Long> v) {
        Entry e = common(v, PGTT_SL);
        e = SSPTPTR.set(e, v.get("ssptptr") >>> SSPTPTR.lo());
        return SSADE.set(e, v.get("ssade"));
    }

    private static Entry nested(Map<String, Long> v) {
        if (v.get("wpe") != 0 && v.get("sre") == 0) {
            throw new ConfigException("nested wpe=1 needs sre=1: write protect applies to supervisor requests only");
        }
        Entry e = common(v, PGTT_NESTED);
        e = FSPTPTR.set(e, v.get("fsptptr") >>> FSPTPTR.lo());
        e = FSPM.set(e, v.get("fspm"));
        e = SRE.set(e, v.get("sre"));
        e = WPE.set(e, v.get("wpe"));
        e = EAFE.set(e, v.get("eafe"));
        e = PGSNP.set(e, v.get("pgsnp"));
        e = SSPTPTR.set(e, v.get("ssptptr") >>> SSPTPTR.lo());
        return SSADE.set(e, v.get("ssade"));
    }

    @Override
    public java.util.Optional<Field> cacheTagField() {
        return java.util.Optional.of(DID);
    }
}
