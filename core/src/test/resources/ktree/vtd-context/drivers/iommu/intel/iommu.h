/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake Intel VT-d driver header for hitless's tests, written from scratch in the kernel's style: the context entry
 * (docs/entry-formats.md section 6) and its helpers as Linux has them since the 2026 clear-P-first fix, around them
 * structures full of kernel types that the context-entry functions only reach through pointers.
 */
#ifndef _INTEL_IOMMU_H_
#define _INTEL_IOMMU_H_

#include <linux/types.h>
#include <linux/iommu.h>
#include <linux/xarray.h>
#include <linux/generic_pt/iommu.h>

/* VT-d tables and pages are 4 KiB whatever the CPU's page size. */
#define VTD_PAGE_SHIFT		(12)
#define VTD_PAGE_SIZE		(1UL << VTD_PAGE_SHIFT)
#define VTD_PAGE_MASK		(((u64)-1) << VTD_PAGE_SHIFT)

/* Legacy-mode translation types (TT, context entry bits 3:2) */
#define CONTEXT_TT_MULTI_LEVEL	0
#define CONTEXT_TT_DEV_IOTLB	1
#define CONTEXT_TT_PASS_THROUGH	2
/* Scalable mode: PASID enable, lo bit 3 */
#define CONTEXT_PASIDE		BIT_ULL(3)

/* Register offsets: not used by the entry writers */
#define DMAR_VER_REG		0x00
#define DMAR_CAP_REG		0x08
#define DMAR_ECAP_REG		0x10
#define DMAR_GCMD_REG		0x18
#define DMAR_RTADDR_REG		0x20
#define DMAR_CCMD_REG		0x28

/* Capability register fields */
#define cap_ndoms(c)		(((unsigned long)1) << (4 + 2 * ((c) & 0x7)))
#define cap_rwbf(c)		(((c) >> 4) & 1)
#define cap_caching_mode(c)	(((c) >> 7) & 1)
#define cap_sagaw(c)		(((c) >> 8) & 0x1f)
#define cap_mgaw(c)		((((c) >> 16) & 0x3f) + 1)

/* Extended capability register fields */
#define ecap_coherent(e)	((e) & 0x1)
#define ecap_qis(e)		((e) & 0x2)
#define ecap_pass_through(e)	(((e) >> 6) & 0x1)
#define ecap_smts(e)		(((e) >> 43) & 0x1)

/* Context-cache invalidation: granularity, function mask */
#define DMA_CCMD_ICC		(((u64)1) << 63)
#define DMA_CCMD_GLOBAL_INVL	(((u64)1) << 61)
#define DMA_CCMD_DOMAIN_INVL	(((u64)2) << 61)
#define DMA_CCMD_DEVICE_INVL	(((u64)3) << 61)
#define DMA_CCMD_MASK_NOBIT	0

/* IOTLB invalidation granularity */
#define DMA_TLB_GLOBAL_FLUSH	(((u64)1) << 60)
#define DMA_TLB_DSI_FLUSH	(((u64)2) << 60)
#define DMA_TLB_PSI_FLUSH	(((u64)3) << 60)

/* PASID-cache invalidation granularity */
#define QI_PC_ALL_PASIDS	0
#define QI_PC_PASID_SEL		1
#define QI_PC_GLOBAL		3

/*
 * Root entry: the context-table pointers of one bus, lower and upper
 * half of the devfn space in scalable mode.
 */
struct root_entry {
	u64	lo;
	u64	hi;
};

/*
 * Context entry, 128 bits.
 * Legacy mode: lo: P, FPD, TT, second-stage root; hi: AW, AVAIL, DID.
 * Scalable mode: lo: P, FPD, DTE, PASIDE, PRE, PDTS, PASID directory; hi: RID_PASID, RID_PRIV.
 */
struct context_entry {
	u64 lo;
	u64 hi;
};

struct dmar_domain;

/* The invalidation interface: register based or queued */
struct iommu_flush {
	void (*flush_context)(struct intel_iommu *iommu, u16 did, u16 sid,
			      u8 fm, u64 type);
	void (*flush_iotlb)(struct intel_iommu *iommu, u16 did, u64 addr,
			    unsigned int size_order, u64 type);
};

struct intel_iommu {
	void __iomem	*reg;		/* register base */
	u64		reg_phys;
	u64		cap;
	u64		ecap;
	u32		gcmd;
	raw_spinlock_t	register_lock;
	int		seq_id;
	int		agaw;		/* AGAW the driver uses */
	int		msagaw;		/* largest AGAW the hardware supports */
	unsigned int	irq;
	const char	*name;
	struct root_entry *root_entry;	/* virtual address */
	unsigned long	*copied_tables;	/* kdump: entries inherited from the old kernel */
	spinlock_t	lock;		/* protects the context tables */
	struct ida	domain_ida;
	struct mutex	did_lock;
	struct iommu_flush flush;
	struct q_inval	*qi;
	struct iommu_device iommu;
	int		node;
#ifdef CONFIG_INTEL_IOMMU_DEBUGFS
	struct dentry	*debugfs;
#endif
};

/* A device behind a VT-d unit */
struct device_domain_info {
	struct list_head link;
	u32 segment;
	u8 bus;
	u8 devfn;
	u16 pfsid;
	u8 pasid_supported:3;
	u8 pasid_enabled:1;
	u8 pri_supported:1;
	u8 pri_enabled:1;
	u8 ats_supported:1;
	u8 ats_enabled:1;
	u8 ats_qdep;
	struct device *dev;
	struct intel_iommu *iommu;
	struct dmar_domain *domain;
	struct pasid_table *pasid_table;
	struct rb_node node;
};

