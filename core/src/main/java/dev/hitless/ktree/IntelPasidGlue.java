package dev.hitless.ktree;

import dev.hitless.entry.Entry;
import dev.hitless.format.Field;
import dev.hitless.format.VtdPasid;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.hitless.format.VtdPasid.AW;
import static dev.hitless.format.VtdPasid.DID;
import static dev.hitless.format.VtdPasid.EAFE;
import static dev.hitless.format.VtdPasid.FSPM;
import static dev.hitless.format.VtdPasid.FSPTPTR;
import static dev.hitless.format.VtdPasid.P;
import static dev.hitless.format.VtdPasid.PGSNP;
import static dev.hitless.format.VtdPasid.PGTT;
import static dev.hitless.format.VtdPasid.PWSNP;
import static dev.hitless.format.VtdPasid.SRE;
import static dev.hitless.format.VtdPasid.SSADE;
import static dev.hitless.format.VtdPasid.SSPTPTR;
import static dev.hitless.format.VtdPasid.WPE;

/**
 * {@code intel-pasid} on a tree without the entry_sync library (Linux 6.10 and later): the glue around the tree's own
 * PASID write paths of {@code drivers/iommu/intel/pasid.[ch]}. {@code hitless_writer(entry, target)} calls, by the
 * live entry's P and the target's P and PGTT, the tree's function for the case:
 * <ul>
 *   <li>a present target over a present entry: {@code intel_pasid_replace_first_level()}, {@code _second_level()},
 *       {@code _nested()} or {@code _pass_through()} (Linux 6.14 to 6.19: the new entry built on the stack by
 *       {@code pasid_pte_config_*()}, then {@code *pte = new_pte} under {@code iommu->lock}, then
 *       {@code intel_pasid_flush_present()}). A tree without them (6.10 to 6.13, and the 2026 trees that removed
 *       them) does what the kernel does then: {@code intel_pasid_tear_down_entry()}, then the set-up function, a
 *       breaking update;</li>
 *   <li>a present target over an entry that is not: {@code intel_pasid_setup_first_level()}, {@code _second_level()},
 *       {@code _nested()} or {@code _pass_through()};</li>
 *   <li>a target that is not present: {@code intel_pasid_tear_down_entry()}, with {@code fault_ignore} when the
 *       target is FPD alone.</li>
 * </ul>
 * Every argument is derived from the target, and the tree's own {@code pasid_pte_config_*()} and
 * {@code pasid_set_*()} build the entry from them: FSPTPTR (a {@code phys_addr_t}, or a {@code pgd_t *} whose
 * {@code __pa()} is that address), the DID and the live entry's (the old DID), the flags {@code PASID_FLAG_FL5LP}
 * for FSPM=1, {@code PASID_FLAG_PAGE_SNOOP} for PGSNP and, where the tree has it, {@code PASID_FLAG_PWSNP} for PWSNP;
 * AW as the IOMMU's {@code agaw} and the domain's; the IOMMU's ECAP.SMPWC (page-walk snoop) as PWSNP; a
 * {@code struct dmar_domain} with the target's SSPTPTR (its {@code pgd}, and the 2026 generic page table's
 * {@code ssptptr}), AW, SSADE ({@code dirty_tracking}), PGSNP ({@code force_snooping}) and DID
 * ({@code domain_id_iommu()}), and for nested its first stage ({@code s1_cfg}: FSPTPTR, 4- or 5-level, SRE, WPE,
 * EAFE). The one value no argument carries is pass-through's DID, always {@code FLPT_DEFAULT_DID} (1): {@link #writes}
 * leaves other pass-through entries out, with the other entries no set-up function writes.
 *
 * <p>The prelude stands in for what the functions reach through the driver's structures ({@code intel/iommu.h},
 * the iommufd uapi, the generic page table): the live entry ({@code intel_pasid_get_entry()}), {@code struct
 * intel_iommu} with its lock, capabilities and flush ops, and the invalidations, each recorded as a sync of its kind
 * ({@link dev.hitless.plan.SyncKind}): the PASID cache ({@code pasid_cache_invalidation_with_pasid()}: entry), the
 * PASID-based and domain-selective IOTLB ({@code qi_flush_piotlb()}, {@code qi_flush_piotlb_all()},
 * {@code iommu->flush.flush_iotlb()}: iotlb), the device TLB ({@code devtlb_invalidation_with_pasid()}: devtlb, ATS
 * on). The hardware it describes: coherent (no clflush), every translation type and 5-level paging supported, and
 * in caching mode: the reader model lets the IOMMU keep any entry it fetched, a not-present one included, until an
 * entry sync, which is what caching mode means, so the tree's set-up flushes the PASID cache and the IOTLB after it
 * sets P ({@code pasid_flush_caches()}); without caching mode it flushes nothing, and every set-up would be
 * reported as leaving a stale copy that real hardware, which does not cache not-present entries then, never keeps.
 */
