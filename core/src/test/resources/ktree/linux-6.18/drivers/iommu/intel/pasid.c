// SPDX-License-Identifier: GPL-2.0
/*
 * A fake Intel VT-d PASID driver of the Linux 6.18 shape, for hitless's tests, written from scratch in the kernel's
 * style: the PASID table, and the functions that set up, replace and tear down a PASID entry. A replace builds the
 * new entry on the stack and copies it over the live one ("*pte = new_pte"), then flushes, as 6.14 to 6.19 did.
 */

#define pr_fmt(fmt)	"DMAR: " fmt

#include <linux/bitops.h>
#include <linux/cpufeature.h>
#include <linux/dmar.h>
#include <linux/iommu.h>
#include <linux/pci.h>
#include <linux/pci-ats.h>
#include <linux/spinlock.h>

#include "iommu.h"
#include "pasid.h"
#include "../iommu-pages.h"

/* The PASIDs of the whole system */
u32 intel_pasid_max_id = PASID_MAX;

/*
 * Give @dev its PASID directory. Called once, when the device is probed, so
 * nothing races with it.
 */
int intel_pasid_alloc_table(struct device *dev)
{
	struct device_domain_info *info = dev_iommu_priv_get(dev);
	struct pasid_table *table;
	u32 max_pasid = 0;
	int order, size;

	if (WARN_ON(!info || !dev_is_pci(dev) || info->pasid_table))
		return -EINVAL;

	table = kzalloc(sizeof(*table), GFP_KERNEL);
	if (!table)
		return -ENOMEM;

	if (info->pasid_supported)
		max_pasid = min_t(u32, pci_max_pasids(to_pci_dev(dev)), intel_pasid_max_id);

	size = max_pasid >> (PASID_PDE_SHIFT - 3);
	order = size ? get_order(size) : 0;
	table->table = iommu_alloc_pages_node_sz(info->iommu->node, GFP_KERNEL, 1 << (order + PAGE_SHIFT));
	if (!table->table) {
		kfree(table);
		return -ENOMEM;
	}
	table->max_pasid = 1 << (order + PAGE_SHIFT + 3);
	info->pasid_table = table;

	return 0;
}

struct pasid_table *intel_pasid_get_table(struct device *dev)
{
	struct device_domain_info *info = dev_iommu_priv_get(dev);

	return info ? info->pasid_table : NULL;
}

/*
 * The entry of @pasid in the table of @dev, allocating the leaf table it
 * lives in on first use ("{" and "}" in a string: " } ").
 */
static struct pasid_entry *intel_pasid_get_entry(struct device *dev, u32 pasid)
{
	struct device_domain_info *info = dev_iommu_priv_get(dev);
	struct pasid_table *table = intel_pasid_get_table(dev);
	struct pasid_dir_entry *dir;
	struct pasid_entry *leaf;
	u64 expected = 0;

	if (WARN_ON(!table || pasid >= table->max_pasid))
		return NULL;

	dir = table->table;
again:
	leaf = get_pasid_table_from_pde(&dir[pasid >> PASID_PDE_SHIFT]);
	if (!leaf) {
		leaf = iommu_alloc_pages_node_sz(info->iommu->node, GFP_ATOMIC, SZ_4K);
		if (!leaf)
			return NULL;
		if (!try_cmpxchg64(&dir[pasid >> PASID_PDE_SHIFT].val, &expected,
				   (u64)virt_to_phys(leaf) | PASID_PTE_PRESENT)) {
			iommu_free_pages(leaf);
			goto again;
		}
	}

	return &leaf[pasid & PASID_PTE_MASK];
}

static void
intel_pasid_clear_entry(struct device *dev, u32 pasid, bool fault_ignore)
{
	struct pasid_entry *pe = intel_pasid_get_entry(dev, pasid);

	if (WARN_ON(!pe))
		return;

	if (fault_ignore && pasid_pte_is_present(pe))
		pasid_clear_entry_with_fpd(pe);
	else
		pasid_clear_entry(pe);
}

