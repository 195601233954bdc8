package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.List;
import java.util.Map;

import static dev.hitless.format.ConfigKind.Param.flag;
import static dev.hitless.format.ConfigKind.Param.pointer;
import static dev.hitless.format.ConfigKind.Param.value;

/**
 * ARM SMMUv3 Context Descriptor (Linux: {@code struct arm_smmu_cd}, the {@code CTXDESC_CD_*} masks in
 * arm-smmu-v3.h). Layout and used bits: docs/entry-formats.md section 3.
 *
 * <p>TTB0 holds address bits 51:4 in place ({@code ttbr & CTXDESC_CD_1_TTB0_MASK}); parameters are byte addresses,
 * 4 KiB aligned. Invariants: {@link #usedBits} is the driver's {@code arm_smmu_get_cd_used}: V only when V=0,
 * otherwise every bit except the TTB0 walk fields when EPD0=1. CDs have no update-safe bits.
 */
public final class SmmuCd extends TableFormat {
    /** A CD is 512 bits: {@code struct arm_smmu_cd { __le64 data[8]; }}. */
    public static final int QWORDS = 8;

    // qword 0 (the TCR-derived fields are CTXDESC_CD_0_TCR_*)
    public static final Field T0SZ = new Field("T0SZ", 0, 5, 0);
    public static final Field TG0 = new Field("TG0", 0, 7, 6);
    public static final Field IRGN0 = new Field("IRGN0", 0, 9, 8);
    public static final Field ORGN0 = new Field("ORGN0", 0, 11, 10);
    public static final Field SH0 = new Field("SH0", 0, 13, 12);
    public static final Field EPD0 = Field.bit("EPD0", 0, 14);
    public static final Field ENDI = Field.bit("ENDI", 0, 15);
    public static final Field EPD1 = Field.bit("EPD1", 0, 30);
    public static final Field V = Field.bit("V", 0, 31);
    public static final Field IPS = new Field("IPS", 0, 34, 32);
    public static final Field TBI0 = Field.bit("TBI0", 0, 38);
    public static final Field AA64 = Field.bit("AA64", 0, 41);
    public static final Field HD = Field.bit("HD", 0, 42);
    public static final Field HA = Field.bit("HA", 0, 43);
    public static final Field S = Field.bit("S", 0, 44);
    public static final Field R = Field.bit("R", 0, 45);
    public static final Field A = Field.bit("A", 0, 46);
    public static final Field ASET = Field.bit("ASET", 0, 47);
    public static final Field ASID = new Field("ASID", 0, 63, 48);
    // qword 1
    public static final Field TTB0 = Field.address("TTB0", 1, 51, 4);
    // qword 3
    public static final Field MAIR = new Field("MAIR", 3, 63, 0);

    /** io-pgtable-arm's stage-1 MAIR: NC, WBRWA, DEVICE, INC_OWBRWA in attribute slots 0..3. */
    public static final long MAIR_IO_PGTABLE = 0xf404ff44L;
    /** A Linux arm64 MAIR_EL1 (NORMAL, NORMAL_TAGGED before MTE setup, NORMAL_NC, DEVICE_nGnRnE, DEVICE_nGnRE). */
    public static final long MAIR_EL1_LINUX = 0x0000_0004_0044_ffffL;

    private static final List<Field> FIELDS = List.of(T0SZ, TG0, IRGN0, ORGN0, SH0, EPD0, ENDI, EPD1, V, IPS, TBI0,
            AA64, HD, HA, S, R, A, ASET, ASID, TTB0, MAIR);

    private static final List<ConfigKind> KINDS = List.of(
            new ConfigKind("cd-clear", "cleared CD, all zero (V=0): arm_smmu_clear_cd()", List.of(), v -> Entry.zero(QWORDS)),
            new ConfigKind("cd-s1", "stage-1 paging domain: arm_smmu_make_s1_cd()", List.of(
                    asid(), ttb0(), mair(MAIR_IO_PGTABLE), t0sz(),
                    value("tg0", "granule: 0 = 4K, 1 = 64K, 2 = 16K", 0, 3),
                    value("irgn0", "inner cacheability of walks: 1 = WBWA", 1, 3),
                    value("orgn0", "outer cacheability of walks: 1 = WBWA", 1, 3),
                    value("sh0", "shareability of walks: 3 = inner shareable", 3, 3),
                    ips(), flag("hd", "dirty tracking (IO_PGTABLE_QUIRK_ARM_HD): sets HA and HD", false), stall()),
                    SmmuCd::s1),
            new ConfigKind("cd-sva", "process address space: arm_smmu_make_sva_cd() with an mm", List.of(
                    asid(), ttb0(), mair(MAIR_EL1_LINUX), t0sz(), ips(),
                    flag("ha", "hardware access flag (FEAT_HA)", false),
                    flag("hd", "hardware dirty state (FEAT_HD)", false), stall()),
                    SmmuCd::sva),
            new ConfigKind("cd-sva-release", "arm_smmu_make_sva_cd() with a NULL mm: V=1, EPD0=1, no TTB0", List.of(
                    asid(), mair(MAIR_EL1_LINUX), ips()),
                    SmmuCd::svaRelease));

