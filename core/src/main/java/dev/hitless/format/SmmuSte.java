package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.List;
import java.util.Map;

import static dev.hitless.format.ConfigKind.Param.flag;
import static dev.hitless.format.ConfigKind.Param.named;
import static dev.hitless.format.ConfigKind.Param.pointer;
import static dev.hitless.format.ConfigKind.Param.value;

/**
 * ARM SMMUv3 Stream Table Entry (Linux: {@code struct arm_smmu_ste}, the {@code STRTAB_STE_*} masks in
 * drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.h). Layout, used bits and update-safe bits: docs/entry-formats.md
 * section 2.
 *
 * <p>Pointer fields hold address bits in place, as the driver writes them ({@code dma & STRTAB_STE_0_S1CTXPTR_MASK}):
 * S1ContextPtr is bits 51:6 of the CD table address (64-byte aligned), S2TTB bits 51:4 of the stage-2 table
 * address (the parameters here ask for 4 KiB alignment, as real page tables are). Configuration parameters are byte
 * addresses; the field value is the address shifted right by the field's low bit.
 *
 * <p>Invariants: {@link #usedBits} is the driver's {@code arm_smmu_get_ste_used} of the entry given; V=0 uses only
 * V. The SMMU reads with 64-bit single-copy atomicity in any order, so the default chunk is 64 bits.
 */
public final class SmmuSte extends TableFormat {
    /** An STE is 512 bits: {@code struct arm_smmu_ste { __le64 data[8]; }}. */
    public static final int QWORDS = 8;

    /** {@code STRTAB_STE_0_CFG_*}. */
    public static final long CFG_ABORT = 0b000, CFG_BYPASS = 0b100, CFG_S1_TRANS = 0b101, CFG_S2_TRANS = 0b110,
            CFG_NESTED = 0b111;
    /** {@code STRTAB_STE_0_S1FMT_*}. */
    public static final long S1FMT_LINEAR = 0, S1FMT_64K_L2 = 2;
    /** {@code STRTAB_STE_1_S1DSS_*}. */
    public static final long S1DSS_TERMINATE = 0, S1DSS_BYPASS = 1, S1DSS_SSID0 = 2;
    /** {@code STRTAB_STE_1_EATS_*}. */
    public static final long EATS_ABT = 0, EATS_TRANS = 1, EATS_S1CHK = 2;
    /** {@code STRTAB_STE_1_STRW_*}. */
    public static final long STRW_NSEL1 = 0, STRW_EL2 = 2;
    /** {@code STRTAB_STE_1_SHCFG_INCOMING}. */
    public static final long SHCFG_INCOMING = 1;

    // qword 0
    public static final Field V = Field.bit("V", 0, 0);
    public static final Field CONFIG = new Field("Config", 0, 3, 1).named(Map.of(CFG_ABORT, "ABORT",
            CFG_BYPASS, "BYPASS", CFG_S1_TRANS, "S1_TRANS", CFG_S2_TRANS, "S2_TRANS", CFG_NESTED, "NESTED"));
    public static final Field S1FMT = new Field("S1Fmt", 0, 5, 4).named(Map.of(
            S1FMT_LINEAR, "LINEAR", S1FMT_64K_L2, "64K_L2"));
    public static final Field S1_CONTEXT_PTR = Field.address("S1ContextPtr", 0, 51, 6);
    public static final Field S1CDMAX = new Field("S1CDMax", 0, 63, 59);
    // qword 1
    public static final Field S1DSS = new Field("S1DSS", 1, 1, 0).named(Map.of(
            S1DSS_TERMINATE, "TERMINATE", S1DSS_BYPASS, "BYPASS", S1DSS_SSID0, "SSID0"));
    public static final Field S1CIR = new Field("S1CIR", 1, 3, 2);
    public static final Field S1COR = new Field("S1COR", 1, 5, 4);
    public static final Field S1CSH = new Field("S1CSH", 1, 7, 6);
    public static final Field MEV = Field.bit("MEV", 1, 19);
    public static final Field S2FWB = Field.bit("S2FWB", 1, 25);
    public static final Field S1STALLD = Field.bit("S1STALLD", 1, 27);
    public static final Field EATS = new Field("EATS", 1, 29, 28).named(Map.of(
            EATS_ABT, "ABT", EATS_TRANS, "TRANS", EATS_S1CHK, "S1CHK"));
    public static final Field STRW = new Field("STRW", 1, 31, 30).named(Map.of(STRW_NSEL1, "NSEL1", STRW_EL2, "EL2"));
    public static final Field SHCFG = new Field("SHCFG", 1, 45, 44).named(Map.of(SHCFG_INCOMING, "INCOMING"));
    // qword 2
    public static final Field S2VMID = new Field("S2VMID", 2, 15, 0);
    public static final Field VTCR = new Field("VTCR", 2, 50, 32);
    public static final Field S2AA64 = Field.bit("S2AA64", 2, 51);
    public static final Field S2ENDI = Field.bit("S2ENDI", 2, 52);
    public static final Field S2PTW = Field.bit("S2PTW", 2, 54);
    public static final Field S2S = Field.bit("S2S", 2, 57);
    public static final Field S2R = Field.bit("S2R", 2, 58);
    // qword 3
    public static final Field S2TTB = Field.address("S2TTB", 3, 51, 4);