/* PASID-selective-within-domain PASID-cache invalidation, and its wait */
static void
pasid_cache_invalidation_with_pasid(struct intel_iommu *iommu, u16 did, u32 pasid)
{
	struct qi_desc desc = {
		.qw0 = QI_PC_DID(did) | QI_PC_GRAN(QI_PC_PASID_SEL) |
		       QI_PC_PASID(pasid) | QI_PC_TYPE,
	};

	qi_submit_sync(iommu, &desc, 1, 0);
}

/* Device-TLB invalidation for @pasid, when the device has ATS on */
static void
devtlb_invalidation_with_pasid(struct intel_iommu *iommu, struct device *dev, u32 pasid)
{
	struct device_domain_info *info = dev_iommu_priv_get(dev);
	u16 sid;

	if (!info || !info->ats_enabled || pci_dev_is_disconnected(to_pci_dev(dev)))
		return;

	sid = PCI_DEVID(info->bus, info->devfn);
	if (pasid == IOMMU_NO_PASID)
		qi_flush_dev_iotlb(iommu, sid, info->pfsid, info->ats_qdep, 0, 64 - VTD_PAGE_SHIFT);
	else
		qi_flush_dev_iotlb_pasid(iommu, sid, info->pfsid, pasid, info->ats_qdep, 0, 64 - VTD_PAGE_SHIFT);
}

/*
 * Take the entry of @pasid down: clear it under the lock, then invalidate
 * the PASID cache, the IOTLB (PASID-based for first-stage and pass-through
 * entries, domain-selective for the others) and the device TLB.
 */
void intel_pasid_tear_down_entry(struct intel_iommu *iommu, struct device *dev,
				 u32 pasid, bool fault_ignore)
{
	struct pasid_entry *pte;
	u16 did, pgtt;

	spin_lock(&iommu->lock);
	pte = intel_pasid_get_entry(dev, pasid);
	if (WARN_ON(!pte)) {
		spin_unlock(&iommu->lock);
		return;
	}

	if (!pasid_pte_is_present(pte)) {
		/* an SVA entry may be left not present with FPD set */
		if (pasid_pte_is_fault_disabled(pte))
			pasid_clear_entry(pte);
		spin_unlock(&iommu->lock);
		return;
	}

	did = pasid_get_domain_id(pte);
	pgtt = pasid_pte_get_pgtt(pte);
	intel_pasid_clear_entry(dev, pasid, fault_ignore);
	spin_unlock(&iommu->lock);

	if (!ecap_coherent(iommu->ecap))
		clflush_cache_range(pte, sizeof(*pte));

	pasid_cache_invalidation_with_pasid(iommu, did, pasid);

	if (pgtt == PASID_ENTRY_PGTT_PT || pgtt == PASID_ENTRY_PGTT_FL_ONLY)
		qi_flush_piotlb(iommu, did, pasid, 0, -1, 0);
	else
		iommu->flush.flush_iotlb(iommu, did, 0, 0, DMA_TLB_DSI_FLUSH);

	devtlb_invalidation_with_pasid(iommu, dev, pasid);
	if (!fault_ignore)
		intel_iommu_drain_pasid_prq(dev, pasid);
}

/*
 * After an entry that was not present was set up: hardware that caches
 * not-present entries (caching mode) must be told, other hardware only
 * needs the write buffer flushed.
 */
static void pasid_flush_caches(struct intel_iommu *iommu, struct pasid_entry *pte,
			       u32 pasid, u16 did)
{
	if (!ecap_coherent(iommu->ecap))
		clflush_cache_range(pte, sizeof(*pte));

	if (cap_caching_mode(iommu->cap)) {
		pasid_cache_invalidation_with_pasid(iommu, did, pasid);
		qi_flush_piotlb(iommu, did, pasid, 0, -1, 0);
	} else {
		iommu_flush_write_buffer(iommu);
	}
}

/*
 * After a present entry changed (all but SSADE and P): the PASID cache, the
 * PASID's IOTLB and the device TLB, in that order.
 */
