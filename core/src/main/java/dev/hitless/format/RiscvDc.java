package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.hitless.format.ConfigKind.Param.flag;
import static dev.hitless.format.ConfigKind.Param.named;
import static dev.hitless.format.ConfigKind.Param.pointer;
import static dev.hitless.format.ConfigKind.Param.value;

/**
 * RISC-V IOMMU device context (DC), a leaf entry of the device-directory table: the base format, 256 bits in four
 * doublewords ({@code tc}, {@code iohgatp}, {@code ta}, {@code fsc}), used when {@code capabilities.MSI_FLAT} is 0, and
 * the extended format, 512 bits, which adds {@code msiptp}, {@code msi_addr_mask}, {@code msi_addr_pattern} and a
 * reserved doubleword. One class, two instances ({@link #base()}, {@link #extended()}): the extended format is the base
 * one with the MSI fields, their used-bits rule, one more kind and one more catalogue configuration.
 *
 * <p>Layout: the specification's "Device-context fields" (riscv-non-isa/riscv-iommu, src/iommu_data_structures.adoc,
 * 14fd3916), checked bit for bit by {@code RiscvDcTest}; Linux names the same fields {@code RISCV_IOMMU_DC_*}
 * (drivers/iommu/riscv/iommu-bits.h). PPN fields hold page numbers (address / 4 KiB) in bits 43:0, as the
 * specification draws them; the configuration kinds take addresses. docs/entry-formats.md section 5.
 *
 * <p>Invariants: {@link #usedBits} reads only V, PDTV, FSC_MODE, IOHGATP_MODE and (extended) MSIPTP_MODE
 * ({@link #usedBitsDependOn}). V=0 uses V alone ("all other bits in DC are don't-care") and blocks: the IOMMU faults
 * the request, "DDT entry not valid" (cause 258), so the default {@link #passage} (not present blocks) is the
 * specification's. The cache tag is PSCID, carried while first-stage translation reads it (PDTV=0, fsc not Bare).
 */
public final class RiscvDc extends TableFormat {
    /** {@code iosatp}/{@code iohgatp} MODE Bare, {@code pdtp} MODE Bare, {@code msiptp} MODE Off: all 0. */
    public static final long BARE = 0;
    public static final long SV39 = 8, SV48 = 9, SV57 = 10;
    public static final long PD8 = 1, PD17 = 2, PD20 = 3;
    public static final long MSI_FLAT = 1;

    private static final Map<Long, String> IOSATP_NAMES = Map.of(BARE, "Bare", SV39, "Sv39", SV48, "Sv48", SV57, "Sv57");
    private static final Map<Long, String> PDTP_NAMES = Map.of(BARE, "Bare", PD8, "PD8", PD17, "PD17", PD20, "PD20");

    // qword 0: tc, translation control
    public static final Field V = Field.bit("V", 0, 0);
    public static final Field EN_ATS = Field.bit("EN_ATS", 0, 1);
    public static final Field EN_PRI = Field.bit("EN_PRI", 0, 2);
    public static final Field T2GPA = Field.bit("T2GPA", 0, 3);
    public static final Field DTF = Field.bit("DTF", 0, 4);
    public static final Field PDTV = Field.bit("PDTV", 0, 5);
    public static final Field PRPR = Field.bit("PRPR", 0, 6);
    public static final Field GADE = Field.bit("GADE", 0, 7);
    public static final Field SADE = Field.bit("SADE", 0, 8);
    public static final Field DPE = Field.bit("DPE", 0, 9);
    public static final Field SBE = Field.bit("SBE", 0, 10);
    public static final Field SXL = Field.bit("SXL", 0, 11);
    // qword 1: iohgatp, the second stage (G-stage)
    public static final Field IOHGATP_PPN = new Field("IOHGATP_PPN", 1, 43, 0);
    public static final Field GSCID = new Field("GSCID", 1, 59, 44);
    public static final Field IOHGATP_MODE = new Field("IOHGATP_MODE", 1, 63, 60)
            .named(Map.of(BARE, "Bare", SV39, "Sv39x4", SV48, "Sv48x4", SV57, "Sv57x4"));
    // qword 2: ta, translation attributes (RCID and MCID: the QoS ID extension)
    public static final Field PSCID = new Field("PSCID", 2, 31, 12);
    public static final Field RCID = new Field("RCID", 2, 51, 40);
    public static final Field MCID = new Field("MCID", 2, 63, 52);
    // qword 3: fsc, iosatp when PDTV=0, pdtp when PDTV=1 (the value names of both; they do not collide)
    public static final Field FSC_PPN = new Field("FSC_PPN", 3, 43, 0);
    public static final Field FSC_MODE = new Field("FSC_MODE", 3, 63, 60).named(merged(IOSATP_NAMES, PDTP_NAMES));
    // qwords 4-6, extended format only: MSI address translation
    public static final Field MSIPTP_PPN = new Field("MSIPTP_PPN", 4, 43, 0);
    public static final Field MSIPTP_MODE = new Field("MSIPTP_MODE", 4, 63, 60).named(Map.of(BARE, "Off", MSI_FLAT, "Flat"));
    public static final Field MSI_MASK = new Field("MSI_MASK", 5, 51, 0);
    public static final Field MSI_PATTERN = new Field("MSI_PATTERN", 6, 51, 0);