    /** {@code STRTAB_STE_1_S1C_CACHE_WBRA} and {@code ARM_SMMU_SH_ISH}. */
    static final long S1C_CACHE_WBRA = 1, SH_ISH = 3;

    /**
     * VTCR of a 48-bit, 4 KiB-granule, 4-level stage-2 table as io-pgtable-arm computes it: S2T0SZ=16, S2SL0=2,
     * S2IR0=S2OR0=WBWA(1), S2SH0=IS(3), S2TG=4K(0), S2PS=48-bit(5).
     */
    public static final long VTCR_48BIT_4K = 16 | 2 << 6 | 1 << 8 | 1 << 10 | 3 << 12 | 0 << 14 | 5L << 16;

    private static final List<Field> FIELDS = List.of(V, CONFIG, S1FMT, S1_CONTEXT_PTR, S1CDMAX,
            S1DSS, S1CIR, S1COR, S1CSH, MEV, S2FWB, S1STALLD, EATS, STRW, SHCFG,
            S2VMID, VTCR, S2AA64, S2ENDI, S2PTW, S2S, S2R, S2TTB);

    private static final long ADDR_MAX_4K = (1L << 52) - 4096;

    private static final List<ConfigKind> KINDS = List.of(
            new ConfigKind("ste-abort", "abort all traffic: arm_smmu_make_abort_ste()", List.of(),
                    v -> CONFIG.set(V.set(Entry.zero(QWORDS), 1), CFG_ABORT)),
            new ConfigKind("ste-bypass", "bypass translation: arm_smmu_make_bypass_ste()", List.of(shcfg()),
                    v -> SHCFG.set(header(CFG_BYPASS), v.get("shcfg"))),
            new ConfigKind("ste-s1", "stage-1 through a CD table: arm_smmu_make_cdtable_ste()", List.of(
                    cdtab(), s1fmt(), s1cdmax(), s1dss(), ats(),
                    flag("stall", "master->stall_enabled; 0 sets S1STALLD (SMMU with FEAT_STALLS, device may not stall)", false),
                    named("strw", "StreamWorld: nsel1 (0) or el2 (2, with FEAT_E2H)", STRW_NSEL1, STRW),
                    shcfg()),
                    SmmuSte::cdTable),
            new ConfigKind("ste-s2", "stage-2 only: arm_smmu_make_s2_domain_ste()", List.of(
                    vmid(), s2ttb(), vtcr(), ats(),
                    flag("stall", "master->stall_enabled: sets S2S", false),
                    flag("s2fwb", "stage-2 forced write-back (IO_PGTABLE_QUIRK_ARM_S2FWB)", false),
                    shcfg()),
                    v -> s2Domain(v, v.get("stall"))),
            new ConfigKind("ste-nested", "guest CD table over a stage-2: arm_smmu_make_nested_cd_table_ste()", List.of(
                    cdtab(), s1fmt(), s1cdmax(), s1dss(), vmid(), s2ttb(), vtcr(), ats(),
                    flag("s2fwb", "stage-2 forced write-back; nesting parents use it", false),
                    shcfg()),
                    SmmuSte::nestedCdTable));