static void intel_pasid_flush_present(struct intel_iommu *iommu, struct device *dev,
				      u32 pasid, u16 did, struct pasid_entry *pte)
{
	if (!ecap_coherent(iommu->ecap))
		clflush_cache_range(pte, sizeof(*pte));

	pasid_cache_invalidation_with_pasid(iommu, did, pasid);
	qi_flush_piotlb(iommu, did, pasid, 0, -1, 0);
	devtlb_invalidation_with_pasid(iommu, dev, pasid);
}

/*
 * The entry of @pasid, not present, with iommu->lock held; or NULL, the lock
 * not held, and the reason in @err.
 */
static struct pasid_entry *pasid_lock_unused_entry(struct intel_iommu *iommu, struct device *dev,
						   u32 pasid, int *err)
{
	struct pasid_entry *pte;

	spin_lock(&iommu->lock);
	pte = intel_pasid_get_entry(dev, pasid);
	if (pte && !pasid_pte_is_present(pte))
		return pte;

	spin_unlock(&iommu->lock);
	*err = pte ? -EBUSY : -ENODEV;
	return NULL;
}

/*
 * Put @new_pte, built on the stack, in place of the present entry of @pasid:
 * one copy under the lock, then the flushes a changed present entry needs.
 */
static int pasid_replace_entry(struct intel_iommu *iommu, struct device *dev, u32 pasid,
			       u16 old_did, struct pasid_entry *new_pte)
{
	struct pasid_entry *pte;

	spin_lock(&iommu->lock);
	pte = intel_pasid_get_entry(dev, pasid);
	if (!pte || !pasid_pte_is_present(pte)) {
		spin_unlock(&iommu->lock);
		return pte ? -EINVAL : -ENODEV;
	}
	WARN_ON(old_did != pasid_get_domain_id(pte));
	*pte = *new_pte;
	spin_unlock(&iommu->lock);

	intel_pasid_flush_present(iommu, dev, pasid, old_did, pte);
	intel_iommu_drain_pasid_prq(dev, pasid);

	return 0;
}

/* A first-stage entry in @pte (the live one, or one on the stack) */
static void pasid_pte_config_first_level(struct intel_iommu *iommu, struct pasid_entry *pte,
					 phys_addr_t fsptptr, u16 did, int flags)
{
	lockdep_assert_held(&iommu->lock);

	pasid_clear_entry(pte);
	pasid_set_flptr(pte, fsptptr);
	if (flags & PASID_FLAG_FL5LP)
		pasid_set_flpm(pte, 1);
	if (flags & PASID_FLAG_PAGE_SNOOP)
		pasid_set_pgsnp(pte);
	pasid_set_domain_id(pte, did);
	pasid_set_address_width(pte, iommu->agaw);
	pasid_set_page_snoop(pte, !!ecap_smpwc(iommu->ecap));

	/* the type, then P, last */
	pasid_set_translation_type(pte, PASID_ENTRY_PGTT_FL_ONLY);
	pasid_set_present(pte);
}

int intel_pasid_setup_first_level(struct intel_iommu *iommu, struct device *dev,
				  phys_addr_t fsptptr, u32 pasid, u16 did,
				  int flags)
{
	struct pasid_entry *pte;
	int ret;

	if (!ecap_flts(iommu->ecap))
		return -EINVAL;
	if ((flags & PASID_FLAG_FL5LP) && !cap_fl5lp_support(iommu->cap))
		return -EINVAL;

	pte = pasid_lock_unused_entry(iommu, dev, pasid, &ret);
	if (!pte)
		return ret;
	pasid_pte_config_first_level(iommu, pte, fsptptr, did, flags);
	spin_unlock(&iommu->lock);

	pasid_flush_caches(iommu, pte, pasid, did);

	return 0;
}

