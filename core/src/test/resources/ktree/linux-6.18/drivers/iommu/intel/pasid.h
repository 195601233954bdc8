/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake Intel VT-d PASID header of the Linux 6.18 shape, for hitless's tests, written from scratch in the kernel's
 * style: the scalable-mode PASID entry (docs/entry-formats.md section 1), its field accessors and the prototypes of
 * the set-up, replace and tear-down functions of pasid.c. No entry_sync library in this tree.
 */
#ifndef __INTEL_PASID_H
#define __INTEL_PASID_H

#define PASID_MAX			0x100000
#define PASID_PTE_MASK			0x3F
#define PASID_PTE_PRESENT		1
#define PASID_PTE_FPD			2
#define PDE_PFN_MASK			PAGE_MASK
#define PASID_PDE_SHIFT			6
#define MAX_NR_PASID_BITS		20

/* The DID first-stage and pass-through entries share, and the DIDs reserved below it */
#define FLPT_DEFAULT_DID		1
#define NUM_RESERVED_DID		2

/* What the callers of intel_pasid_setup_first_level() ask for */
#define PASID_FLAG_PAGE_SNOOP		BIT(1)
#define PASID_FLAG_FL5LP		BIT(2)

/* PASID granular translation type */
#define PASID_ENTRY_PGTT_FL_ONLY	(1)
#define PASID_ENTRY_PGTT_SL_ONLY	(2)
#define PASID_ENTRY_PGTT_NESTED		(3)
#define PASID_ENTRY_PGTT_PT		(4)

struct pasid_dir_entry {
	u64 val;
};

struct pasid_entry {
	u64 val[8];
};

struct pasid_table {
	void			*table;		/* the PASID directory */
	u32			max_pasid;	/* one above the largest PASID */
};

static inline bool pasid_pde_is_present(struct pasid_dir_entry *pde)
{
	return READ_ONCE(pde->val) & PASID_PTE_PRESENT;
}

/* The PASID table a present directory entry points at, or NULL */
static inline struct pasid_entry *
get_pasid_table_from_pde(struct pasid_dir_entry *pde)
{
	if (!pasid_pde_is_present(pde))
		return NULL;

	return phys_to_virt(READ_ONCE(pde->val) & PDE_PFN_MASK);
}

static inline bool pasid_pte_is_present(struct pasid_entry *pte)
{
	return READ_ONCE(pte->val[0]) & PASID_PTE_PRESENT;
}

static inline bool pasid_pte_is_fault_disabled(struct pasid_entry *pte)
{
	return READ_ONCE(pte->val[0]) & PASID_PTE_FPD;
}

/* The PGTT field, bits 8:6 */
static inline u16 pasid_pte_get_pgtt(struct pasid_entry *pte)
{
	return (u16)((READ_ONCE(pte->val[0]) >> 6) & 0x7);
}

/* Zero every qword of the entry, qword 0 (and with it P) first */
static inline void pasid_clear_entry(struct pasid_entry *pe)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(pe->val); i++)
		WRITE_ONCE(pe->val[i], 0);
}

/* The same, but leave FPD set so that DMA through the entry is not reported */
static inline void pasid_clear_entry_with_fpd(struct pasid_entry *pe)
{
	int i;

	WRITE_ONCE(pe->val[0], PASID_PTE_FPD);
	for (i = 1; i < ARRAY_SIZE(pe->val); i++)
		WRITE_ONCE(pe->val[i], 0);
}

/* One read-modify-write of a qword: the bits of mask take the value of bits */
static inline void pasid_set_bits(u64 *ptr, u64 mask, u64 bits)
{
	u64 cur = READ_ONCE(*ptr);

	WRITE_ONCE(*ptr, (cur & ~mask) | bits);
}

static inline u64 pasid_get_bits(u64 *ptr)
{
	return READ_ONCE(*ptr);
}

/* DID: bits 79:64 */
static inline void pasid_set_domain_id(struct pasid_entry *pe, u64 value)
{
	pasid_set_bits(&pe->val[1], GENMASK_ULL(15, 0), value);
}

static inline u16 pasid_get_domain_id(struct pasid_entry *pe)
{
	return (u16)(pasid_get_bits(&pe->val[1]) & GENMASK_ULL(15, 0));
}

/* SSPTPTR: bits 63:12 */
static inline void pasid_set_slptr(struct pasid_entry *pe, u64 value)
{
	pasid_set_bits(&pe->val[0], VTD_PAGE_MASK, value);
}

/* AW: bits 4:2 */
static inline void pasid_set_address_width(struct pasid_entry *pe, u64 value)
{
	pasid_set_bits(&pe->val[0], GENMASK_ULL(4, 2), value << 2);
}