    public SmmuSte() {
        super("smmu-ste", "ARM SMMUv3 Stream Table Entry", QWORDS, FIELDS, V, 64, KINDS, """
                abort           ste-abort
                bypass          ste-bypass
                s1-ssid0        ste-s1:cdtab=0x40000,s1cdmax=8,s1dss=ssid0
                s1-bypass       ste-s1:cdtab=0x40000,s1cdmax=8,s1dss=bypass
                s1-terminate    ste-s1:cdtab=0x40000,s1cdmax=8,s1dss=terminate
                s1-ats          ste-s1:cdtab=0x40000,s1cdmax=8,s1dss=ssid0,ats=1
                s1-cdtab-b      ste-s1:cdtab=0x50000,s1cdmax=8,s1dss=ssid0
                s2-vmid1        ste-s2:vmid=1,s2ttb=0x80000
                s2-vmid2        ste-s2:vmid=2,s2ttb=0x80000
                s2-vmid1-ttb-b  ste-s2:vmid=1,s2ttb=0x90000
                nested          ste-nested:cdtab=0x60000,s1cdmax=8,s1dss=ssid0,vmid=3,s2ttb=0x80000
                """);
    }

    @Override
    public Platform platform() {
        return Platform.ARMV8;
    }

    /** {@link #usedBits} reads V, Config and S1DSS. */
    @Override
    public Entry usedBitsDependOn() {
        return mask(V, CONFIG, S1DSS);
    }

    /** The driver's {@code arm_smmu_get_ste_used}, rule for rule. */
    @Override
    public Entry usedBits(Entry e) {
        Entry used = mask(V);
        if (V.get(e) == 0) return used;
        used = used.or(mask(CONFIG));
        long cfg = CONFIG.get(e);
        if ((cfg & 0b001) != 0) {
            used = used.or(mask(S1FMT, S1_CONTEXT_PTR, S1CDMAX,
                    S1DSS, S1CIR, S1COR, S1CSH, S1STALLD, STRW, EATS, MEV, S2VMID));
            // SHCFG only matters to a stage-1 STE for substream-less traffic that S1DSS sends through bypass.
            if (S1DSS.get(e) == S1DSS_BYPASS) used = used.or(mask(SHCFG));
        }
        if ((cfg & 0b010) != 0) {
            used = used.or(mask(S2FWB, EATS, SHCFG, MEV,
                    S2VMID, VTCR, S2AA64, S2ENDI, S2PTW, S2S, S2R, S2TTB));
        }
        if (cfg == CFG_BYPASS) used = used.or(mask(SHCFG));
        return used;
    }

    /**
     * The driver's {@code arm_smmu_get_ste_update_safe}: MEV always; the EATS_TRANS bit (q1 bit 28) unless either
     * entry has EATS bit 29 (S1CHK) or S2S set. Raw: the caller intersects with both entries' used bits.
     */
    @Override
    public Entry updateSafeBits(Entry current, Entry target) {
        Entry safe = mask(MEV);
        long eatsS1chk = 1L << (EATS.lo() + 1), eatsTrans = 1L << EATS.lo(), s2s = S2S.qwordMask();
        boolean s1chk = ((current.qword(1) | target.qword(1)) & eatsS1chk) != 0;
        boolean stall = ((current.qword(2) | target.qword(2)) & s2s) != 0;
        if (!s1chk && !stall) safe = safe.withQword(1, safe.qword(1) | eatsTrans);
        return safe;
    }

    // --- configuration kinds: what the arm_smmu_make_*_ste() helpers write ---

    private static ConfigKind.Param cdtab() {
        return pointer("cdtab", "CD table address (cd_table->cdtab_dma), 64-byte aligned", 0x40000, (1L << 52) - 64, 64);
    }

    private static ConfigKind.Param s1fmt() {
        return named("s1fmt", "CD table format: linear (0) or 64k_l2 (2)", S1FMT_LINEAR, S1FMT);
    }

    private static ConfigKind.Param s1cdmax() {
        return value("s1cdmax", "log2 of the number of CDs (cd_table->s1cdmax = master->ssid_bits)", 0, 31);
    }

    private static ConfigKind.Param s1dss() {
        return named("s1dss", "traffic without a substream: terminate (0), bypass (1), ssid0 (2)", S1DSS_SSID0, S1DSS);
    }

    private static ConfigKind.Param ats() {
        return flag("ats", "ats_enabled: EATS=TRANS", false);
    }

    private static ConfigKind.Param shcfg() {
        // "none": the driver writes no override and SHCFG stays 0, a value the field's table leaves unnamed.
        return named("shcfg", "shareability override; the driver writes incoming (1) with FEAT_ATTR_TYPES_OVR",
                SHCFG_INCOMING, SHCFG).withSymbol("none", 0);
    }