    /** Every tc field the specification names: all read (at least by its configuration checks) when V=1. */
    private static final Field[] TC = {V, EN_ATS, EN_PRI, T2GPA, DTF, PDTV, PRPR, GADE, SADE, DPE, SBE, SXL};
    private static final List<Field> BASE_FIELDS = List.of(V, EN_ATS, EN_PRI, T2GPA, DTF, PDTV, PRPR, GADE, SADE, DPE,
            SBE, SXL, IOHGATP_PPN, GSCID, IOHGATP_MODE, PSCID, RCID, MCID, FSC_PPN, FSC_MODE);
    private static final List<Field> MSI_FIELDS = List.of(MSIPTP_PPN, MSIPTP_MODE, MSI_MASK, MSI_PATTERN);

    /** The parameter-only views of FSC_MODE: its iosatp and its pdtp names, so that each kind takes only its own. */
    private static final Field IOSATP_MODE = new Field("FSC_MODE", 3, 63, 60).named(IOSATP_NAMES);
    private static final Field PDTP_MODE = new Field("FSC_MODE", 3, 63, 60).named(PDTP_NAMES);

    private static final long PAGE = 4096;
    /** iohgatp's root: "16 KiB and must be aligned to a 16-KiB boundary". */
    private static final long G_ROOT_ALIGN = 16 * 1024;
    private static final long ADDR_MAX = ((1L << 44) - 1) * PAGE;

    private static final RiscvDc BASE = new RiscvDc(false);
    private static final RiscvDc EXTENDED = new RiscvDc(true);

    private final boolean extended;

    private RiscvDc(boolean extended) {
        super(extended ? "riscv-dc-ext" : "riscv-dc",
                "RISC-V IOMMU device context, " + (extended ? "extended format (512 bits, MSI_FLAT)" : "base format (256 bits)")
                        + ", read as 64-bit doublewords in any order",
                extended ? 8 : 4, extended ? concat(BASE_FIELDS, MSI_FIELDS) : BASE_FIELDS, V, 64, kinds(extended),
                catalogue(extended));
        this.extended = extended;
    }

    /** The base format, {@code riscv-dc}: 4 doublewords. */
    public static RiscvDc base() {
        return BASE;
    }

    /** The extended format, {@code riscv-dc-ext}: 8 doublewords, with MSI address translation. */
    public static RiscvDc extended() {
        return EXTENDED;
    }

    /** True for the 512-bit extended format. */
    public boolean isExtended() {
        return extended;
    }

    @Override
    public Platform platform() {
        return Platform.RISCV;
    }

    /**
     * PSCID: the first stage's address-space tag ("the PSCID field in ta is used as the address-space ID if PDTV is 0
     * and iosatp.MODE is not Bare"). With PDTV=1 the PSCID sits in each process context, not here; with a G-stage the
     * IOTLB keys by GSCID too, which the cache-tag model does not hold (docs/cache-tags.md, limits).
     */
    @Override
    public Optional<Field> cacheTagField() {
        return Optional.of(PSCID);
    }

