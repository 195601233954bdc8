package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.hitless.format.ConfigKind.Param.flag;
import static dev.hitless.format.ConfigKind.Param.pointer;
import static dev.hitless.format.ConfigKind.Param.value;

/**
 * Intel VT-d context entry, 128 bits in two qwords (Linux: {@code struct context_entry { u64 lo; u64 hi; }} and the
 * {@code context_set_*} helpers in drivers/iommu/intel/iommu.h, gregkh/linux@362f34fba309536598a02bc0541ccaeae2bc9052,
 * before the 2026 fix; the fixed {@code context_set_present} / {@code context_clear_present} are in the stable patch,
 * Message-ID 20260225012408.418836418@linuxfoundation.org).
 * The same 128 bits mean two different layouts, and which one the hardware applies is not in the entry: it is the
 * table mode the root-table address register selects ({@code DMA_RTADDR_SMT}, bit 10 of RTADDR_REG), for every entry
 * of the IOMMU at once ({@code copy_translation_tables()} reads it there; "the RTT bit can only be changed when
 * translation is disabled"). Lo bit 2 is DTE in scalable mode and half of TT in legacy mode; hi bits 19:0 are RID_PASID in
 * scalable mode and AW plus part of DID in legacy mode. A used-bits rule must be a function of the entry alone
 * ({@link EntryFormat#usedBits}), so the two modes are two formats of this one class:
 * <ul>
 *   <li>{@code vtd-context} ({@link #scalable()}): the scalable-mode context entry, written once per device (and alias)
 *       by {@code context_entry_set_pasid_table()} / {@code device_pasid_table_setup()} and torn down by
 *       {@code device_pasid_table_teardown()} (drivers/iommu/intel/pasid.c,
 *       LuBaolu/intel-iommu@12e5428dbeb70d6ef91d4bfe1863a1e339a193f8): the PASID directory pointer, PDTS, DTE, PASIDE,
 *       PRE, FPD, P in lo; RID_PASID (always {@code IOMMU_NO_PASID}, 0) and RID_PRIV in hi. It carries no DID: in
 *       scalable mode the DIDs are in the PASID entries, so there is no cache tag here.</li>
 *   <li>{@code vtd-context-legacy} ({@link #legacy()}): the legacy-mode context entry, written on every attach by
 *       {@code domain_context_mapping_one()} / {@code context_setup_pass_through()} and torn down by
 *       {@code domain_context_clear_one()} (drivers/iommu/intel/iommu.c, gregkh/linux@362f34fba309536598a02bc0541ccaeae2bc9052;
 *       {@code dmar_domain_attach_device()} takes this path when scalable mode is not supported): TT, the second-stage
 *       root (SLPTPTR), FPD, P in lo; AW and DID in hi. DID is its cache tag.</li>
 * </ul>
 * Layout, used bits and what they rest on: docs/entry-formats.md section 6; the orderings and findings:
 * docs/vtd-context.md.
 *
 * <p>Invariants: {@link #usedBits} reads only P (and, in legacy mode, TT): a non-present entry uses P alone; a present
 * one every field the hardware reads in its mode. The hardware fetches the entry in one 128-bit read (the default
 * chunk); the {@code strict-64} what-if reader fetches lo and hi separately. The CPU writes it as two 64-bit stores, so
 * the fetch is not atomic with respect to the writer (c1e4f1dccbe9): with plain stores the compiler may order the two
 * halves either way, and the 128-bit read can see one half new and the other old.
 */
public final class VtdContext extends TableFormat {
    /** A context entry is 128 bits: {@code struct context_entry { u64 lo; u64 hi; }}. */
    public static final int QWORDS = 2;

    /** The table mode the root-table address register selects; the entry itself does not say. */
    public enum Mode { SCALABLE, LEGACY }

    /** Legacy TT values ({@code CONTEXT_TT_*} in iommu.h); 3 is reserved. */
    public static final long TT_MULTI_LEVEL = 0, TT_DEV_IOTLB = 1, TT_PASS_THROUGH = 2;

    /** Linux's DID for the legacy pass-through (identity) context entry ({@code FLPT_DEFAULT_DID}). */
    public static final long FLPT_DEFAULT_DID = 1;

    // both modes, lo
    public static final Field P = Field.bit("P", 0, 0);
    public static final Field FPD = Field.bit("FPD", 0, 1);

