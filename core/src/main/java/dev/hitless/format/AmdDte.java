package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.hitless.format.ConfigKind.Param.flag;
import static dev.hitless.format.ConfigKind.Param.pointer;
import static dev.hitless.format.ConfigKind.Param.value;

/**
 * AMD-Vi Device Table Entry, 256 bits in four qwords (Linux: {@code struct dev_table_entry}, the {@code DTE_*} masks
 * in drivers/iommu/amd/amd_iommu_types.h; the driver writes it as two 128-bit halves, {@code data128[0..1]}). Layout,
 * used bits and what each configuration lets through: docs/entry-formats.md section 4.
 *
 * <p>Invariants: {@link #usedBits} and {@link #passage} read only V, TV, Mode, GV, IR, IW and IV
 * ({@link #usedBitsDependOn}). V=0 uses V (and the interrupt fields when IV=1) and lets DMA through untranslated;
 * V=1 with TV=0, or with IR=IW=0, blocks. The interrupt-remapping fields in qword 2 belong to another writer (the
 * interrupt remapping code): they are used whenever IV=1, whatever the DMA configuration, and the driver's DMA
 * writer preserves them. Qword 3 holds no field the driver writes: no configuration uses it.
 *
 * <p>GCR3 (the guest CR3 table's address) is split over three fields, GCR3[14:12], GCR3[30:15] and GCR3[51:31]; all
 * three are pointer fields, and the decoding prints them joined as one address.
 */
public final class AmdDte extends TableFormat {
    /** The DTE is 256 bits: four qwords, two 128-bit halves. */
    public static final int QWORDS = 4;

    /** Host page-table levels in Mode: 0 = none (no host translation), 1..6 = levels. */
    public static final long MODE_NONE = 0;

    // qword 0
    public static final Field V = Field.bit("V", 0, 0);
    public static final Field TV = Field.bit("TV", 0, 1);
    public static final Field HAD = new Field("HAD", 0, 8, 7);
    public static final Field MODE = new Field("Mode", 0, 11, 9).named(Map.of(0L, "none"));
    /** Host page-table root: address bits 51:12 in place. */
    public static final Field HOST_ROOT = Field.address("HostRoot", 0, 51, 12);
    public static final Field PPR = Field.bit("PPR", 0, 52);
    public static final Field GIOV = Field.bit("GIOV", 0, 54);
    public static final Field GV = Field.bit("GV", 0, 55);
    public static final Field GLX = new Field("GLX", 0, 57, 56);
    public static final Field GCR3_A = new Field("GCR3[14:12]", 0, 60, 58);
    public static final Field IR = Field.bit("IR", 0, 61);
    public static final Field IW = Field.bit("IW", 0, 62);
    // qword 1
    public static final Field DOMAIN_ID = new Field("DomainID", 1, 15, 0);
    public static final Field GCR3_B = new Field("GCR3[30:15]", 1, 31, 16);
    public static final Field IOTLB = Field.bit("IOTLB", 1, 32);
    public static final Field SE = Field.bit("SE", 1, 33);
    public static final Field SA = Field.bit("SA", 1, 34);
    public static final Field IOCTL = new Field("IoCtl", 1, 36, 35);
    public static final Field CACHE = Field.bit("Cache", 1, 37);
    public static final Field SD = Field.bit("SD", 1, 38);
    public static final Field EX = Field.bit("EX", 1, 39);
    public static final Field SYSMGT = new Field("SysMgt", 1, 41, 40);
    public static final Field GCR3_C = new Field("GCR3[51:31]", 1, 63, 43);
    // qword 2: interrupt remapping (another writer's), and the guest page-table level
    public static final Field IV = Field.bit("IV", 2, 0);
    public static final Field INT_TAB_LEN = new Field("IntTabLen", 2, 4, 1);
    public static final Field IG = Field.bit("IG", 2, 5);
    /** Interrupt remapping table root: address bits 51:6 in place (128-byte aligned in Linux). */
    public static final Field IRT_ROOT = Field.address("IntTabRoot", 2, 51, 6);
    public static final Field GPT_LEVEL = new Field("GPTLevel", 2, 55, 54).named(Map.of(0L, "4-level", 1L, "5-level"));
    public static final Field INIT_PASS = Field.bit("InitPass", 2, 56);
    public static final Field EINT_PASS = Field.bit("EIntPass", 2, 57);
    public static final Field NMI_PASS = Field.bit("NMIPass", 2, 58);
    public static final Field INT_CTL = new Field("IntCtl", 2, 61, 60);
    public static final Field LINT0_PASS = Field.bit("Lint0Pass", 2, 62);
    public static final Field LINT1_PASS = Field.bit("Lint1Pass", 2, 63);