    /** fsc's PPN (first-stage root or process directory), iohgatp's PPN and, extended, msiptp's PPN. */
    @Override
    public List<Field> pointerFields() {
        return extended ? List.of(FSC_PPN, IOHGATP_PPN, MSIPTP_PPN) : List.of(FSC_PPN, IOHGATP_PPN);
    }

    /** {@link #usedBits} reads V, PDTV, FSC_MODE, IOHGATP_MODE and, in the extended format, MSIPTP_MODE. */
    @Override
    public Entry usedBitsDependOn() {
        return extended ? mask(V, PDTV, FSC_MODE, IOHGATP_MODE, MSIPTP_MODE) : mask(V, PDTV, FSC_MODE, IOHGATP_MODE);
    }

    /**
     * The bits the IOMMU reads for {@code e} (docs/entry-formats.md 5.2), from the specification's translation process
     * ("Process to translate an IOVA", "Process to locate the Device-context") and its configuration checks:
     * V=0: V alone. V=1: every tc field, RCID and MCID (they tag the IOMMU's own table walks), fsc's MODE, iohgatp's
     * MODE and (extended) msiptp's MODE; fsc's PPN when its MODE is not Bare (iosatp root or pdtp root); PSCID only
     * when PDTV=0 and fsc is not Bare; GSCID and iohgatp's PPN when iohgatp is not Bare; the MSI PPN, mask and pattern
     * when msiptp is not Off. The reserved doubleword 7 is never read.
     */
    @Override
    public Entry usedBits(Entry e) {
        if (V.get(e) == 0) return mask(V);
        Entry used = mask(TC).or(mask(RCID, MCID, FSC_MODE, IOHGATP_MODE));
        if (FSC_MODE.get(e) != BARE) {
            used = used.or(mask(FSC_PPN));
            if (PDTV.get(e) == 0) used = used.or(mask(PSCID));
        }
        if (IOHGATP_MODE.get(e) != BARE) used = used.or(mask(GSCID, IOHGATP_PPN));
        if (extended) {
            used = used.or(mask(MSIPTP_MODE));
            if (MSIPTP_MODE.get(e) != BARE) used = used.or(mask(MSIPTP_PPN, MSI_MASK, MSI_PATTERN));
        }
        return used;
    }

    @Override
    public Optional<String> passageNote() {
        return Optional.of("V=0 faults every request (\"DDT entry not valid\", cause 258: riscv-iommu"
                + " iommu_data_structures.adoc, locating the device context), so not valid blocks; a V=1 entry is a"
                + " configuration the IOMMU acts on, Bare (identity) included; docs/entry-formats.md 5.3");
    }

    /**
     * True when the specification requires IOTINVAL after changing a device context whose old value is {@code dc}
     * ("Changing device directory table entry", iommu_sw_guidelines.adoc): iohgatp not Bare (IOTINVAL.VMA and .GVMA by
     * GSCID), else PDTV=1 (IOTINVAL.VMA of every PSCID), else fsc not Bare (IOTINVAL.VMA by PSCID). IODIR.INVAL_DDT is
     * required always; a DC with V=0 is never cached, so nothing of it needs invalidating ("Caching invalid entries").
     */
    public static boolean needsIotinval(Entry dc) {
        if (V.get(dc) == 0) return false;
        return IOHGATP_MODE.get(dc) != BARE || PDTV.get(dc) == 1 || FSC_MODE.get(dc) != BARE;
    }

    /** PPN fields print as the address they hold ({@code FSC_PPN=0x100000}), like the kinds' parameters. */
    @Override
    public String formatValue(Field f, long v) {
        if (f == FSC_PPN || f == IOHGATP_PPN || f == MSIPTP_PPN) return f.name() + "=0x" + Long.toHexString(v * PAGE);
        return super.formatValue(f, v);
    }

    // --- configuration kinds: what riscv_iommu_iodir_update() and its callers write ---