    // scalable mode, lo (context_set_sm_dte, context_set_pasid, context_set_sm_pre, context_pdts)
    public static final Field DTE = Field.bit("DTE", 0, 2);
    public static final Field PASIDE = Field.bit("PASIDE", 0, 3);
    public static final Field PRE = Field.bit("PRE", 0, 4);
    /** PASID directory size: 2^(PDTS + 7) directory entries. */
    public static final Field PDTS = new Field("PDTS", 0, 11, 9);
    /** PASID directory pointer: address bits 63:12 in place (4 KiB aligned). */
    public static final Field PASIDDIRPTR = Field.address("PASIDDIRPTR", 0, 63, 12);
    // scalable mode, hi (context_set_sm_rid2pasid; RID_PRIV is the specification's, the driver never sets it)
    public static final Field RID_PASID = new Field("RID_PASID", 1, 19, 0);
    public static final Field RID_PRIV = Field.bit("RID_PRIV", 1, 20);

    // legacy mode, lo (context_set_translation_type, context_set_address_root)
    public static final Field TT = new Field("TT", 0, 3, 2).named(Map.of(
            TT_MULTI_LEVEL, "MULTI_LEVEL", TT_DEV_IOTLB, "DEV_IOTLB", TT_PASS_THROUGH, "PASS_THROUGH"));
    /** Second-stage page-table root ("address space root"): address bits 63:12 in place. */
    public static final Field SLPTPTR = Field.address("SLPTPTR", 0, 63, 12);
    // legacy mode, hi (context_set_address_width, context_set_domain_id)
    public static final Field AW = new Field("AW", 1, 2, 0);
    /** Software-available bits: the hardware ignores them. */
    public static final Field AVAIL = new Field("AVAIL", 1, 6, 3);
    public static final Field DID = new Field("DID", 1, 23, 8);

    private static final List<Field> SCALABLE_FIELDS = List.of(P, FPD, DTE, PASIDE, PRE, PDTS, PASIDDIRPTR, RID_PASID, RID_PRIV);
    private static final List<Field> LEGACY_FIELDS = List.of(P, FPD, TT, SLPTPTR, AW, AVAIL, DID);

    private static final long PTR_MAX = 0xffff_ffff_ffff_f000L;
    private static final long PAGE = 4096;

    private static final ConfigKind CLEAR = new ConfigKind("ctx-clear",
            "cleared entry, all zero (P=0): context_clear_entry(), the boot state of a context table", List.of(),
            v -> Entry.zero(QWORDS));

    private static final List<ConfigKind> SCALABLE_KINDS = List.of(CLEAR,
            new ConfigKind("ctx-sm", "scalable-mode entry pointing at the device's PASID directory:"
                    + " context_entry_set_pasid_table()", List.of(
                    pointer("pasiddir", "PASID directory address, 4 KiB aligned", 0x100000, PTR_MAX, PAGE),
                    value("pdts", "PASID directory size: 2^(pdts+7) entries (context_get_sm_pds)", 0, 7),
                    flag("dte", "device-TLB enable, when the device supports ATS (info->ats_supported)", false),
                    flag("paside", "PASID enable, when the device supports PASID (info->pasid_supported)", true),
                    flag("pre", "page-request enable, when the device supports PRI (info->pri_supported)", false),
                    value("rid_pasid", "the PASID used for requests without one; the driver writes IOMMU_NO_PASID, 0",
                            0, 0xfffff)),
                    VtdContext::scalableEntry));

    private static final List<ConfigKind> LEGACY_KINDS = List.of(CLEAR,
            new ConfigKind("ctx-legacy", "legacy-mode entry with a second-stage table: domain_context_mapping_one()",
                    List.of(did(2),
                            pointer("root", "second-stage page-table root, 4 KiB aligned", 0x100000, PTR_MAX, PAGE),
                            aw(),
                            flag("ats", "TT=DEV_IOTLB instead of MULTI_LEVEL, when the device supports ATS", false)),
                    VtdContext::legacyEntry),
            new ConfigKind("ctx-pt", "legacy-mode pass-through (identity): context_setup_pass_through()",
                    List.of(did(FLPT_DEFAULT_DID), aw()), VtdContext::passThrough));

    private final Mode mode;

    private VtdContext(Mode mode, String name, String title, List<Field> fields, List<ConfigKind> kinds, String catalogue) {
        super(name, title, QWORDS, fields, P, 128, kinds, catalogue);
        this.mode = mode;
    }