    private static ConfigKind.Param vmid() {
        return value("vmid", "stage-2 VMID (VMID 0 is reserved for stage-1 EL1 STEs)", 1, 0xffff);
    }

    private static ConfigKind.Param s2ttb() {
        return pointer("s2ttb", "stage-2 page-table address (vttbr), 4 KiB aligned", 0x80000, ADDR_MAX_4K, 4096);
    }

    private static ConfigKind.Param vtcr() {
        return value("vtcr", "VTCR bits: S2T0SZ 5:0, S2SL0 7:6, S2IR0 9:8, S2OR0 11:10, S2SH0 13:12, S2TG 15:14, S2PS 18:16",
                VTCR_48BIT_4K, VTCR.maxValue());
    }

    private static Entry header(long cfg) {
        return CONFIG.set(V.set(Entry.zero(QWORDS), 1), cfg);
    }

    /** {@code arm_smmu_make_cdtable_ste}: stage-1 fields of q0/q1; S2VMID stays 0 (reserved for S1 EL1 STEs). */
    private static Entry cdTable(Map<String, Long> v) {
        Entry e = cdTableFields(header(CFG_S1_TRANS), v);
        e = S1STALLD.set(e, v.get("stall") == 0 ? 1 : 0);
        e = EATS.set(e, v.get("ats") != 0 ? EATS_TRANS : EATS_ABT);
        if (v.get("s1dss") == S1DSS_BYPASS) e = SHCFG.set(e, v.get("shcfg"));
        return STRW.set(e, v.get("strw"));
    }

    /** {@code arm_smmu_make_s2_domain_ste}. S2ENDI is only set on big-endian kernels, so never here. */
    private static Entry s2Domain(Map<String, Long> v, long stall) {
        Entry e = header(CFG_S2_TRANS);
        e = EATS.set(e, v.get("ats") != 0 ? EATS_TRANS : EATS_ABT);
        e = S2FWB.set(e, v.get("s2fwb"));
        e = SHCFG.set(e, v.get("shcfg"));
        e = S2VMID.set(e, v.get("vmid"));
        e = VTCR.set(e, v.get("vtcr"));
        e = S2AA64.set(e, 1);
        e = S2PTW.set(e, 1);
        e = S2S.set(e, stall);
        e = S2R.set(e, 1);
        return S2TTB.set(e, v.get("s2ttb") >>> S2TTB.lo());
    }

    /**
     * {@code arm_smmu_make_nested_cd_table_ste}: the stage-2 STE, Config=NESTED, the guest vSTE's q0 (S1Fmt,
     * S1ContextPtr, S1CDMax) and q1 (S1DSS, S1CIR/S1COR=WBRA, S1CSH=ISH as a Linux guest writes them), plus MEV
     * (merge events against event-queue floods).
     */
    private static Entry nestedCdTable(Map<String, Long> v) {
        Entry e = cdTableFields(CONFIG.set(s2Domain(v, 0), CFG_NESTED), v);
        return MEV.set(e, 1);
    }

    /**
     * The CD-table fields a stage-1 and a nested STE share: S1Fmt, S1ContextPtr, S1CDMax, S1DSS, and CD fetches as
     * write-back read-allocate, inner shareable (S1CIR, S1COR, S1CSH).
     */
    private static Entry cdTableFields(Entry e, Map<String, Long> v) {
        e = S1FMT.set(e, v.get("s1fmt"));
        e = S1_CONTEXT_PTR.set(e, v.get("cdtab") >>> S1_CONTEXT_PTR.lo());
        e = S1CDMAX.set(e, v.get("s1cdmax"));
        e = S1DSS.set(e, v.get("s1dss"));
        e = S1CIR.set(e, S1C_CACHE_WBRA);
        e = S1COR.set(e, S1C_CACHE_WBRA);
        return S1CSH.set(e, SH_ISH);
    }

    @Override
    public java.util.Optional<Field> cacheTagField() {
        return java.util.Optional.of(S2VMID);
    }

    /**
     * The VMID, only when the STE translates at stage 2 (it uses S2TTB): a stage-1 STE's translations are tagged by
     * the ASID in its CD, not here, even though it carries S2VMID (0 for stage-1 EL1 STEs).
     */
    @Override
    public java.util.Optional<Long> cacheTag(Entry e) {
        return !S2TTB.intersects(usedBits(e)) ? java.util.Optional.empty() : java.util.Optional.of(S2VMID.get(e));
    }
}