    private static final List<Field> FIELDS = List.of(V, TV, HAD, MODE, HOST_ROOT, PPR, GIOV, GV, GLX, GCR3_A, IR, IW,
            DOMAIN_ID, GCR3_B, IOTLB, SE, SA, IOCTL, CACHE, SD, EX, SYSMGT, GCR3_C,
            IV, INT_TAB_LEN, IG, IRT_ROOT, GPT_LEVEL, INIT_PASS, EINT_PASS, NMI_PASS, INT_CTL, LINT0_PASS, LINT1_PASS);

    /** The three pieces of GCR3, low piece first: address bits 14:12, 30:15 and 51:31. */
    private static final List<Field> GCR3 = List.of(GCR3_A, GCR3_B, GCR3_C);
    private static final int[] GCR3_SHIFT = {12, 15, 31};

    /** The IVRS-derived flags ({@code DTE_FLAG_MASK} without IOTLB): read whenever V=1. */
    private static final Field[] IVRS_FLAGS = {SE, SA, IOCTL, CACHE, SD, EX, SYSMGT};
    /** The interrupt-remapping part of qword 2 ({@code DTE_DATA2_INTR_MASK}): read whenever IV=1. */
    private static final Field[] INTERRUPT = {IV, INT_TAB_LEN, IG, IRT_ROOT, INIT_PASS, EINT_PASS, NMI_PASS, INT_CTL,
            LINT0_PASS, LINT1_PASS};

    private static final long ADDR_MAX = (1L << 52) - 4096;
    private static final long PAGE = 4096;

    private static final List<ConfigKind> KINDS = List.of(
            new ConfigKind("dte-clear", "all zero, V=0: the boot and error-path DTE (uninit_device_table_dma);"
                    + " DMA passes untranslated", List.of(), v -> Entry.zero(QWORDS)),
            new ConfigKind("dte-blocked", "V=1, TV=0: amd_iommu_make_clear_dte() (the blocked domain); DMA is blocked",
                    List.of(), v -> V.set(Entry.zero(QWORDS), 1)),
            new ConfigKind("dte-passthrough", "TV|IR|IW with Mode 0: set_dte_passthrough() (identity domain)", List.of(
                    domid(1), iotlb()), AmdDte::passthrough),
            new ConfigKind("dte-v1", "host (v1) page table: amd_iommu_set_dte_v1()", List.of(
                    domid(2), mode(), root(0x100000), value("had", "host access/dirty: 0 = off, 3 = dirty tracking", 0, 3),
                    iotlb()), AmdDte::hostV1),
            new ConfigKind("dte-gcr3", "guest (v2) page table through the GCR3 table: set_dte_gcr3_table();"
                    + " giov=0 is the identity domain with PASID", List.of(
                    domid(4), gcr3(0x400000), glx(), gpt(), flag("giov", "guest I/O protection valid (v2 domain)", true),
                    flag("ppr", "peripheral page requests", false), iotlb()), v -> gcr3Table(V.set(Entry.zero(QWORDS), 1), v)),
            new ConfigKind("dte-nested", "nested: the host (v1) parent's Mode, root and DomainID, and the guest's GV,"
                    + " GIOV, GLX, GCR3 and GPT level (the 2025 nested series)", List.of(
                    domid(6), mode(), root(0x700000), gcr3(0x800000), glx(), gpt(),
                    flag("giov", "guest I/O protection valid, from the guest DTE", true), iotlb()), AmdDte::nested));

    public AmdDte() {
        super("amd-dte", "AMD-Vi Device Table Entry (256 bits)", QWORDS, FIELDS, V, 256, KINDS, """
                cleared        dte-clear
                blocked        dte-blocked
                passthrough    dte-passthrough:domid=1
                v1-l3-a        dte-v1:domid=2,mode=3,root=0x100000
                v1-l4-b        dte-v1:domid=2,mode=4,root=0x200000
                v1-dom3        dte-v1:domid=3,mode=3,root=0x300000
                v2-4level      dte-gcr3:domid=4,gcr3=0x400000,gpt=0
                v2-5level      dte-gcr3:domid=4,gcr3=0x400000,gpt=1
                identity-pasid dte-gcr3:domid=5,gcr3=0x600000,giov=0
                nested         dte-nested:domid=6,mode=4,root=0x700000,gcr3=0x800000
                """);
    }