    /** {@code vtd-context}: the scalable-mode context entry. */
    public static VtdContext scalable() {
        return new VtdContext(Mode.SCALABLE, "vtd-context", "Intel VT-d scalable-mode context entry (128 bits)",
                SCALABLE_FIELDS, SCALABLE_KINDS, """
                cleared      ctx-clear
                table-a      ctx-sm:pasiddir=0x100000,pdts=0
                table-b      ctx-sm:pasiddir=0x200000,pdts=3
                table-a-ats  ctx-sm:pasiddir=0x100000,pdts=0,dte=1,pre=1
                no-pasid     ctx-sm:pasiddir=0x100000,pdts=0,paside=0
                """);
    }

    /** {@code vtd-context-legacy}: the legacy-mode context entry. */
    public static VtdContext legacy() {
        return new VtdContext(Mode.LEGACY, "vtd-context-legacy", "Intel VT-d legacy-mode context entry (128 bits)",
                LEGACY_FIELDS, LEGACY_KINDS, """
                cleared      ctx-clear
                sl-a         ctx-legacy:did=2,root=0x100000
                sl-b         ctx-legacy:did=2,root=0x200000
                sl-did3      ctx-legacy:did=3,root=0x300000
                sl-ats       ctx-legacy:did=2,root=0x100000,ats=1
                pt           ctx-pt
                """);
    }

    /** Which of the two layouts this format is. */
    public Mode mode() {
        return mode;
    }

    @Override
    public Platform platform() {
        return Platform.X86;
    }

    /** Legacy mode: DID. Scalable mode: none, the DIDs are in the PASID entries the directory leads to. */
    @Override
    public Optional<Field> cacheTagField() {
        return mode == Mode.LEGACY ? Optional.of(DID) : Optional.empty();
    }

    /** {@link #usedBits} reads P, and in legacy mode TT. */
    @Override
    public Entry usedBitsDependOn() {
        return mode == Mode.LEGACY ? mask(P, TT) : mask(P);
    }

    /**
     * P=0: P alone. Scalable mode, P=1: every field (docs/entry-formats.md 6.2). Legacy mode, P=1: P, FPD, TT, AW, DID,
     * and SLPTPTR unless TT=PASS_THROUGH; a reserved TT (3) uses every bit (any observation of it is torn).
     */
    @Override
    public Entry usedBits(Entry e) {
        if (P.get(e) == 0) return mask(P);
        if (mode == Mode.SCALABLE) return mask(P, FPD, DTE, PASIDE, PRE, PDTS, PASIDDIRPTR, RID_PASID, RID_PRIV);
        long tt = TT.get(e);
        if (tt == TT_MULTI_LEVEL || tt == TT_DEV_IOTLB) return mask(P, FPD, TT, SLPTPTR, AW, DID);
        if (tt == TT_PASS_THROUGH) return mask(P, FPD, TT, AW, DID);
        return ones();
    }

    /** VT-d fetches a context entry as one 128-bit read; what if it read lo and hi separately? */
    @Override
    public List<Integer> whatIfChunkBits() {
        return List.of(64);
    }

    // --- configuration kinds: what the driver writes ---

    private static ConfigKind.Param did(long dflt) {
        return value("did", "domain id, the IOTLB tag (legacy mode only)", dflt, 0xffff);
    }

    private static ConfigKind.Param aw() {
        return value("aw", "address width / AGAW: 2 = 48-bit 4-level, 3 = 57-bit 5-level", 2, 7);
    }

    private static Entry scalableEntry(Map<String, Long> v) {
        Entry e = PASIDDIRPTR.set(Entry.zero(QWORDS), v.get("pasiddir") >>> PASIDDIRPTR.lo());
        e = PDTS.set(e, v.get("pdts"));
        e = RID_PASID.set(e, v.get("rid_pasid"));
        e = DTE.set(e, v.get("dte"));
        e = PASIDE.set(e, v.get("paside"));
        e = PRE.set(e, v.get("pre"));
        return P.set(e, 1);                                  // context_set_fault_enable leaves FPD 0
    }

    private static Entry legacyEntry(Map<String, Long> v) {
        Entry e = DID.set(Entry.zero(QWORDS), v.get("did"));
        e = SLPTPTR.set(e, v.get("root") >>> SLPTPTR.lo());
        e = AW.set(e, v.get("aw"));
        e = TT.set(e, v.get("ats") == 1 ? TT_DEV_IOTLB : TT_MULTI_LEVEL);
        return P.set(e, 1);
    }

    private static Entry passThrough(Map<String, Long> v) {
        Entry e = DID.set(Entry.zero(QWORDS), v.get("did"));
        e = AW.set(e, v.get("aw"));
        e = TT.set(e, TT_PASS_THROUGH);
        return P.set(e, 1);
    }
}