final class IntelPasidGlue {
    private IntelPasidGlue() {
    }

    /**
     * {@code intel-pasid} on a tree without the entry_sync library: the tree's own PASID set-up, replace and
     * tear-down. {@link KernelTree#driverIn} chooses it.
     */
    static final Driver DRIVER = new Driver("intel-pasid", "vtd-pasid",
            "Intel VT-d scalable-mode PASID entry: the tree's own intel_pasid_setup_*(), intel_pasid_replace_*() (6.14-6.19;"
                    + " without them tear-down then set-up) and intel_pasid_tear_down_entry(), on a tree without entry_sync (Linux 6.10 and later)",
            List.of("drivers/iommu/intel/pasid.h", "drivers/iommu/intel/pasid.c"), List.of(), List.of(),
            Driver.config("CONFIG_X86", "CONFIG_X86_64", "CONFIG_INTEL_IOMMU"), IntelPasidGlue::parts, IntelPasidGlue::writes,
            IntelPasidGlue.WRITES_NOTE);

    /** What {@link #writes} allows, for the report. */
    static final String WRITES_NOTE = "it writes what intel_pasid_setup_*() write: a cleared entry (FPD alone after a tear-down"
            + " with fault_ignore) and first-stage, second-stage, nested and pass-through entries with no other field (no FPD,"
            + " SSEE, ERE, NXE, SMEP or memory type; 4- or 5-level first stage; pass-through with DID 1, FLPT_DEFAULT_DID)";

    /** The entries the tree's functions write (both ends of a checked transition): see {@link #WRITES_NOTE}. */
    static boolean writes(Entry e) {
        Entry zero = Entry.zero(VtdPasid.QWORDS);
        if (P.get(e) == 0) return e.equals(zero) || e.equals(VtdPasid.FPD.set(zero, 1));
        long pgtt = PGTT.get(e);
        List<Field> fields = pgtt == VtdPasid.PGTT_FL ? List.of(P, AW, PGTT, DID, PWSNP, PGSNP, FSPTPTR, FSPM)
                : pgtt == VtdPasid.PGTT_SL ? List.of(P, AW, PGTT, SSPTPTR, DID, PWSNP, SSADE)
                : pgtt == VtdPasid.PGTT_NESTED ? List.of(P, AW, PGTT, SSADE, SSPTPTR, DID, PWSNP, PGSNP, FSPTPTR, FSPM, WPE, EAFE, SRE)
                : pgtt == VtdPasid.PGTT_PT ? List.of(P, AW, PGTT, DID, PWSNP) : List.of();
        Entry only = zero;
        for (Field f : fields) only = f.set(only, f.get(e));
        return !fields.isEmpty() && only.equals(e) && FSPM.get(e) <= 1 && (WPE.get(e) == 0 || SRE.get(e) == 1)
                && (pgtt != VtdPasid.PGTT_PT || DID.get(e) == VtdPasid.FLPT_DEFAULT_DID);
    }

    /**
     * A function the glue calls: its parameters by name, in order (one list per shape the versions have had), and
     * the shape for the message when the tree's has another. {@code fsptptr} stands for a {@code phys_addr_t fsptptr}
     * or a {@code pgd_t *pgd}.
     */
    private record Fn(String name, List<List<String>> params, String shape) {
        Fn(String name, String shape, String... params) {
            this(name, List.of(List.of(params)), shape);
        }
    }