    @Override
    public Platform platform() {
        return Platform.X86;
    }

    @Override
    public Optional<Field> cacheTagField() {
        return Optional.of(DOMAIN_ID);
    }

    /** Host root, the three GCR3 pieces and the interrupt remapping table: every table the IOMMU walks from a DTE. */
    @Override
    public List<Field> pointerFields() {
        return List.of(HOST_ROOT, GCR3_A, GCR3_B, GCR3_C, IRT_ROOT);
    }

    /** TV: V=1 with TV=0 blocks DMA (the blocked domain), where V=0 would let it through untranslated. */
    @Override
    public Field blockBit() {
        return TV;
    }

    /** {@link #usedBits} and {@link #passage} read V, TV, Mode, GV, IR, IW and IV. */
    @Override
    public Entry usedBitsDependOn() {
        return mask(V, TV, MODE, GV, IR, IW, IV);
    }

    /**
     * The bits the IOMMU reads for {@code e}: docs/entry-formats.md section 4.2. Read from the driver's branch logic
     * in update_dte256() (GV=0 leaves the GPT level unread, all guest state but the level is in the lower half) and
     * the specification's field descriptions as the emulators implement them.
     */
    @Override
    public Entry usedBits(Entry e) {
        Entry used = IV.get(e) == 1 ? mask(INTERRUPT) : mask(IV);
        used = used.or(mask(V));
        if (V.get(e) == 0) return used;
        used = used.or(mask(TV)).or(mask(IVRS_FLAGS));
        if (TV.get(e) == 0) return used;
        used = used.or(mask(MODE, IR, IW, DOMAIN_ID, IOTLB, PPR, GV));
        if (MODE.get(e) != MODE_NONE) used = used.or(mask(HOST_ROOT, HAD));
        if (GV.get(e) == 1) used = used.or(mask(GIOV, GLX, GCR3_A, GCR3_B, GCR3_C, GPT_LEVEL));
        return used;
    }

    /**
     * V=0: untranslated (the request reaches memory unchecked); V=1 with TV=0, or TV=1 with IR=IW=0: blocked; else
     * translated. Sources in docs/entry-formats.md section 4.3.
     */
    @Override
    public Passage passage(Entry e) {
        if (V.get(e) == 0) return Passage.UNTRANSLATED;
        if (TV.get(e) == 0 || IR.get(e) == 0 && IW.get(e) == 0) return Passage.BLOCKED;
        return Passage.TRANSLATED;
    }

    @Override
    public boolean passesUntranslated() {
        return true;
    }

    /** The driver's comment says one 256-bit read; what if the IOMMU fetched 128 or 64 bits at a time? */
    @Override
    public List<Integer> whatIfChunkBits() {
        return List.of(128, 64);
    }

    @Override
    public Optional<String> passageNote() {
        return Optional.of("V=0 lets DMA through untranslated (UNTRANSLATED); V=1 with TV=0, or IR=IW=0, blocks"
                + " (the specification's address-translation table as QEMU and VirtualBox implement it;"
                + " docs/entry-formats.md 4.3)");
    }

    /**
     * {@code value} with the interrupt-remapping bits of qword 2 ({@code DTE_DATA2_INTR_MASK}: all but bits 55:52)
     * taken from {@code live}: what {@code write_dte_upper128} stores, so the DMA writer never changes what the
     * interrupt remapping code wrote.
     */
    public static Entry withInterruptBitsOf(Entry value, Entry live) {
        return value.withQword(2, (value.qword(2) & ~INTERRUPT_MASK) | (live.qword(2) & INTERRUPT_MASK));
    }

    /** {@code DTE_DATA2_INTR_MASK}: qword 2 but bits 55:52 (DTE[179:128] and DTE[191:184]). */
    public static final long INTERRUPT_MASK = ~(0xfL << 52);