int intel_pasid_replace_first_level(struct intel_iommu *iommu,
				    struct device *dev, phys_addr_t fsptptr,
				    u32 pasid, u16 did, u16 old_did, int flags)
{
	struct pasid_entry new_pte;

	if (!ecap_flts(iommu->ecap))
		return -EINVAL;
	if ((flags & PASID_FLAG_FL5LP) && !cap_fl5lp_support(iommu->cap))
		return -EINVAL;

	pasid_pte_config_first_level(iommu, &new_pte, fsptptr, did, flags);

	return pasid_replace_entry(iommu, dev, pasid, old_did, &new_pte);
}

/* A second-stage entry in @pte */
static void pasid_pte_config_second_level(struct intel_iommu *iommu, struct pasid_entry *pte,
					  u64 pgd_val, int agaw, u16 did, bool dirty_tracking)
{
	lockdep_assert_held(&iommu->lock);

	pasid_clear_entry(pte);
	pasid_set_domain_id(pte, did);
	pasid_set_slptr(pte, pgd_val);
	pasid_set_address_width(pte, agaw);
	pasid_set_translation_type(pte, PASID_ENTRY_PGTT_SL_ONLY);
	pasid_set_fault_enable(pte);
	pasid_set_page_snoop(pte, !!ecap_smpwc(iommu->ecap));
	if (dirty_tracking)
		pasid_set_ssade(pte);
	pasid_set_present(pte);
}

int intel_pasid_setup_second_level(struct intel_iommu *iommu,
				   struct dmar_domain *domain,
				   struct device *dev, u32 pasid)
{
	u16 did = domain_id_iommu(domain, iommu);
	struct pasid_entry *pte;
	int ret;

	if (!ecap_slts(iommu->ecap))
		return -EINVAL;

	pte = pasid_lock_unused_entry(iommu, dev, pasid, &ret);
	if (!pte)
		return ret;
	pasid_pte_config_second_level(iommu, pte, virt_to_phys(domain->pgd),
				      domain->agaw, did, domain->dirty_tracking);
	spin_unlock(&iommu->lock);

	pasid_flush_caches(iommu, pte, pasid, did);

	return 0;
}

int intel_pasid_replace_second_level(struct intel_iommu *iommu,
				     struct dmar_domain *domain,
				     struct device *dev, u16 old_did,
				     u32 pasid)
{
	u16 did = domain_id_iommu(domain, iommu);
	struct pasid_entry new_pte;

	if (!ecap_slts(iommu->ecap))
		return -EINVAL;

	pasid_pte_config_second_level(iommu, &new_pte, virt_to_phys(domain->pgd),
				      domain->agaw, did, domain->dirty_tracking);

	return pasid_replace_entry(iommu, dev, pasid, old_did, &new_pte);
}

/* A pass-through entry in @pte */
static void pasid_pte_config_pass_through(struct intel_iommu *iommu,
					  struct pasid_entry *pte, u16 did)
{
	lockdep_assert_held(&iommu->lock);

	pasid_clear_entry(pte);
	pasid_set_domain_id(pte, did);
	pasid_set_address_width(pte, iommu->agaw);
	pasid_set_translation_type(pte, PASID_ENTRY_PGTT_PT);
	pasid_set_fault_enable(pte);
	pasid_set_page_snoop(pte, !!ecap_smpwc(iommu->ecap));
	pasid_set_present(pte);
}

int intel_pasid_setup_pass_through(struct intel_iommu *iommu,
				   struct device *dev, u32 pasid)
{
	struct pasid_entry *pte;
	int ret;

	pte = pasid_lock_unused_entry(iommu, dev, pasid, &ret);
	if (!pte)
		return ret;
	pasid_pte_config_pass_through(iommu, pte, FLPT_DEFAULT_DID);
	spin_unlock(&iommu->lock);

	pasid_flush_caches(iommu, pte, pasid, FLPT_DEFAULT_DID);

	return 0;
}

int intel_pasid_replace_pass_through(struct intel_iommu *iommu,
				     struct device *dev, u16 old_did,
				     u32 pasid)
{
	struct pasid_entry new_pte;

	pasid_pte_config_pass_through(iommu, &new_pte, FLPT_DEFAULT_DID);

	return pasid_replace_entry(iommu, dev, pasid, old_did, &new_pte);
}

