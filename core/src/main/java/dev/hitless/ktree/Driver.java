package dev.hitless.ktree;

import dev.hitless.format.VtdContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A driver whose entry writer hitless takes from a kernel tree: its files, the functions that make up its writer,
 * the default configuration its {@code #if} blocks are read under, and the glue hitless writes itself (the ops
 * struct the driver builds around the writer, with a sync that records, and the entry point the harness calls).
 *
 * @param name what {@code --driver} names
 * @param format the entry format its writer writes (a {@code --format} name)
 * @param files the files the writer's definitions are taken from, paths inside the tree, headers first
 * @param optional those of {@code files} read only when the tree has them (a header that moved between versions)
 * @param wholeFiles library files compiled whole, before the taken definitions (their own {@code #include}s of
 *     kernel headers get empty stand-ins), or none
 * @param config the macros defined before every file (and for the compiler), the documented default configuration:
 *     see {@link #CONFIG}
 * @param glue the roots to take and the glue's C, given what the files define; a shape hitless does not know is a
 *     {@link KernelTreeException} naming the function and what was expected
 * @param writes the entries the driver's writer can write (a transition is checked when it can write both ends),
 *     and {@code writesNote} says which those are; null for every entry of the format
 */
public record Driver(String name, String format, String about, List<String> files, List<String> optional,
                     List<String> wholeFiles, Map<String, String> config, Glue glue,
                     java.util.function.Predicate<dev.hitless.entry.Entry> writes, String writesNote) {

    Driver(String name, String format, String about, List<String> files, List<String> optional, List<String> wholeFiles,
           Map<String, String> config, Glue glue) {
        this(name, format, about, files, optional, wholeFiles, config, glue, null, null);
    }

    /** Whether the driver's writer can write {@code e} (see {@link #writes}). */
    public boolean canWrite(dev.hitless.entry.Entry e) {
        return writes == null || writes.test(e);
    }

    /** What to take from the tree and the C hitless adds. */
    public interface Glue {
        Parts parts(Extraction x, Driver d);
    }

    /**
     * What to take and what to add.
     *
     * @param roots function names and {@code struct X} tags to take
     * @param prelude C before the taken definitions: stand-ins for what the writer reaches through the driver's
     *     structures (its device table, its command queue), each named in {@code overrides}
     * @param overrides names the prelude defines, never taken from the tree
     * @param code the glue, C after the taken definitions
     */
    public record Parts(List<String> roots, String prelude, java.util.Set<String> overrides, String code) {
        Parts(List<String> roots, String code) {
            this(roots, "", java.util.Set.of(), code);
        }
    }

    /** The configuration of every driver: a 64-bit kernel without KUnit. */
    static final Map<String, String> CONFIG = Map.of("CONFIG_64BIT", "1", "CONFIG_IOMMU_API", "1", "CONFIG_IOMMU_SUPPORT", "1");

    static final String SMMU_DIR = "drivers/iommu/arm/arm-smmu-v3/", AMD_DIR = "drivers/iommu/amd/", RISCV_DIR = "drivers/iommu/riscv/";

    /** tc.V, ta.PSCID (bits 31:12) and fsc: all riscv_iommu_iodir_update() writes. */
    private static final java.util.function.Predicate<dev.hitless.entry.Entry> RISCV_WRITES =
            e -> (e.qword(0) & ~1L) == 0 && e.qword(1) == 0 && (e.qword(2) & ~0xfffff000L) == 0;
    private static final String RISCV_WRITES_NOTE =
            "it writes fsc, ta.PSCID and tc.V only: no second stage (iohgatp), no process directory (tc.PDTV), no QoS IDs";

    /** Every driver, in the order {@code --help} lists them. */
    public static final List<Driver> ALL = List.of(
            new Driver("arm-smmu-v3-ste", "smmu-ste", "ARM SMMUv3 stream table entry: arm_smmu_write_entry() with arm_smmu_get_ste_used() (and arm_smmu_get_ste_update_safe() where the tree has it), Linux 6.10 or later",
                    List.of(SMMU_DIR + "arm-smmu-v3.h", SMMU_DIR + "arm-smmu-v3.c"), List.of(), List.of(), config("CONFIG_ARM64", "CONFIG_ARM_SMMU_V3"),
                    (x, d) -> smmu(x, d, "arm_smmu_get_ste_used", "arm_smmu_get_ste_update_safe", "STRTAB_STE_0_V", "CFGI_STE")),
            new Driver("arm-smmu-v3-cd", "smmu-cd", "ARM SMMUv3 context descriptor: arm_smmu_write_entry() with arm_smmu_get_cd_used(), Linux 6.10 or later",
                    List.of(SMMU_DIR + "arm-smmu-v3.h", SMMU_DIR + "arm-smmu-v3.c"), List.of(), List.of(), config("CONFIG_ARM64", "CONFIG_ARM_SMMU_V3"),
                    (x, d) -> smmu(x, d, "arm_smmu_get_cd_used", "arm_smmu_get_cd_update_safe", "CTXDESC_CD_0_V", "CFGI_CD")),
            new Driver("intel-pasid", "vtd-pasid", "Intel VT-d scalable-mode PASID entry: the entry_sync library's entry_sync_write128() with intel_pasid_get_used() (2026)",
                    List.of("drivers/iommu/intel/pasid.h", "drivers/iommu/intel/pasid.c"), List.of(),
                    List.of("drivers/iommu/entry_sync.h", "drivers/iommu/entry_sync.c"),
                    config("CONFIG_X86", "CONFIG_X86_64", "CONFIG_INTEL_IOMMU", "CONFIG_IOMMU_ENTRY_SYNC128"), Driver::intelPasid),
            new Driver("amd-dte", "amd-dte", "AMD-Vi device table entry: update_dte256() as amd_iommu_update_dte() and set_dte_entry() call it (2024-2026)",
                    List.of(AMD_DIR + "amd_iommu_types.h", AMD_DIR + "amd_iommu.h", AMD_DIR + "iommu.c"), List.of(AMD_DIR + "amd_iommu.h"), List.of(),
                    config("CONFIG_X86", "CONFIG_X86_64", "CONFIG_AMD_IOMMU"), Driver::amdDte),
            riscv("riscv-dc", "RISC-V IOMMU device context", RISCV_WRITES, RISCV_WRITES_NOTE),
            // the extended format (capabilities.MSI_FLAT): the same function and glue, the same first four doublewords;
            // the MSI page table's doublewords (msiptp, msi_addr_mask, msi_addr_pattern) are written by nobody here
            riscv("riscv-dc-ext", "RISC-V IOMMU device context, extended format (MSI_FLAT)",
                    RISCV_WRITES.and(e -> e.qword(4) == 0 && e.qword(5) == 0 && e.qword(6) == 0 && e.qword(7) == 0),
                    RISCV_WRITES_NOTE + ", no MSI page table (msiptp)"),
            vtdContext(), vtdContextLegacy());

    public static final String NAMES = "arm-smmu-v3-ste, arm-smmu-v3-cd, intel-pasid, amd-dte, riscv-dc, riscv-dc-ext, vtd-context, vtd-context-legacy";

    public static Driver named(String name) {
        for (Driver d : ALL) if (d.name().equals(name)) return d;
        throw new KernelTreeException("--driver: expected one of " + NAMES + ", found '" + name + "'");
    }

    /** A RISC-V device-context driver: riscv_iommu_iodir_update() of {@code iommu.c}, on {@code format}. */
    private static Driver riscv(String format, String what, java.util.function.Predicate<dev.hitless.entry.Entry> writes, String note) {
        return new Driver(format, format, what + ": riscv_iommu_iodir_update() (2024-2026)",
                List.of(RISCV_DIR + "iommu-bits.h", RISCV_DIR + "iommu.c"), List.of(), List.of(),
                config("CONFIG_RISCV", "CONFIG_RISCV_IOMMU"), Driver::riscvDc, writes, note);
    }

    static Map<String, String> config(String... on) {
        Map<String, String> m = new LinkedHashMap<>(CONFIG);
        for (String s : on) m.put(s, "1");
        return Map.copyOf(m);
    }

    /** The file of the driver's list that messages name for a missing function: the last (the .c). */
    private String mainFile() {
        return files.getLast();
    }

    /** A function the writer needs, or one line naming it and the shape expected. */
    private static Definition require(Extraction x, Driver d, String fn, String shape, int params, String firstParam) {
        Definition def = function(x, d, fn, shape);
        String sig = def.signature() == null ? "" : def.signature();
        int n = sig.replaceAll("^\\(|\\)$", "").isBlank() ? 0 : sig.split(",").length;
        if (n != params || firstParam != null && !sig.contains(firstParam)) {
            throw new KernelTreeException(x.fileOf(def) + ":" + def.line() + ": " + fn + sig + " has a shape hitless does not know: expected " + shape);
        }
        return def;
    }

    /** A function the writer needs, whatever its parameters, or one line naming it and the shape expected. */
    static Definition function(Extraction x, Driver d, String fn, String shape) {
        Optional<Definition> f = x.function(fn);
        if (f.isEmpty()) {
            throw new KernelTreeException(d.mainFile() + ": no function " + fn + "(): expected " + shape);
        }
        return f.get();
    }

    private static Parts smmu(Extraction x, Driver d, String used, String safe, String vBit, String cfgi) {
        require(x, d, "arm_smmu_write_entry", "arm_smmu_write_entry(struct arm_smmu_entry_writer *writer, __le64 *entry, const __le64 *target), the SMMUv3 entry writer of Linux 6.10 or later",
                3, "arm_smmu_entry_writer");
        require(x, d, used, used + "(const __le64 *ent, __le64 *used_bits), the used-bits function", 2, "__le64");
        List<String> ops = x.members("arm_smmu_entry_writer_ops");
        if (!ops.contains("get_used") || !ops.contains("sync")) {
            throw new KernelTreeException(SMMU_DIR + "arm-smmu-v3.h: struct arm_smmu_entry_writer_ops has members " + ops
                    + ": expected get_used and sync (Linux 6.10 or later)");
        }
        List<String> roots = new ArrayList<>(List.of("arm_smmu_write_entry", used, "struct arm_smmu_entry_writer", "struct arm_smmu_entry_writer_ops"));
        StringBuilder init = new StringBuilder("\t.get_used = " + used + ",\n");
        if (ops.contains("get_update_safe") && x.function(safe).isPresent()) {
            require(x, d, safe, safe + "(const __le64 *cur, const __le64 *target, __le64 *safe_bits), the update-safe function", 3, "__le64");
            roots.add(safe);
            init.append("\t.get_update_safe = ").append(safe).append(",\n");
        }
        if (ops.contains("v_bit")) init.append("\t.v_bit = cpu_to_le64(").append(vBit).append("),\n");
        init.append("\t.sync = hitless_glue_sync,\n");
        return new Parts(roots, """
                /* The driver's sync issues %s and CMD_SYNC: recorded as an entry sync. */
                static void hitless_glue_sync(struct arm_smmu_entry_writer *writer)
                {
                	(void)writer;
                	hitless_sync("entry");
                }

                static const struct arm_smmu_entry_writer_ops hitless_glue_ops = {
                %s};

                void hitless_writer(__le64 *entry, const __le64 *target)
                {
                	struct arm_smmu_entry_writer writer = { .ops = &hitless_glue_ops };

                	arm_smmu_write_entry(&writer, entry, target);
                }
                """.formatted(cfgi, init));
    }

    private static Parts intelPasid(Extraction x, Driver d) {
        require(x, d, "intel_pasid_get_used", "intel_pasid_get_used(const u128 *entry, u128 *used), the PASID entry's used bits for the entry_sync writer (2026)",
                2, "u128");
        return new Parts(List.of("intel_pasid_get_used"), """
                /* The driver's sync flushes the PASID cache, the IOTLB and the device TLB as the entry's state asks: an entry sync. */
                static void hitless_glue_sync(struct entry_sync_writer128 *writer)
                {
                	(void)writer;
                	hitless_sync("entry");
                }

                static const struct entry_sync_writer_ops128 hitless_glue_ops = {
                	.get_used = intel_pasid_get_used,
                	.sync = hitless_glue_sync,
                };

                void hitless_writer(__le64 *entry, const __le64 *target)
                {
                	/* 512 bits in four 128-bit quanta, P in quantum 0, as intel_pasid_write() sets it up */
                	struct entry_sync_writer128 writer = { .ops = &hitless_glue_ops, .num_quantas = 4, .vbit_quanta = 0 };
                	u128 memory[3 * 4];

                	entry_sync_write128(&writer, (u128 *)entry, (const u128 *)target, memory, sizeof(memory));
                }
                """);
    }

    /**
     * AMD-Vi: {@code update_dte256(iommu, dev_data, new)} finds the live DTE through {@code get_dev_table(iommu)} and
     * {@code dev_data->devid} and flushes it with {@code iommu_flush_dte_sync()}: the prelude stands in for those
     * (the live entry, a device at index 0, an entry sync); the glue does what {@code amd_iommu_update_dte()} and
     * {@code set_dte_entry()} do after it, as {@code c/examples/amd_update_dte256.c} does.
     */
    private static Parts amdDte(Extraction x, Driver d) {
        require(x, d, "update_dte256", "update_dte256(struct amd_iommu *iommu, struct iommu_dev_data *dev_data, struct dev_table_entry *new), the 256-bit DTE writer of 2024-2026",
                3, "amd_iommu");
        return new Parts(List.of("update_dte256", "struct dev_table_entry"), """
                /* hitless glue: what update_dte256() reaches through the driver's structures */
                struct amd_iommu;
                struct iommu_dev_data {
                	u16 devid;
                	spinlock_t dte_lock;
                };
                static __le64 *hitless_glue_entry;
                #define get_dev_table(iommu) ((struct dev_table_entry *)hitless_glue_entry)
                /* INVALIDATE_DEVTAB_ENTRY and COMPLETION_WAIT */
                #define iommu_flush_dte_sync(iommu, devid) hitless_sync("entry")
                """, java.util.Set.of("get_dev_table", "iommu_flush_dte_sync", "struct iommu_dev_data", "struct amd_iommu"), """
                void hitless_writer(__le64 *entry, const __le64 *target)
                {
                	struct iommu_dev_data dev_data = { 0 };
                	struct dev_table_entry new;
                	u64 old_domid = READ_ONCE(entry[1]) & GENMASK_ULL(15, 0);	/* DomainID */

                	memcpy(&new, target, sizeof(new));
                	hitless_glue_entry = entry;
                	update_dte256(NULL, &dev_data, &new);
                	/* amd_iommu_update_dte(): device_flush_dte() and amd_iommu_completion_wait() */
                	hitless_sync("entry");
                	/* set_dte_entry(): the old DomainID's IOTLB, when the new entry translates (TV) */
                	if ((target[0] & BIT_ULL(1)) && old_domid)
                		hitless_sync("iotlb");
                }
                """);
    }

    /**
     * RISC-V: {@code riscv_iommu_iodir_update(iommu, dev, fsc, ta)} finds the device context through the device's
     * fwspec and {@code riscv_iommu_get_dc()} and sends IODIR.INVAL_DDT and IOFENCE.C through the command queue: the
     * prelude stands in for those (one device ID, the live entry, a sync of the entry and its translations, as
     * {@code c/examples/riscv_iodir.c}); the glue passes the target's fsc and its ta with tc.V, as the attach
     * functions do.
     */
    private static Parts riscvDc(Extraction x, Driver d) {
        require(x, d, "riscv_iommu_iodir_update", "riscv_iommu_iodir_update(struct riscv_iommu_device *iommu, struct device *dev, u64 fsc, u64 ta), the device-context writer of 2024-2026",
                4, "riscv_iommu_device");
        return new Parts(List.of("riscv_iommu_iodir_update", "struct riscv_iommu_dc"), """
                /* hitless glue: what riscv_iommu_iodir_update() reaches through the driver's structures */
                struct riscv_iommu_device;
                struct device;
                struct iommu_fwspec {
                	unsigned int num_ids;
                	u32 ids[1];
                };
                static struct iommu_fwspec hitless_glue_fwspec = { 1, { 0 } };
                static __le64 *hitless_glue_entry;
                #define dev_iommu_fwspec_get(dev) (&hitless_glue_fwspec)
                #define riscv_iommu_get_dc(iommu, devid) ((struct riscv_iommu_dc *)hitless_glue_entry)
                #define riscv_iommu_cmd_send(iommu, cmd) ((void)(cmd))
                /* IOFENCE.C after IODIR.INVAL_DDT (and, since 2026, IOTINVAL) */
                #define riscv_iommu_cmd_sync(iommu, timeout) hitless_sync("entry+iotlb")
                """, java.util.Set.of("dev_iommu_fwspec_get", "riscv_iommu_get_dc", "riscv_iommu_cmd_send", "riscv_iommu_cmd_sync",
                "struct riscv_iommu_device", "struct iommu_fwspec", "struct device"), """
                void hitless_writer(__le64 *entry, const __le64 *target)
                {
                	/* base format: tc, iohgatp, ta, fsc; the attach functions pass ta with tc.V in bit 0 */
                	hitless_glue_entry = entry;
                	riscv_iommu_iodir_update(NULL, NULL, target[3], target[2] | (target[0] & 1));
                }
                """);
    }

    // --- VT-d context entry (issue 22): one driver per table mode, as one format per mode ---

    static final String INTEL_DIR = "drivers/iommu/intel/";

    /**
     * {@code vtd-context}: the scalable-mode context entry, written by {@code pasid.c} (set up when the device is
     * probed, torn down when it is released). A driver per table mode, not one driver with a mode option: the mode
     * is the IOMMU's (RTADDR.SMT), not the entry's, so the two are two formats ({@link VtdContext}); they are written
     * by different functions of different files; and {@code --driver} names one format, as {@code arm-smmu-v3-ste} and
     * {@code arm-smmu-v3-cd} do on the files they share.
     */
    private static Driver vtdContext() {
        return new Driver("vtd-context", "vtd-context", "Intel VT-d scalable-mode context entry: device_pasid_table_teardown() and"
                + " device_pasid_table_setup() with context_entry_set_pasid_table() and the context_* helpers of iommu.h, before and"
                + " after the 2026 clear-P-first fix (2024-2026)",
                List.of(INTEL_DIR + "iommu.h", INTEL_DIR + "pasid.h", INTEL_DIR + "pasid.c"), List.of(), List.of(),
                config("CONFIG_X86", "CONFIG_X86_64", "CONFIG_INTEL_IOMMU"), Driver::vtdContextScalable,
                // lo without FPD (context_set_fault_enable() clears it) or reserved bits 8:5; hi 0: RID_PASID is IOMMU_NO_PASID
                e -> VtdContext.P.get(e) == 0 ? e.isZero() : (e.qword(0) & 0x1e2L) == 0 && e.qword(1) == 0,
                "it writes RID_PASID 0 (IOMMU_NO_PASID), FPD 0 and no RID_PRIV, as context_entry_set_pasid_table() does, and the cleared entry");
    }

    /** {@code vtd-context-legacy}: the legacy-mode context entry, written by {@code iommu.c} on every attach. */
    private static Driver vtdContextLegacy() {
        return new Driver("vtd-context-legacy", "vtd-context-legacy", "Intel VT-d legacy-mode context entry: domain_context_clear_one(),"
                + " then domain_context_mapping_one() or context_setup_pass_through(), with the context_* helpers of iommu.h, before"
                + " and after the 2026 clear-P-first fix (2024-2026)",
                List.of(INTEL_DIR + "iommu.h", INTEL_DIR + "iommu.c"), List.of(), List.of(),
                config("CONFIG_X86", "CONFIG_X86_64", "CONFIG_INTEL_IOMMU"), Driver::vtdContextLegacyGlue,
                // lo without FPD or reserved bits 11:4, hi with AW and DID only (no AVAIL), TT not reserved; pass-through with
                // the identity DID and no table, as context_setup_pass_through() writes it
                e -> VtdContext.P.get(e) == 0 ? e.isZero() : (e.qword(0) & 0xff2L) == 0 && (e.qword(1) & ~0xffff07L) == 0
                        && VtdContext.TT.get(e) != 3 && (VtdContext.TT.get(e) != VtdContext.TT_PASS_THROUGH
                        || VtdContext.SLPTPTR.get(e) == 0 && VtdContext.DID.get(e) == VtdContext.FLPT_DEFAULT_DID),
                "it writes what domain_context_mapping_one() and context_setup_pass_through() set (FPD 0, no AVAIL bits; pass-through"
                        + " with DID 1 and no SLPTPTR), and the cleared entry");
    }

    /**
     * What the context-entry functions of both modes reach through the driver's structures: one IOMMU, one device at
     * bus 0 devfn 0 with no alias, the live entry ({@code iommu_context_addr()}), what the target entry says where the
     * driver finds it (the domain's table, AGAW and DID; the device's ATS, PASID and PRI support; its PASID table).
     * The flushes record syncs: {@code intel_context_flush_no_pasid()} (the teardown's context-cache, PASID-cache,
     * IOTLB and device-TLB invalidation) an entry + IOTLB + device-TLB sync; {@code iommu->flush.flush_context} an
     * entry + IOTLB sync, with the {@code flush_iotlb} the driver issues right after it, as the built-in orderings count
     * it ({@code VtdContextOrdering}); where no {@code flush_iotlb} follows (a teardown that flushes by hand, the
     * context cache and then the device TLB), the IOTLB is counted all the same, which changes a cost, never a verdict:
     * the context-cache part, the one the reader sees, is where the driver issues it. The IOMMU caches non-present entries (caching mode, as a virtual IOMMU does),
     * so the set-up of a new entry is followed by that flush; without caching mode the driver flushes only the write
     * buffer there, and the sync would be missing. No kdump: no copied tables.
     */
    private static final String VTD_CONTEXT_PRELUDE = """
            /* hitless glue: what the context-entry functions reach through the driver's structures */
            struct device;
            struct context_entry;
            struct intel_iommu;
            struct iommu_flush {
            	void (*flush_context)(struct intel_iommu *iommu, u16 did, u16 source_id, u8 function_mask, u64 type);
            	void (*flush_iotlb)(struct intel_iommu *iommu, u16 did, u64 addr, unsigned int size_order, u64 type);
            };
            struct intel_iommu {
            	spinlock_t lock;
            	u64 cap;
            	u64 ecap;
            	struct iommu_flush flush;
            	unsigned long *copied_tables;
            	int agaw;
            	int msagaw;
            	int seq_id;
            	int node;
            	const char *name;
            };
            struct pasid_table {
            	void *table;
            	u32 max_pasid;
            };
            struct device_domain_info {
            	struct intel_iommu *iommu;
            	struct pasid_table *pasid_table;
            	struct device *dev;
            	u8 bus, devfn;
            	bool ats_supported;		/* legacy: TT DEV_IOTLB; scalable: DTE */
            	bool pasid_supported;		/* PASIDE */
            	bool pri_supported;		/* PRE */
            	bool ats_enabled;
            };
            struct dma_pte;
            struct pt_iommu_vtdss {
            	int unused;
            };
            struct pt_iommu_vtdss_hw_info {
            	u64 ssptptr;
            	u8 aw;
            };
            struct dmar_domain {
            	struct dma_pte *pgd;		/* the second-stage table, and its AGAW */
            	int agaw;
            	struct pt_iommu_vtdss sspt;	/* with the generic page table: the same, by pt_iommu_vtdss_hw_info() */
            	u16 did;			/* domain_id_iommu() */
            };

            /* iommu->flush.flush_context and the flush_iotlb the driver issues right after it: one sync */
            static bool hitless_glue_iotlb_in_sync;
            static void hitless_glue_flush_context(struct intel_iommu *iommu, u16 did, u16 source_id, u8 function_mask, u64 type)
            {
            	hitless_sync("entry+iotlb");
            	hitless_glue_iotlb_in_sync = true;
            }
            static void hitless_glue_flush_iotlb(struct intel_iommu *iommu, u16 did, u64 addr, unsigned int size_order, u64 type)
            {
            	if (!hitless_glue_iotlb_in_sync)
            		hitless_sync("iotlb");
            	hitless_glue_iotlb_in_sync = false;
            }

            static __le64 *hitless_glue_entry;
            static struct intel_iommu hitless_glue_iommu = {
            	.cap = BIT_ULL(7) | 6,		/* CM: caches non-present entries; ND 6: 16-bit domain IDs */
            	.ecap = BIT_ULL(0),		/* C: coherent, no clflush */
            	.flush = { hitless_glue_flush_context, hitless_glue_flush_iotlb },
            };
            static struct pasid_table hitless_glue_table;
            static struct device_domain_info hitless_glue_info = { .iommu = &hitless_glue_iommu, .pasid_table = &hitless_glue_table };

            static inline struct context_entry *iommu_context_addr(struct intel_iommu *iommu, u8 bus, u8 devfn, int alloc)
            {
            	return (struct context_entry *)hitless_glue_entry;
            }
            static inline void *dev_iommu_priv_get(struct device *dev)
            {
            	return &hitless_glue_info;
            }
            static inline struct device_domain_info *domain_lookup_dev_info(struct dmar_domain *domain, struct intel_iommu *iommu, u8 bus, u8 devfn)
            {
            	return &hitless_glue_info;
            }
            static inline u16 domain_id_iommu(struct dmar_domain *domain, struct intel_iommu *iommu)
            {
            	return domain->did;
            }
            static inline bool intel_domain_is_ss_paging(struct dmar_domain *domain)
            {
            	return true;
            }
            static inline u64 virt_to_phys(const volatile void *address)
            {
            	return (u64)(uintptr_t)address;
            }
            static inline void *phys_to_virt(u64 address)
            {
            	return (void *)(uintptr_t)address;
            }
            static inline void pt_iommu_vtdss_hw_info(struct pt_iommu_vtdss *sspt, struct pt_iommu_vtdss_hw_info *info)
            {
            	struct dmar_domain *domain = container_of(sspt, struct dmar_domain, sspt);

            	info->ssptptr = virt_to_phys(domain->pgd);
            	info->aw = domain->agaw;
            }
            static inline bool context_copied(struct intel_iommu *iommu, u8 bus, u8 devfn)
            {
            	return false;
            }
            static inline void set_context_copied(struct intel_iommu *iommu, u8 bus, u8 devfn)
            {
            }
            static inline void clear_context_copied(struct intel_iommu *iommu, u8 bus, u8 devfn)
            {
            }
            static inline void clflush_cache_range(void *addr, unsigned int size)
            {
            }
            /* a register write that drains the write buffer: no invalidation */
            static inline void iommu_flush_write_buffer(struct intel_iommu *iommu)
            {
            }
            #define assert_spin_locked(lock) ((void)(lock))
            #define PCI_DEVID(bus, devfn) ((((u16)(bus)) << 8) | (devfn))
            #define PCI_BUS_NUM(x) (((x) >> 8) & 0xff)
            #define PCI_SLOT(devfn) (((devfn) >> 3) & 0x1f)
            #define PCI_FUNC(devfn) ((devfn) & 0x07)
            #define IOMMU_NO_PASID 0U
            static inline unsigned long find_first_bit(const unsigned long *addr, unsigned long size)
            {
            	return *addr ? min((unsigned long)__builtin_ctzl(*addr), size) : size;
            }
            /* the teardown's context-cache, PASID-cache, IOTLB and device-TLB invalidation */
            static inline void intel_context_flush_no_pasid(struct device_domain_info *info, struct context_entry *context, u16 did)
            {
            	hitless_sync("entry+iotlb+devtlb");
            }
            /* its earlier name, with (did,) affect_domains after the entry */
            static inline void intel_context_flush_present(struct device_domain_info *info, struct context_entry *context, ...)
            {
            	hitless_sync("entry+iotlb+devtlb");
            }
            /* the kdump path's other flushes (not reached: no copied tables) */
            static inline void qi_flush_pasid_cache(struct intel_iommu *iommu, u16 did, u64 granu, u32 pasid)
            {
            	hitless_sync("entry");
            }
            static inline void devtlb_invalidation_with_pasid(struct intel_iommu *iommu, struct device *dev, u32 pasid)
            {
            	hitless_sync("devtlb");
            }
            """;

    /** The names {@link #VTD_CONTEXT_PRELUDE} defines, never taken from the tree. */
    private static final java.util.Set<String> VTD_CONTEXT_OVERRIDES = java.util.Set.of(
            "struct device", "struct intel_iommu", "struct iommu_flush", "struct pasid_table", "struct device_domain_info",
            "struct pt_iommu_vtdss", "struct pt_iommu_vtdss_hw_info", "struct dmar_domain",
            "iommu_context_addr", "dev_iommu_priv_get", "domain_lookup_dev_info", "domain_id_iommu", "intel_domain_is_ss_paging",
            "virt_to_phys", "phys_to_virt", "pt_iommu_vtdss_hw_info", "context_copied", "set_context_copied", "clear_context_copied",
            "clflush_cache_range", "iommu_flush_write_buffer", "assert_spin_locked", "PCI_DEVID", "PCI_BUS_NUM", "PCI_SLOT",
            "PCI_FUNC", "IOMMU_NO_PASID", "find_first_bit", "intel_context_flush_no_pasid", "intel_context_flush_present",
            "qi_flush_pasid_cache", "devtlb_invalidation_with_pasid");

    /**
     * Scalable mode: the entry is torn down when the device is released ({@code intel_pasid_teardown_sm_context()}:
     * {@code device_pasid_table_teardown()}) and set up when it is probed ({@code intel_pasid_setup_sm_context()}:
     * {@code device_pasid_table_setup()}, which calls {@code context_entry_set_pasid_table()}).
     */
    private static Parts vtdContextScalable(Extraction x, Driver d) {
        String dev = "(struct device *dev, u8 bus, u8 devfn)";
        require(x, d, "device_pasid_table_teardown", "device_pasid_table_teardown" + dev + ", the scalable-mode context-entry teardown of 2024-2026", 3, "device");
        require(x, d, "device_pasid_table_setup", "device_pasid_table_setup" + dev + ", the scalable-mode context-entry set-up of 2024-2026", 3, "device");
        require(x, d, "context_entry_set_pasid_table", "context_entry_set_pasid_table(struct context_entry *context, struct device *dev),"
                + " which device_pasid_table_setup() calls", 2, "context_entry");
        return new Parts(List.of("device_pasid_table_teardown", "device_pasid_table_setup", "struct context_entry"),
                VTD_CONTEXT_PRELUDE, VTD_CONTEXT_OVERRIDES, """
                /*
                 * As the driver makes the transition: a present entry is torn down when the device is released (for its one
                 * alias), a new one set up when it is probed, from what the target says where the driver finds it: the PASID
                 * directory (PASIDDIRPTR) and its size (PDTS) in the device's PASID table, DTE, PASIDE and PRE in what the
                 * device supports (ATS, PASID, PRI).
                 */
                void hitless_writer(__le64 *entry, const __le64 *target)
                {
                	u64 lo = le64_to_cpu(target[0]);

                	if (entry[0] == target[0] && entry[1] == target[1])
                		return;
                	hitless_glue_entry = entry;
                	hitless_glue_iotlb_in_sync = false;
                	if (le64_to_cpu(entry[0]) & BIT_ULL(0))
                		device_pasid_table_teardown(NULL, 0, 0);
                	hitless_glue_iotlb_in_sync = false;
                	if (!(lo & BIT_ULL(0)))
                		return;
                	hitless_glue_table.table = phys_to_virt(lo & ~0xfffULL);
                	/* 2^(PDTS + 7) directory entries of 64 PASIDs each */
                	hitless_glue_table.max_pasid = 1U << (((lo >> 9) & 7) + 7 + 6);
                	hitless_glue_info.ats_supported = !!(lo & BIT_ULL(2));
                	hitless_glue_info.pasid_supported = !!(lo & BIT_ULL(3));
                	hitless_glue_info.pri_supported = !!(lo & BIT_ULL(4));
                	device_pasid_table_setup(NULL, 0, 0);
                	hitless_glue_iotlb_in_sync = false;
                }
                """);
    }

    /**
     * Legacy mode: a present entry is torn down ({@code device_block_translation()}: {@code domain_context_clear_one()})
     * before the next domain is attached ({@code dmar_domain_attach_device()}: {@code domain_context_mapping_one()}, or
     * for the identity domain {@code context_setup_pass_through()}).
     */
    private static Parts vtdContextLegacyGlue(Extraction x, Driver d) {
        require(x, d, "domain_context_clear_one", "domain_context_clear_one(struct device_domain_info *info, u8 bus, u8 devfn),"
                + " the legacy-mode context-entry teardown of 2024-2026", 3, "device_domain_info");
        require(x, d, "domain_context_mapping_one", "domain_context_mapping_one(struct dmar_domain *domain, struct intel_iommu *iommu,"
                + " u8 bus, u8 devfn), the legacy-mode context-entry set-up of 2024-2026", 4, "dmar_domain");
        require(x, d, "context_setup_pass_through", "context_setup_pass_through(struct device *dev, u8 bus, u8 devfn), the"
                + " pass-through set-up of 2024-2026", 3, "device");
        return new Parts(List.of("domain_context_clear_one", "domain_context_mapping_one", "context_setup_pass_through", "struct context_entry"),
                VTD_CONTEXT_PRELUDE, VTD_CONTEXT_OVERRIDES, """
                /*
                 * As the driver makes the transition: a present entry is torn down before the next domain is attached (for the
                 * device's one alias), then the new one is set up from what the target says where the driver finds it: the
                 * second-stage table (SLPTPTR), its AGAW (AW) and DID in the domain, ATS (TT DEV_IOTLB) in the device; a
                 * pass-through entry (TT PASS_THROUGH) has the IOMMU's largest AGAW (msagaw) and the identity DID.
                 */
                void hitless_writer(__le64 *entry, const __le64 *target)
                {
                	u64 lo = le64_to_cpu(target[0]), hi = le64_to_cpu(target[1]);
                	u64 tt = (lo >> 2) & 3;
                	struct dmar_domain domain = {
                		.pgd = phys_to_virt(lo & ~0xfffULL),
                		.agaw = hi & 7,
                		.did = (hi >> 8) & 0xffff,
                	};

                	if (entry[0] == target[0] && entry[1] == target[1])
                		return;
                	hitless_glue_entry = entry;
                	hitless_glue_iotlb_in_sync = false;
                	if (le64_to_cpu(entry[0]) & BIT_ULL(0))
                		domain_context_clear_one(&hitless_glue_info, 0, 0);
                	hitless_glue_iotlb_in_sync = false;
                	if (!(lo & BIT_ULL(0)))
                		return;
                	hitless_glue_info.ats_supported = tt == 1;
                	hitless_glue_iommu.msagaw = hi & 7;
                	if (tt == 2)
                		context_setup_pass_through(NULL, 0, 0);
                	else
                		domain_context_mapping_one(&domain, &hitless_glue_iommu, 0, 0);
                	hitless_glue_iotlb_in_sync = false;
                }
                """);
    }
}