    private static List<ConfigKind> kinds(boolean extended) {
        List<ConfigKind> k = new ArrayList<>(List.of(
                new ConfigKind("dc-blocked", "riscv_iommu_attach_blocking_domain(): fsc Bare, ta 0, tc.V=0; DMA faults"
                        + " (cause 258)", List.of(sade()), v -> tc(v, extended)),
                new ConfigKind("dc-identity", "riscv_iommu_attach_identity_domain(): tc.V=1, fsc Bare, ta 0 (no translation)",
                        List.of(sade(), rcid(), mcid()), v -> V.set(tc(v, extended), 1)),
                new ConfigKind("dc-s1", "riscv_iommu_attach_paging_domain(): tc.V=1, fsc = iosatp MODE|PPN, ta = PSCID",
                        List.of(pscid(1), mode(), root("root", "first-stage root", 0x100000, PAGE), sade(), rcid(), mcid()),
                        v -> firstStage(V.set(tc(v, extended), 1), v)),
                new ConfigKind("dc-pdt", "process-directory table (PASID/SVA shape): tc.V=1, PDTV=1, fsc = pdtp MODE|PPN;"
                        + " PSCIDs are in the process contexts", List.of(
                        named("mode", "pdtp MODE (process-directory levels)", PD8, PDTP_MODE),
                        root("pdt", "process-directory root", 0x400000, PAGE),
                        flag("dpe", "default process_id 0 for requests without one", false), sade(), rcid(), mcid()),
                        v -> pdt(V.set(tc(v, extended), 1), v)),
                new ConfigKind("dc-nested", "nested (the nested series): iohgatp = MODE|GSCID|PPN, fsc = the guest's iosatp,"
                        + " ta = PSCID", nestedParams(false), v -> nested(V.set(tc(v, extended), 1), v))));
        if (extended) {
            k.add(new ConfigKind("dc-nested-msi", "nested with flat MSI translation (the MSI series): as dc-nested, plus"
                    + " msiptp = Flat|PPN and the MSI address mask and pattern", nestedParams(true),
                    v -> msi(nested(V.set(tc(v, true), 1), v), v)));
        }
        return k;
    }

    /**
     * The base catalogue: the configurations the driver writes and the pairs between them that matter (two PSCIDs, one
     * PSCID over two roots, the QoS edit, a process directory, a G-stage). The extended one keeps what its extra
     * doublewords change, so that the matrix, which runs every ordered pair, stays small: blocked, identity, two first
     * stages, nested, and nested with flat MSI translation; the base-format pairs it leaves out are the same doublewords
     * with MSI off.
     */
    private static String catalogue(boolean extended) {
        if (extended) {
            return """
                    blocked        dc-blocked
                    identity       dc-identity
                    s1-a           dc-s1:pscid=1,mode=sv39,root=0x100000
                    s1-b           dc-s1:pscid=2,mode=sv48,root=0x200000
                    nested         dc-nested:gscid=1,gmode=sv48x4,groot=0x800000,pscid=3,mode=sv39,root=0x500000
                    nested-msi     dc-nested-msi:gscid=1,gmode=sv48x4,groot=0x800000,pscid=3,mode=sv39,root=0x500000,msiptp=0x900000,mask=0x7,pattern=0x28000
                    """;
        }
        return """
                blocked        dc-blocked
                identity       dc-identity
                s1-a           dc-s1:pscid=1,mode=sv39,root=0x100000
                s1-b           dc-s1:pscid=2,mode=sv48,root=0x200000
                s1-a-root2     dc-s1:pscid=1,mode=sv39,root=0x300000
                s1-a-qos       dc-s1:pscid=1,mode=sv39,root=0x100000,rcid=1,mcid=2
                pdt            dc-pdt:mode=pd8,pdt=0x400000
                nested         dc-nested:gscid=1,gmode=sv48x4,groot=0x800000,pscid=3,mode=sv39,root=0x500000
                """;
    }

    private static ConfigKind.Param sade() {
        return flag("sade", "tc.SADE: hardware A/D updates of first-stage PTEs (probe sets it with AMO_HWAD)", false);
    }

    private static ConfigKind.Param rcid() {
        return value("rcid", "ta.RCID (QoS ID extension): resource control ID", 0, RCID.maxValue());
    }