    /** The guest CR3 table's address, joined from its three pieces. */
    public static long gcr3(Entry e) {
        long a = 0;
        for (int i = 0; i < GCR3.size(); i++) a |= GCR3.get(i).get(e) << GCR3_SHIFT[i];
        return a;
    }

    /** {@code e} with GCR3 set to {@code address} (4 KiB aligned, below 2^52), split into its three pieces. */
    public static Entry withGcr3(Entry e, long address) {
        for (int i = 0; i < GCR3.size(); i++) {
            Field f = GCR3.get(i);
            e = f.set(e, (address >>> GCR3_SHIFT[i]) & f.maxValue());
        }
        return e;
    }

    /** The fields by name as {@link EntryFormat#decode} prints them, with the GCR3 pieces printed as one address. */
    @Override
    public String decode(Entry e) {
        List<String> parts = new ArrayList<>();
        for (Field f : fields()) {
            if (GCR3.contains(f)) {
                if (f == GCR3_A && gcr3(e) != 0) parts.add("GCR3=0x" + Long.toHexString(gcr3(e)));
                continue;
            }
            long v = f.get(e);
            if (v != 0) parts.add(formatValue(f, v));
        }
        return parts.isEmpty() ? "(all zero)" : String.join(" ", parts);
    }

    // --- configuration kinds: what set_dte_entry() and its helpers write ---

    private static ConfigKind.Param domid(long dflt) {
        return value("domid", "DomainID: the protection domain's (v1, passthrough) or the per-device one (GCR3)", dflt, 0xffff);
    }

    private static ConfigKind.Param iotlb() {
        return flag("iotlb", "device IOTLB (ATS) enabled for the device", false);
    }

    private static ConfigKind.Param mode() {
        return value("mode", "host page-table levels, 1..6 (Mode = top level + 1)", 3, 6);
    }

    private static ConfigKind.Param root(long dflt) {
        return pointer("root", "host page-table root, 4 KiB aligned", dflt, ADDR_MAX, PAGE);
    }

    private static ConfigKind.Param gcr3(long dflt) {
        return pointer("gcr3", "guest CR3 table address, 4 KiB aligned", dflt, ADDR_MAX, PAGE);
    }

    private static ConfigKind.Param glx() {
        return value("glx", "GCR3 table levels: 0 = one level", 0, 3);
    }

    private static ConfigKind.Param gpt() {
        return value("gpt", "guest page-table level: 0 = 4-level, 1 = 5-level", 0, 1);
    }

    /** V|TV|IR|IW with DomainID and IOTLB: what every translating kind starts from. */
    private static Entry translating(Map<String, Long> v) {
        Entry e = V.set(Entry.zero(QWORDS), 1);
        e = TV.set(e, 1);
        e = IR.set(e, 1);
        e = IW.set(e, 1);
        e = DOMAIN_ID.set(e, v.get("domid"));
        return IOTLB.set(e, v.get("iotlb"));
    }

    private static Entry passthrough(Map<String, Long> v) {
        return translating(v);
    }

    private static Entry hostV1(Map<String, Long> v) {
        if (v.get("mode") == MODE_NONE) throw new ConfigException("dte-v1 mode=0 has no host page table; use dte-passthrough");
        Entry e = translating(v);
        e = MODE.set(e, v.get("mode"));
        e = HOST_ROOT.set(e, v.get("root") >>> HOST_ROOT.lo());
        return HAD.set(e, v.get("had"));
    }

    /** The GCR3 part on top of {@code e}: TV, PPR, GIOV, GV, GLX, GCR3, IR, IW, DomainID, IOTLB, GPT level. */
    private static Entry gcr3Table(Entry base, Map<String, Long> v) {
        Entry e = translating(v).or(base);
        e = PPR.set(e, v.getOrDefault("ppr", 0L));
        e = GIOV.set(e, v.get("giov"));
        e = GV.set(e, 1);
        e = GLX.set(e, v.get("glx"));
        e = withGcr3(e, v.get("gcr3"));
        return GPT_LEVEL.set(e, v.get("gpt"));
    }

    private static Entry nested(Map<String, Long> v) {
        if (v.get("mode") == MODE_NONE) throw new ConfigException("dte-nested mode=0 has no host (parent) page table");
        Entry e = translating(v);
        e = MODE.set(e, v.get("mode"));
        e = HOST_ROOT.set(e, v.get("root") >>> HOST_ROOT.lo());
        return gcr3Table(e, v);
    }
}
