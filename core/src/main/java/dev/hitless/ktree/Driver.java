package dev.hitless.ktree;

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
            new Driver("riscv-dc", "riscv-dc", "RISC-V IOMMU device context: riscv_iommu_iodir_update() (2024-2026)",
                    List.of(RISCV_DIR + "iommu-bits.h", RISCV_DIR + "iommu.c"), List.of(), List.of(),
                    config("CONFIG_RISCV", "CONFIG_RISCV_IOMMU"), Driver::riscvDc,
                    // tc.V, ta.PSCID (bits 31:12) and fsc: all riscv_iommu_iodir_update() writes
                    e -> (e.qword(0) & ~1L) == 0 && e.qword(1) == 0 && (e.qword(2) & ~0xfffff000L) == 0,
                    "it writes fsc, ta.PSCID and tc.V only: no second stage (iohgatp), no process directory (tc.PDTV), no QoS IDs"));

    /**
     * {@code intel-pasid} on a tree without the entry_sync library: the tree's own PASID set-up, replace and
     * tear-down ({@link IntelPasidGlue}); {@link #forTree} chooses it.
     */
    static final Driver INTEL_PASID_OWN = new Driver("intel-pasid", "vtd-pasid",
            "Intel VT-d scalable-mode PASID entry: the tree's own intel_pasid_setup_*(), intel_pasid_replace_*() (6.14-6.19;"
                    + " without them tear-down then set-up) and intel_pasid_tear_down_entry(), on a tree without entry_sync (Linux 6.10 and later)",
            List.of("drivers/iommu/intel/pasid.h", "drivers/iommu/intel/pasid.c"), List.of(), List.of(),
            config("CONFIG_X86", "CONFIG_X86_64", "CONFIG_INTEL_IOMMU"), IntelPasidGlue::parts, IntelPasidGlue::writes,
            IntelPasidGlue.WRITES_NOTE);

    /**
     * The driver as the tree at {@code tree} (as the user typed it) has it: {@code intel-pasid} on a tree with
     * neither file of the entry_sync library is {@link #INTEL_PASID_OWN}; every other driver is itself.
     */
    public Driver forTree(String tree) {
        if (!name.equals(INTEL_PASID_OWN.name()) || wholeFiles.isEmpty()) return this;
        try {
            java.nio.file.Path root = java.nio.file.Path.of(tree);
            for (String f : wholeFiles) if (java.nio.file.Files.exists(root.resolve(f))) return this;
        } catch (java.nio.file.InvalidPathException e) {
            return this; // KernelTree.prepare says what is wrong with the name
        }
        return INTEL_PASID_OWN;
    }

    /** Names hitless models as formats but takes no writer of from a tree yet, with the reason. */
    public static final Map<String, String> NOT_YET = Map.of(
            "vtd-context", "the context entry is written by several functions of intel/iommu.c and pasid.c");

    public static final String NAMES = "arm-smmu-v3-ste, arm-smmu-v3-cd, intel-pasid, amd-dte, riscv-dc";

    public static Driver named(String name) {
        for (Driver d : ALL) if (d.name().equals(name)) return d;
        String why = NOT_YET.get(name);
        if (why != null) {
            throw new KernelTreeException("--driver " + name + ": not supported from a kernel tree yet (" + why
                    + "); supported: " + NAMES + " (copy the writer into a file for c-check FILE instead)");
        }
        throw new KernelTreeException("--driver: expected one of " + NAMES + ", found '" + name + "'");
    }

    private static Map<String, String> config(String... on) {
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
}