/* PGTT: bits 8:6 */
static inline void pasid_set_translation_type(struct pasid_entry *pe, u64 value)
{
	pasid_set_bits(&pe->val[0], GENMASK_ULL(8, 6), value << 6);
}

/* FPD (bit 1) cleared: faults are reported */
static inline void pasid_set_fault_enable(struct pasid_entry *pe)
{
	pasid_set_bits(&pe->val[0], BIT_ULL(1), 0);
}

/* SSADE: bit 9, second-stage accessed/dirty */
static inline void pasid_set_ssade(struct pasid_entry *pe)
{
	pasid_set_bits(&pe->val[0], BIT_ULL(9), BIT_ULL(9));
}

static inline void pasid_clear_ssade(struct pasid_entry *pe)
{
	pasid_set_bits(&pe->val[0], BIT_ULL(9), 0);
}

static inline bool pasid_get_ssade(struct pasid_entry *pe)
{
	return pasid_get_bits(&pe->val[0]) & BIT_ULL(9);
}

/* SRE: bit 128 */
static inline void pasid_set_sre(struct pasid_entry *pe)
{
	pasid_set_bits(&pe->val[2], BIT_ULL(0), BIT_ULL(0));
}

/* WPE: bit 132 */
static inline void pasid_set_wpe(struct pasid_entry *pe)
{
	pasid_set_bits(&pe->val[2], BIT_ULL(4), BIT_ULL(4));
}

/* P: bit 0 */
static inline void pasid_set_present(struct pasid_entry *pe)
{
	pasid_set_bits(&pe->val[0], BIT_ULL(0), BIT_ULL(0));
}

/* PWSNP: bit 87 */
static inline void pasid_set_page_snoop(struct pasid_entry *pe, bool value)
{
	pasid_set_bits(&pe->val[1], BIT_ULL(23), (u64)value << 23);
}

/* PGSNP: bit 88 */
static inline void pasid_set_pgsnp(struct pasid_entry *pe)
{
	pasid_set_bits(&pe->val[1], BIT_ULL(24), BIT_ULL(24));
}

/* FSPTPTR: bits 191:140 */
static inline void pasid_set_flptr(struct pasid_entry *pe, u64 value)
{
	pasid_set_bits(&pe->val[2], VTD_PAGE_MASK, value);
}

/* FSPM: bits 131:130, 1 for 5-level paging */
static inline void pasid_set_flpm(struct pasid_entry *pe, u64 value)
{
	pasid_set_bits(&pe->val[2], GENMASK_ULL(3, 2), value << 2);
}

/* EAFE: bit 135 */
static inline void pasid_set_eafe(struct pasid_entry *pe)
{
	pasid_set_bits(&pe->val[2], BIT_ULL(7), BIT_ULL(7));
}

extern unsigned int intel_pasid_max_id;
int intel_pasid_alloc_table(struct device *dev);
void intel_pasid_free_table(struct device *dev);
struct pasid_table *intel_pasid_get_table(struct device *dev);
int intel_pasid_setup_first_level(struct intel_iommu *iommu, struct device *dev,
				  phys_addr_t fsptptr, u32 pasid, u16 did,
				  int flags);
int intel_pasid_setup_second_level(struct intel_iommu *iommu,
				   struct dmar_domain *domain,
				   struct device *dev, u32 pasid);
int intel_pasid_setup_dirty_tracking(struct intel_iommu *iommu,
				     struct device *dev, u32 pasid,
				     bool enabled);
int intel_pasid_setup_pass_through(struct intel_iommu *iommu,
				   struct device *dev, u32 pasid);
int intel_pasid_setup_nested(struct intel_iommu *iommu, struct device *dev,
			     u32 pasid, struct dmar_domain *domain);
int intel_pasid_replace_first_level(struct intel_iommu *iommu,
				    struct device *dev, phys_addr_t fsptptr,
				    u32 pasid, u16 did, u16 old_did, int flags);
int intel_pasid_replace_second_level(struct intel_iommu *iommu,
				     struct dmar_domain *domain,
				     struct device *dev, u16 old_did,
				     u32 pasid);
int intel_pasid_replace_pass_through(struct intel_iommu *iommu,
				     struct device *dev, u16 old_did,
				     u32 pasid);
int intel_pasid_replace_nested(struct intel_iommu *iommu,
			       struct device *dev, u32 pasid,
			       u16 old_did, struct dmar_domain *domain);
void intel_pasid_tear_down_entry(struct intel_iommu *iommu,
				 struct device *dev, u32 pasid,
				 bool fault_ignore);
#endif /* __INTEL_PASID_H */