    public SmmuCd() {
        super("smmu-cd", "ARM SMMUv3 Context Descriptor", QWORDS, FIELDS, V, 64, KINDS, """
                cleared      cd-clear
                s1-asid1     cd-s1:asid=1,ttb0=0x100000
                s1-asid2     cd-s1:asid=2,ttb0=0x200000
                sva          cd-sva:asid=3,ttb0=0x300000
                sva-release  cd-sva-release:asid=3
                """);
    }

    /** The driver's {@code arm_smmu_get_cd_used}. */
    @Override
    public Platform platform() {
        return Platform.ARMV8;
    }

    /** {@link #usedBits} reads V and EPD0. */
    @Override
    public Entry usedBitsDependOn() {
        return mask(V, EPD0);
    }

    @Override
    public Entry usedBits(Entry e) {
        if (V.get(e) == 0) return mask(V);
        if (EPD0.get(e) == 0) return ones();
        // EPD0: no translation table walks through TTB0, so its walk controls are IGNORED.
        return ones().andNot(mask(T0SZ, TG0, IRGN0, ORGN0, SH0, TTB0));
    }

    // --- configuration kinds: what arm_smmu_make_s1_cd() / arm_smmu_make_sva_cd() write ---

    private static ConfigKind.Param asid() {
        return value("asid", "ASID", 1, 0xffff);
    }

    private static ConfigKind.Param ttb0() {
        return pointer("ttb0", "stage-1 page-table address, 4 KiB aligned", 0x100000, (1L << 52) - 4096, 4096);
    }

    private static ConfigKind.Param mair(long dflt) {
        return value("mair", "memory attribute indirection register value", dflt, -1L);
    }

    private static ConfigKind.Param t0sz() {
        return value("t0sz", "64 - input address bits: 16 = 48-bit", 16, 63);
    }

    private static ConfigKind.Param ips() {
        return value("ips", "intermediate physical size: 5 = 48-bit", 5, 7);
    }

    private static ConfigKind.Param stall() {
        return flag("stall", "master->stall_enabled: sets S", false);
    }

    /** Fields both make helpers write: EPD1, V, IPS, AA64, S, R, A, ASET, ASID, MAIR (ENDI only big-endian). */
    private static Entry common(Map<String, Long> v, long stall) {
        Entry e = EPD1.set(Entry.zero(QWORDS), 1);
        e = V.set(e, 1);
        e = IPS.set(e, v.get("ips"));
        e = AA64.set(e, 1);
        e = S.set(e, stall);
        e = R.set(e, 1);
        e = A.set(e, 1);
        e = ASET.set(e, 1);
        e = ASID.set(e, v.get("asid"));
        return MAIR.set(e, v.get("mair"));
    }

    private static Entry s1(Map<String, Long> v) {
        Entry e = common(v, v.get("stall"));
        e = T0SZ.set(e, v.get("t0sz"));
        e = TG0.set(e, v.get("tg0"));
        e = IRGN0.set(e, v.get("irgn0"));
        e = ORGN0.set(e, v.get("orgn0"));
        e = SH0.set(e, v.get("sh0"));
        e = HA.set(e, v.get("hd"));
        e = HD.set(e, v.get("hd"));
        return TTB0.set(e, v.get("ttb0") >>> TTB0.lo());
    }

    /** With an mm: TCR from the CPU's (4K granule, WBWA, inner shareable), TTB0 = the mm's pgd. */
    private static Entry sva(Map<String, Long> v) {
        Entry e = common(v, v.get("stall"));
        e = T0SZ.set(e, v.get("t0sz"));
        e = TG0.set(e, 0);
        e = IRGN0.set(e, 1);
        e = ORGN0.set(e, 1);
        e = SH0.set(e, 3);
        e = HA.set(e, v.get("ha"));
        e = HD.set(e, v.get("hd"));
        return TTB0.set(e, v.get("ttb0") >>> TTB0.lo());
    }

    /**
     * NULL mm (the mm is going away while the PASID stays attached): EPD0 so no walk, TTB0 and the walk controls
     * left zero, S cleared (stall disable permitted, no FEAT_STALL_FORCE) so faults abort at once.
     */
    private static Entry svaRelease(Map<String, Long> v) {
        return EPD0.set(common(v, 0), 1);
    }

    @Override
    public java.util.Optional<Field> cacheTagField() {
        return java.util.Optional.of(ASID);
    }
}