    private static ConfigKind.Param mcid() {
        return value("mcid", "ta.MCID (QoS ID extension): monitoring counter ID", 0, MCID.maxValue());
    }

    private static ConfigKind.Param pscid(long dflt) {
        return value("pscid", "ta.PSCID: the domain's process soft-context ID, 1..2^20-1", dflt, PSCID.maxValue());
    }

    private static ConfigKind.Param mode() {
        return named("mode", "iosatp MODE (first-stage levels)", SV39, IOSATP_MODE);
    }

    private static ConfigKind.Param root(String name, String what, long dflt, long align) {
        return pointer(name, what + ", " + align / 1024 + " KiB aligned", dflt, ADDR_MAX, align);
    }

    private static List<ConfigKind.Param> nestedParams(boolean msi) {
        List<ConfigKind.Param> p = new ArrayList<>(List.of(
                value("gscid", "iohgatp.GSCID: the VM's guest soft-context ID", 1, GSCID.maxValue()),
                named("gmode", "iohgatp MODE (second-stage levels)", SV48, IOHGATP_MODE),
                root("groot", "second-stage root", 0x800000, G_ROOT_ALIGN),
                pscid(3), mode(), root("root", "the guest's first-stage root (a guest address)", 0x500000, PAGE), sade(),
                rcid(), mcid()));
        if (msi) {
            p.add(root("msiptp", "MSI page table", 0x900000, PAGE));
            p.add(value("mask", "msi_addr_mask (page-number bits)", 0x7, MSI_MASK.maxValue()));
            p.add(value("pattern", "msi_addr_pattern (page number)", 0x28000, MSI_PATTERN.maxValue()));
        }
        return p;
    }

    /** tc as probe_device() leaves it (SADE with AMO_HWAD), V=0, and the QoS IDs in ta. */
    private static Entry tc(Map<String, Long> v, boolean extended) {
        Entry e = Entry.zero(extended ? 8 : 4);
        e = SADE.set(e, v.get("sade"));
        e = RCID.set(e, v.getOrDefault("rcid", 0L));
        return MCID.set(e, v.getOrDefault("mcid", 0L));
    }

    private static Entry firstStage(Entry e, Map<String, Long> v) {
        if (v.get("mode") == BARE) throw new ConfigException("dc-s1 mode=bare has no first-stage table; use dc-identity");
        if (v.get("pscid") == 0) throw new ConfigException("dc-s1 pscid=0: Linux allocates PSCIDs from 1");
        e = FSC_MODE.set(e, v.get("mode"));
        e = FSC_PPN.set(e, v.get("root") / PAGE);
        return PSCID.set(e, v.get("pscid"));
    }

    private static Entry pdt(Entry e, Map<String, Long> v) {
        if (v.get("mode") == BARE) throw new ConfigException("dc-pdt mode=bare has no process directory; use dc-identity");
        e = PDTV.set(e, 1);
        e = DPE.set(e, v.get("dpe"));
        e = FSC_MODE.set(e, v.get("mode"));
        return FSC_PPN.set(e, v.get("pdt") / PAGE);
    }

    private static Entry nested(Entry e, Map<String, Long> v) {
        if (v.get("gmode") == BARE) throw new ConfigException("dc-nested gmode=bare has no second stage; use dc-s1");
        e = IOHGATP_MODE.set(e, v.get("gmode"));
        e = GSCID.set(e, v.get("gscid"));
        e = IOHGATP_PPN.set(e, v.get("groot") / PAGE);
        return firstStage(e, v);
    }

    private static Entry msi(Entry e, Map<String, Long> v) {
        e = MSIPTP_MODE.set(e, MSI_FLAT);
        e = MSIPTP_PPN.set(e, v.get("msiptp") / PAGE);
        e = MSI_MASK.set(e, v.get("mask"));
        return MSI_PATTERN.set(e, v.get("pattern"));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static Map<Long, String> merged(Map<Long, String> a, Map<Long, String> b) {
        Map<Long, String> m = new HashMap<>(a);
        m.putAll(b);
        return m;
    }
}