    private static final String IOMMU = "struct intel_iommu *iommu, ", DEV = "struct device *dev, ";

    private static final List<Fn> SET_UP = List.of(
            new Fn("intel_pasid_setup_first_level", IOMMU + DEV + "phys_addr_t fsptptr (or pgd_t *pgd), u32 pasid, u16 did, int flags",
                    "iommu", "dev", "fsptptr", "pasid", "did", "flags"),
            new Fn("intel_pasid_setup_second_level", IOMMU + "struct dmar_domain *domain, " + DEV + "u32 pasid",
                    "iommu", "domain", "dev", "pasid"),
            new Fn("intel_pasid_setup_nested", IOMMU + DEV + "u32 pasid, struct dmar_domain *domain",
                    "iommu", "dev", "pasid", "domain"),
            new Fn("intel_pasid_setup_pass_through", List.of(List.of("iommu", "dev", "pasid"), List.of("iommu", "domain", "dev", "pasid")),
                    IOMMU + DEV + "u32 pasid (before 6.11 also struct dmar_domain *domain after iommu)"));

    private static final List<Fn> REPLACE = List.of(
            new Fn("intel_pasid_replace_first_level", IOMMU + DEV + "phys_addr_t fsptptr (or pgd_t *pgd), u32 pasid, u16 did, u16 old_did, int flags",
                    "iommu", "dev", "fsptptr", "pasid", "did", "old_did", "flags"),
            new Fn("intel_pasid_replace_second_level", IOMMU + "struct dmar_domain *domain, " + DEV + "u16 old_did, u32 pasid",
                    "iommu", "domain", "dev", "old_did", "pasid"),
            new Fn("intel_pasid_replace_nested", IOMMU + DEV + "u32 pasid, u16 old_did, struct dmar_domain *domain",
                    "iommu", "dev", "pasid", "old_did", "domain"),
            new Fn("intel_pasid_replace_pass_through", IOMMU + DEV + "u16 old_did, u32 pasid",
                    "iommu", "dev", "old_did", "pasid"));

    private static final Fn TEAR_DOWN = new Fn("intel_pasid_tear_down_entry", IOMMU + DEV + "u32 pasid, bool fault_ignore",
            "iommu", "dev", "pasid", "fault_ignore");