struct iommu_domain_info {
	struct intel_iommu *iommu;
	unsigned int refcnt;
	u16 did;
};

struct dmar_domain {
	u8 nid;
	u8 has_iotlb_device:1;
	u8 dirty_tracking:1;
	spinlock_t lock;
	struct list_head devices;
	struct xarray iommu_array;
	union {
		/* second-stage (legacy or scalable) paging, on the generic page table */
		struct pt_iommu_vtdss sspt;
		struct pt_iommu_x86_64 fspt;
	};
	struct iommu_domain domain;
};

/* Domain IDs 0 and 1 are reserved; 1 tags the identity and first-stage entries. */
#define FLPT_DEFAULT_DID		1
#define IDA_START_DID			2

static inline u16
domain_id_iommu(struct dmar_domain *domain, struct intel_iommu *iommu)
{
	struct iommu_domain_info *info =
			xa_load(&domain->iommu_array, iommu->seq_id);

	return info->did;
}

extern const struct iommu_domain_ops intel_ss_paging_domain_ops;

static inline bool intel_domain_is_ss_paging(struct dmar_domain *domain)
{
	return domain->domain.ops == &intel_ss_paging_domain_ops;
}

static inline void
__iommu_flush_cache(struct intel_iommu *iommu, void *addr, int size)
{
	if (!ecap_coherent(iommu->ecap))
		clflush_cache_range(addr, size);
}

/* A second-stage page-table entry */
struct dma_pte {
	u64 val;
};

static inline bool context_present(struct context_entry *context)
{
	return (context->lo & 1);
}

/*
 * Hand the entry to the hardware: every other field must be visible
 * before P is (VT-d spec 6.5.3.3).
 */
static inline void context_set_present(struct context_entry *context)
{
	u64 val;

	dma_wmb();
	val = READ_ONCE(context->lo) | 1;
	WRITE_ONCE(context->lo, val);
}

/*
 * Take the entry back from the hardware: P alone, in one store, visible
 * before anything that follows. The caller then invalidates the context
 * cache, the IOTLB and the device TLB before it touches the other fields.
 */
static inline void context_clear_present(struct context_entry *context)
{
	u64 val;

	val = READ_ONCE(context->lo) & GENMASK_ULL(63, 1);
	WRITE_ONCE(context->lo, val);
	dma_wmb();
}

/* FPD is "fault processing disable": clearing it enables fault reports */
static inline void context_set_fault_enable(struct context_entry *context)
{
	context->lo &= (((u64)-1) << 2) | 1;
}

static inline void context_set_translation_type(struct context_entry *context,
						unsigned long value)
{
	context->lo &= (((u64)-1) << 4) | 3;
	context->lo |= (value & 3) << 2;
}

static inline void context_set_address_root(struct context_entry *context,
					    unsigned long value)
{
	context->lo &= ~VTD_PAGE_MASK;
	context->lo |= value & VTD_PAGE_MASK;
}

static inline void context_set_address_width(struct context_entry *context,
					     unsigned long value)
{
	context->hi |= value & 7;
}

static inline void context_set_domain_id(struct context_entry *context,
					 unsigned long value)
{
	context->hi |= (value & ((1 << 16) - 1)) << 8;
}

static inline void context_set_pasid(struct context_entry *context)
{
	context->lo |= CONTEXT_PASIDE;
}

static inline int context_domain_id(struct context_entry *c)
{
	return (c->hi >> 8) & 0xffff;
}

static inline void context_clear_entry(struct context_entry *context)
{
	context->lo = 0;
	context->hi = 0;
}

#ifdef CONFIG_INTEL_IOMMU
static inline bool context_copied(struct intel_iommu *iommu, u8 bus, u8 devfn)
{
	if (!iommu->copied_tables)
		return false;

	return test_bit(((long)bus << 8) | devfn, iommu->copied_tables);
}

static inline void
clear_context_copied(struct intel_iommu *iommu, u8 bus, u8 devfn)
{
	clear_bit(((long)bus << 8) | devfn, iommu->copied_tables);
}
#else
/* without the driver nothing is ever copied: a definition that must not be taken */
#define context_copied(iommu, bus, devfn)	this is not C
#endif /* CONFIG_INTEL_IOMMU */

/* Scalable mode: the PASID used for requests without one (RID_PASID, hi 19:0) */
static inline void
context_set_sm_rid2pasid(struct context_entry *context, unsigned long pasid)
{
	context->hi |= pasid & ((1 << 20) - 1);
}

/* Scalable mode: device-TLB enable (DTE, lo bit 2) */
static inline void context_set_sm_dte(struct context_entry *context)
{
	context->lo |= BIT_ULL(2);
}

/* Scalable mode: page-request enable (PRE, lo bit 4) */
static inline void context_set_sm_pre(struct context_entry *context)
{
	context->lo |= BIT_ULL(4);
}

/* PASID directory size, encoded for the PDTS field (lo 11:9) */
#define context_pdts(pds)	(((pds) & 0x7) << 9)

struct context_entry *iommu_context_addr(struct intel_iommu *iommu, u8 bus,
					 u8 devfn, int alloc);
void iommu_flush_write_buffer(struct intel_iommu *iommu);
void intel_context_flush_no_pasid(struct device_domain_info *info,
				  struct context_entry *context, u16 did);
int domain_attach_iommu(struct dmar_domain *domain, struct intel_iommu *iommu);
void device_block_translation(struct device *dev);

#endif /* _INTEL_IOMMU_H_ */