/* A nested entry in @pte: the user's first stage over the parent's second */
static void pasid_pte_config_nested(struct intel_iommu *iommu, struct pasid_entry *pte,
				    struct iommu_hwpt_vtd_s1 *s1_cfg,
				    struct dmar_domain *s2_domain, u16 did)
{
	lockdep_assert_held(&iommu->lock);

	pasid_clear_entry(pte);
	if (s1_cfg->addr_width == ADDR_WIDTH_5LEVEL)
		pasid_set_flpm(pte, 1);
	pasid_set_flptr(pte, s1_cfg->pgtbl_addr);
	if (s1_cfg->flags & IOMMU_VTD_S1_SRE) {
		pasid_set_sre(pte);
		if (s1_cfg->flags & IOMMU_VTD_S1_WPE)
			pasid_set_wpe(pte);
	}
	if (s1_cfg->flags & IOMMU_VTD_S1_EAFE)
		pasid_set_eafe(pte);
	if (s2_domain->force_snooping)
		pasid_set_pgsnp(pte);

	pasid_set_slptr(pte, virt_to_phys(s2_domain->pgd));
	pasid_set_fault_enable(pte);
	pasid_set_domain_id(pte, did);
	pasid_set_address_width(pte, s2_domain->agaw);
	pasid_set_page_snoop(pte, !!ecap_smpwc(iommu->ecap));
	if (s2_domain->dirty_tracking)
		pasid_set_ssade(pte);
	pasid_set_translation_type(pte, PASID_ENTRY_PGTT_NESTED);
	pasid_set_present(pte);
}

/* Whether this IOMMU can walk what @s1_cfg asks for */
static int pasid_check_nested(struct intel_iommu *iommu, struct iommu_hwpt_vtd_s1 *s1_cfg)
{
	if (s1_cfg->addr_width != ADDR_WIDTH_4LEVEL &&
	    (s1_cfg->addr_width != ADDR_WIDTH_5LEVEL || !cap_fl5lp_support(iommu->cap)))
		return -EINVAL;
	if ((s1_cfg->flags & IOMMU_VTD_S1_SRE) && !ecap_srs(iommu->ecap))
		return -EINVAL;
	if ((s1_cfg->flags & IOMMU_VTD_S1_EAFE) && !ecap_eafs(iommu->ecap))
		return -EINVAL;

	return 0;
}

int intel_pasid_setup_nested(struct intel_iommu *iommu, struct device *dev,
			     u32 pasid, struct dmar_domain *domain)
{
	u16 did = domain_id_iommu(domain, iommu);
	struct pasid_entry *pte;
	int ret;

	ret = pasid_check_nested(iommu, &domain->s1_cfg);
	if (ret)
		return ret;

	pte = pasid_lock_unused_entry(iommu, dev, pasid, &ret);
	if (!pte)
		return ret;
	pasid_pte_config_nested(iommu, pte, &domain->s1_cfg, domain->s2_domain, did);
	spin_unlock(&iommu->lock);

	pasid_flush_caches(iommu, pte, pasid, did);

	return 0;
}

int intel_pasid_replace_nested(struct intel_iommu *iommu,
			       struct device *dev, u32 pasid,
			       u16 old_did, struct dmar_domain *domain)
{
	u16 did = domain_id_iommu(domain, iommu);
	struct pasid_entry new_pte;
	int ret;

	ret = pasid_check_nested(iommu, &domain->s1_cfg);
	if (ret)
		return ret;

	pasid_pte_config_nested(iommu, &new_pte, &domain->s1_cfg, domain->s2_domain, did);

	return pasid_replace_entry(iommu, dev, pasid, old_did, &new_pte);
}

#ifdef CONFIG_INTEL_IOMMU_DEBUGFS
/* Not built in the default configuration: would not compile here (no such struct) */
static int pasid_debug_show(struct seq_file *m, void *unused)
{
	struct pasid_entry *pte = m->private;

	seq_printf(m, "%016llx %016llx\n", pte->val[0], pte->val[1]);
	return 0;
}
#endif