    private static final Pattern NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(\\[[^\\]]*\\]\\s*)*$");

    /**
     * The call of {@code f} with hitless_writer()'s variables as its arguments, matched by parameter name, or one line
     * naming the function and the shape expected.
     */
    private static String call(Extraction x, Driver d, Fn f) {
        String shape = f.name() + "(" + f.shape() + "), as in Linux 6.10 to 6.19";
        Definition def = Driver.function(x, d, f.name(), shape);
        String sig = def.signature() == null ? "" : def.signature().replaceAll("^\\(|\\)$", "").strip();
        List<String> names = new ArrayList<>(), args = new ArrayList<>();
        for (String p : sig.isEmpty() || sig.equals("void") ? new String[0] : sig.split(",")) {
            Matcher m = NAME.matcher(p.strip());
            String n = m.find() ? m.group(1) : "";
            n = n.equals("pgd") ? "fsptptr" : n;
            names.add(n);
            args.add(switch (n) {
                case "iommu" -> "&iommu";
                case "dev" -> "NULL";
                case "domain" -> "&domain";
                case "pasid" -> "0";
                case "fsptptr" -> p.contains("*") ? "(pgd_t *)(unsigned long)fsptptr" : "fsptptr";
                default -> n; // did, old_did, flags, fault_ignore: hitless_writer()'s variables of these names
            });
        }
        if (!f.params().contains(names)) {
            throw new KernelTreeException(x.fileOf(def) + ":" + def.line() + ": " + f.name() + java.util.Objects.toString(def.signature(), "()")
                    + " has a shape hitless does not know: expected " + shape);
        }
        return f.name() + "(" + String.join(", ", args) + ")";
    }

    /** The names the prelude defines: never taken from the tree. */
    private static final Set<String> OVERRIDES = Set.of("intel_pasid_get_entry", "pasid_cache_invalidation_with_pasid",
            "devtlb_invalidation_with_pasid", "qi_flush_piotlb", "qi_flush_piotlb_all", "clflush_cache_range",
            "iommu_flush_write_buffer", "intel_iommu_drain_pasid_prq", "domain_id_iommu", "__pa", "virt_to_phys",
            "pt_iommu_vtdss_hw_info", "PT_FEAT_DMA_INCOHERENT", "VTD_PAGE_SHIFT", "VTD_PAGE_SIZE", "VTD_PAGE_MASK",
            "ADDR_WIDTH_5LEVEL", "ADDR_WIDTH_4LEVEL", "IOMMU_NO_PASID", "FLPT_DEFAULT_DID", "DMA_TLB_DSI_FLUSH", "IOMMU_VTD_S1_SRE",
            "IOMMU_VTD_S1_EAFE", "IOMMU_VTD_S1_WPE", "ecap_coherent", "ecap_flts", "ecap_slts", "ecap_nest", "ecap_srs",
            "ecap_eafs", "ecap_smpwc", "cap_fl5lp_support", "cap_5lp_support", "cap_caching_mode", "phys_addr_t",
            "ioasid_t", "pgd_t", "pr_err_ratelimited", "pr_warn_ratelimited", "dev_err_ratelimited", "struct intel_iommu",
            "struct dmar_domain", "struct iommu_hwpt_vtd_s1", "struct pt_iommu_vtdss_hw_info", "struct dma_pte");

    private static final String PRELUDE = """
            /* hitless glue: what the PASID functions reach through the driver's structures (intel/iommu.h, the iommufd
             * uapi, the generic page table), for one device, PASID 0, on hardware that is coherent, in caching
             * mode and supports every translation type and 5-level paging */
            typedef u64 phys_addr_t;
            typedef u32 ioasid_t;
            typedef struct { unsigned long pgd; } pgd_t;
            struct dma_pte;
            #define __pa(x) ((unsigned long)(x))
            #define virt_to_phys(x) ((unsigned long)(x))
            #define VTD_PAGE_SHIFT 12
            #define VTD_PAGE_SIZE (1UL << VTD_PAGE_SHIFT)
            #define VTD_PAGE_MASK (((u64)-1) << VTD_PAGE_SHIFT)
            #define ADDR_WIDTH_5LEVEL (57)
            #define ADDR_WIDTH_4LEVEL (48)
            #define IOMMU_NO_PASID 0U
            /* the DID of first-stage-only and pass-through entries (pasid.h before 6.16, then iommu.h) */
            #define FLPT_DEFAULT_DID 1
            #define DMA_TLB_DSI_FLUSH 0
            #define ecap_coherent(e) 1
            #define ecap_flts(e) 1
            #define ecap_slts(e) 1
            #define ecap_nest(e) 1
            #define ecap_srs(e) 1
            #define ecap_eafs(e) 1
            /* ECAP.SMPWC, page-walk snoop: hitless_writer() sets it as the target's PWSNP */
            #define ecap_smpwc(e) ((e) & 1)
            #define cap_fl5lp_support(c) 1
            #define cap_5lp_support(c) 1
            /* caching mode: the IOMMU may cache not-present entries (as the reader model's sticky reader does), so
             * a set-up flushes the PASID cache and the IOTLB (pasid_flush_caches()) */
            #define cap_caching_mode(c) 1
            #define pr_err_ratelimited(...) pr_err(__VA_ARGS__)
            #define pr_warn_ratelimited(...) pr_warn(__VA_ARGS__)
            #define dev_err_ratelimited(...) dev_err(__VA_ARGS__)

            struct intel_iommu {
            	spinlock_t lock;
            	u64 cap, ecap;
            	int agaw;
            	int node;
            	const char *name;
            	struct {
            		void (*flush_iotlb)(struct intel_iommu *iommu, u16 did, u64 addr, unsigned int size_order, u64 type);
            	} flush;
            };

            enum { IOMMU_VTD_S1_SRE = 1 << 0, IOMMU_VTD_S1_EAFE = 1 << 1, IOMMU_VTD_S1_WPE = 1 << 2 };
            struct iommu_hwpt_vtd_s1 {
            	u64 flags;
            	u64 pgtbl_addr;
            	u32 addr_width;
            	u32 __reserved;
            };

            /* a second-stage domain's generic page table (2026): its pointer and width, and whether walks snoop */
            #define PT_FEAT_DMA_INCOHERENT 0
            struct pt_iommu_vtdss_hw_info {
            	u64 ssptptr;
            	u8 aw;
            };
            struct hitless_glue_sspt {
            	struct {
            		struct {
            			unsigned int features;
            		} common;
            	} vtdss_pt;
            	struct pt_iommu_vtdss_hw_info info;
            };
            #define pt_iommu_vtdss_hw_info(pt, out) (*(out) = (pt)->info)

            struct dmar_domain {
            	struct dma_pte *pgd;
            	int agaw;
            	bool dirty_tracking;
            	bool force_snooping;
            	struct iommu_hwpt_vtd_s1 s1_cfg;
            	struct dmar_domain *s2_domain;
            	struct hitless_glue_sspt sspt;
            	u16 did;
            };
            #define domain_id_iommu(domain, iommu) ((domain)->did)

            /* the live entry, and the invalidations, each recorded as a sync of its kind */
            static __le64 *hitless_glue_entry;
            #define intel_pasid_get_entry(dev, pasid) ((void)(dev), (void)(pasid), (struct pasid_entry *)hitless_glue_entry)
            /* PASID-cache invalidation and its wait descriptor */
            #define pasid_cache_invalidation_with_pasid(iommu, did, pasid) ((void)(iommu), (void)(did), (void)(pasid), hitless_sync("entry"))
            /* PASID-based IOTLB invalidation */
            #define qi_flush_piotlb(iommu, did, pasid, addr, npages, ih) ((void)(iommu), (void)(did), (void)(pasid), hitless_sync("iotlb"))
            #define qi_flush_piotlb_all(iommu, did, pasid) ((void)(iommu), (void)(did), (void)(pasid), hitless_sync("iotlb"))
            /* device-TLB invalidation: ATS is on */
            #define devtlb_invalidation_with_pasid(iommu, dev, pasid) ((void)(iommu), (void)(dev), (void)(pasid), hitless_sync("devtlb"))
            #define clflush_cache_range(addr, size) ((void)(addr), (void)(size))
            #define iommu_flush_write_buffer(iommu) ((void)(iommu))
            /* page requests, not the entry */
            #define intel_iommu_drain_pasid_prq(dev, pasid) ((void)(dev), (void)(pasid))

            /* domain-selective IOTLB invalidation (iommu->flush.flush_iotlb) */
            static void hitless_glue_flush_iotlb(struct intel_iommu *iommu, u16 did, u64 addr, unsigned int size_order, u64 type)
            {
            	(void)iommu, (void)did, (void)addr, (void)size_order, (void)type;
            	hitless_sync("iotlb");
            }
            """;

    /** The glue: the tree's set-up, replace (where it has them) and tear-down functions, called by the case. */
    static Driver.Parts parts(Extraction x, Driver d) {
        List<String> roots = new ArrayList<>();
        List<String> setUp = new ArrayList<>();
        for (Fn f : SET_UP) {
            setUp.add(call(x, d, f));
            roots.add(f.name());
        }
        String tearDown = call(x, d, TEAR_DOWN);
        roots.add(TEAR_DOWN.name());
        boolean replaces = REPLACE.stream().anyMatch(f -> x.function(f.name()).isPresent());
        String present;
        if (replaces) {
            List<String> replace = new ArrayList<>();
            for (Fn f : REPLACE) {
                replace.add(call(x, d, f));
                roots.add(f.name());
            }
            present = """
                    	if (was_present) {
                    		/* the tree's replace: the new entry built on the stack, *pte = new_pte, then flushed */
                    		WARN_ON(%s);
                    		return;
                    	}
                    """.formatted(byType(replace, "\t\t"));
        } else {
            present = """
                    	/* no replace in this tree: tear down, then set up, as the kernel does without it (before 6.14, since 2026) */
                    	if (was_present)
                    		%s;
                    """.formatted(tearDown);
        }
        String code = """
                void hitless_writer(__le64 *entry, const __le64 *target)
                {
                	struct intel_iommu iommu = { .flush.flush_iotlb = hitless_glue_flush_iotlb };
                	struct dmar_domain domain = { 0 }, s2_domain = { 0 };
                	u64 t0 = target[0], t1 = target[1], t2 = target[2];
                	bool was_present = entry[0] & 1, present = t0 & 1;
                	bool fault_ignore = !present && (t0 & 2);		/* FPD */
                	u16 did = t1 & 0xffff, old_did = entry[1] & 0xffff;	/* DID */
                	u64 fsptptr = t2 & GENMASK_ULL(63, 12), ssptptr = t0 & GENMASK_ULL(63, 12);
                	unsigned int pgtt = (t0 >> 6) & 7;			/* PGTT */
                	int flags = 0;

                	(void)old_did;
                	hitless_glue_entry = entry;
                	iommu.agaw = (t0 >> 2) & 7;				/* AW */
                	iommu.ecap = (t1 >> 23) & 1;				/* PWSNP as ECAP.SMPWC */
                #ifdef PASID_FLAG_FL5LP
                	if ((t2 >> 2) & 3)					/* FSPM: 5-level */
                		flags |= PASID_FLAG_FL5LP;
                #endif
                #ifdef PASID_FLAG_PAGE_SNOOP
                	if ((t1 >> 24) & 1)					/* PGSNP */
                		flags |= PASID_FLAG_PAGE_SNOOP;
                #endif
                #ifdef PASID_FLAG_PWSNP
                	if ((t1 >> 23) & 1)					/* PWSNP */
                		flags |= PASID_FLAG_PWSNP;
                #endif
                	/* the second stage: its table, width, dirty tracking, snooping and DID */
                	s2_domain.pgd = (struct dma_pte *)(unsigned long)ssptptr;
                	s2_domain.agaw = iommu.agaw;
                	s2_domain.dirty_tracking = (t0 >> 9) & 1;		/* SSADE */
                	s2_domain.force_snooping = (t1 >> 24) & 1;		/* PGSNP */
                	s2_domain.did = did;
                	s2_domain.sspt.info.ssptptr = ssptptr;
                	s2_domain.sspt.info.aw = iommu.agaw;
                	s2_domain.sspt.vtdss_pt.common.features = iommu.ecap ? 0 : BIT(PT_FEAT_DMA_INCOHERENT);
                	/* second stage: that domain; nested: a first stage over it */
                	domain = s2_domain;
                	domain.s2_domain = &s2_domain;
                	domain.s1_cfg.pgtbl_addr = fsptptr;
                	domain.s1_cfg.addr_width = ((t2 >> 2) & 3) ? ADDR_WIDTH_5LEVEL : ADDR_WIDTH_4LEVEL;
                	domain.s1_cfg.flags = ((t2 & 1) ? IOMMU_VTD_S1_SRE : 0) |	/* SRE */
                			      ((t2 >> 4) & 1 ? IOMMU_VTD_S1_WPE : 0) |	/* WPE */
                			      ((t2 >> 7) & 1 ? IOMMU_VTD_S1_EAFE : 0);	/* EAFE */

                	if (!present) {
                		%s;
                		return;
                	}
                %s	/* a new entry over one that is not present: the tree's set-up */
                	WARN_ON(%s);
                }
                """.formatted(tearDown, present, byType(setUp, "\t"));
        return new Driver.Parts(roots, PRELUDE, OVERRIDES, code);
    }

    /** The calls (first stage, second stage, nested, pass-through) as one expression chosen by PGTT, -EINVAL for another. */
    private static String byType(List<String> calls, String indent) {
        return "pgtt == 1 ? " + calls.get(0) + " :\t/* PASID_ENTRY_PGTT_FL_ONLY */\n"
                + indent + "\tpgtt == 2 ? " + calls.get(1) + " :\t/* PASID_ENTRY_PGTT_SL_ONLY */\n"
                + indent + "\tpgtt == 3 ? " + calls.get(2) + " :\t/* PASID_ENTRY_PGTT_NESTED */\n"
                + indent + "\tpgtt == 4 ? " + calls.get(3) + " :\t/* PASID_ENTRY_PGTT_PT */\n"
                + indent + "\t-EINVAL";
    }
}
