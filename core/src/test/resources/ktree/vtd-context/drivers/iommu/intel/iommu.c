// SPDX-License-Identifier: GPL-2.0-only
/*
 * A fake Intel VT-d driver for hitless's tests, written from scratch in the kernel's style: the legacy-mode context
 * entry's set-up and teardown as Linux has them since the 2026 clear-P-first fix, with the generic second-stage page
 * table, and around them code that uses kernel names the shim lacks (register access, allocation, PCI).
 */

#define pr_fmt(fmt)     "DMAR: " fmt

#include <linux/crash_dump.h>
#include <linux/dma-direct.h>
#include <linux/dmi.h>
#include <linux/memory.h>
#include <linux/pci.h>
#include <linux/pci-ats.h>
#include <linux/spinlock.h>

#include "iommu.h"
#include "pasid.h"

/*
 * The context table of a bus, allocated on first use when @alloc is set.
 * In scalable mode each root entry covers half of the devfn space with
 * 256-bit context entries, two of ours each.
 */
struct context_entry *iommu_context_addr(struct intel_iommu *iommu, u8 bus,
					 u8 devfn, int alloc)
{
	struct root_entry *root = &iommu->root_entry[bus];
	struct context_entry *context;
	u64 *entry;

	entry = &root->lo;
	if (sm_supported(iommu)) {
		if (devfn >= 0x80) {
			devfn -= 0x80;
			entry = &root->hi;
		}
		devfn *= 2;
	}
	if (*entry & 1) {
		context = phys_to_virt(*entry & VTD_PAGE_MASK);
	} else {
		unsigned long phy_addr;

		if (!alloc)
			return NULL;

		context = iommu_alloc_pages_node_sz(iommu->node, GFP_ATOMIC,
						    SZ_4K);
		if (!context)
			return NULL;

		__iommu_flush_cache(iommu, (void *)context, CONTEXT_SIZE);
		phy_addr = virt_to_phys((void *)context);
		*entry = phy_addr | 1;
		__iommu_flush_cache(iommu, entry, sizeof(*entry));
	}
	return &context[devfn];
}

/* Drain the write buffer, on hardware that needs it */
void iommu_flush_write_buffer(struct intel_iommu *iommu)
{
	u32 val;
	unsigned long flag;

	if (!rwbf_quirk && !cap_rwbf(iommu->cap))
		return;

	raw_spin_lock_irqsave(&iommu->register_lock, flag);
	writel(iommu->gcmd | DMA_GCMD_WBF, iommu->reg + DMAR_GCMD_REG);
	IOMMU_WAIT_OP(iommu, DMAR_GSTS_REG, readl, (!(val & DMA_GSTS_WBFS)), val);
	raw_spin_unlock_irqrestore(&iommu->register_lock, flag);
}

static struct device_domain_info *
domain_lookup_dev_info(struct dmar_domain *domain,
		       struct intel_iommu *iommu, u8 bus, u8 devfn)
{
	struct device_domain_info *info;
	unsigned long flags;

	spin_lock_irqsave(&domain->lock, flags);
	list_for_each_entry(info, &domain->devices, link) {
		if (info->iommu == iommu && info->bus == bus &&
		    info->devfn == devfn) {
			spin_unlock_irqrestore(&domain->lock, flags);
			return info;
		}
	}
	spin_unlock_irqrestore(&domain->lock, flags);

	return NULL;
}

/*
 * kdump: an entry copied from the old kernel may still be cached; drop it
 * and flush what it may have left before the entry is rewritten.
 */
static void copied_context_tear_down(struct intel_iommu *iommu,
				     struct context_entry *context,
				     u8 bus, u8 devfn)
{
	u16 did_old;

	if (!context_copied(iommu, bus, devfn))
		return;

	assert_spin_locked(&iommu->lock);

	did_old = context_domain_id(context);
	context_clear_entry(context);

	if (did_old < cap_ndoms(iommu->cap)) {
		iommu->flush.flush_context(iommu, did_old,
					   PCI_DEVID(bus, devfn),
					   DMA_CCMD_MASK_NOBIT,
					   DMA_CCMD_DEVICE_INVL);
		iommu->flush.flush_iotlb(iommu, did_old, 0, 0,
					 DMA_TLB_DSI_FLUSH);
	}

	clear_context_copied(iommu, bus, devfn);
}

/*
 * A non-present entry became present. Hardware that caches non-present
 * entries (caching mode) tags them with domain 0, which must be flushed;
 * other hardware needs only its write buffer drained.
 */
static void context_present_cache_flush(struct intel_iommu *iommu, u16 did,
					u8 bus, u8 devfn)
{
	if (cap_caching_mode(iommu->cap)) {
		iommu->flush.flush_context(iommu, 0,
					   PCI_DEVID(bus, devfn),
					   DMA_CCMD_MASK_NOBIT,
					   DMA_CCMD_DEVICE_INVL);
		iommu->flush.flush_iotlb(iommu, did, 0, 0, DMA_TLB_DSI_FLUSH);
	} else {
		iommu_flush_write_buffer(iommu);
	}
}

static int domain_context_mapping_one(struct dmar_domain *domain,
				      struct intel_iommu *iommu,
				      u8 bus, u8 devfn)
{
	struct device_domain_info *info =
			domain_lookup_dev_info(domain, iommu, bus, devfn);
	u16 did = domain_id_iommu(domain, iommu);
	int translation = CONTEXT_TT_MULTI_LEVEL;
	struct pt_iommu_vtdss_hw_info pt_info;
	struct context_entry *context;
	int ret;

	if (WARN_ON(!intel_domain_is_ss_paging(domain)))
		return -EINVAL;

	pt_iommu_vtdss_hw_info(&domain->sspt, &pt_info);

	pr_debug("Set context mapping for %02x:%02x.%d\n",
		 bus, PCI_SLOT(devfn), PCI_FUNC(devfn));

	spin_lock(&iommu->lock);
	ret = -ENOMEM;
	context = iommu_context_addr(iommu, bus, devfn, 1);
	if (!context)
		goto out_unlock;

	ret = 0;
	/* "{ already mapped }": a present entry is torn down before, never edited */
	if (context_present(context) && !context_copied(iommu, bus, devfn))
		goto out_unlock;

	copied_context_tear_down(iommu, context, bus, devfn);
	context_clear_entry(context);
	context_set_domain_id(context, did);

	if (info && info->ats_supported)
		translation = CONTEXT_TT_DEV_IOTLB;

	context_set_address_root(context, pt_info.ssptptr);
	context_set_address_width(context, pt_info.aw);
	context_set_translation_type(context, translation);
	context_set_fault_enable(context);
	context_set_present(context);
	if (!ecap_coherent(iommu->ecap))
		clflush_cache_range(context, sizeof(*context));
	context_present_cache_flush(iommu, did, bus, devfn);

out_unlock:
	spin_unlock(&iommu->lock);

	return ret;
}

static int domain_context_mapping_cb(struct pci_dev *pdev,
				     u16 alias, void *opaque)
{
	struct device_domain_info *info = dev_iommu_priv_get(&pdev->dev);

	return domain_context_mapping_one(opaque, info->iommu,
					  PCI_BUS_NUM(alias), alias & 0xff);
}

static int domain_context_mapping(struct dmar_domain *domain, struct device *dev)
{
	struct device_domain_info *info = dev_iommu_priv_get(dev);

	if (!dev_is_pci(dev))
		return domain_context_mapping_one(domain, info->iommu,
						  info->bus, info->devfn);

	return pci_for_each_dma_alias(to_pci_dev(dev),
				      domain_context_mapping_cb, domain);
}

/* The identity domain in legacy mode: TT pass-through, no table */
static int context_setup_pass_through(struct device *dev, u8 bus, u8 devfn)
{
	struct device_domain_info *info = dev_iommu_priv_get(dev);
	struct intel_iommu *iommu = info->iommu;
	struct context_entry *context;

	spin_lock(&iommu->lock);
	context = iommu_context_addr(iommu, bus, devfn, 1);
	if (!context) {
		spin_unlock(&iommu->lock);
		return -ENOMEM;
	}

	if (context_present(context) && !context_copied(iommu, bus, devfn)) {
		spin_unlock(&iommu->lock);
		return 0;
	}

	copied_context_tear_down(iommu, context, bus, devfn);
	context_clear_entry(context);
	context_set_domain_id(context, FLPT_DEFAULT_DID);

	/*
	 * The hardware ignores the address root in pass-through; AW must
	 * still be the largest AGAW it supports.
	 */
	context_set_address_width(context, iommu->msagaw);
	context_set_translation_type(context, CONTEXT_TT_PASS_THROUGH);
	context_set_fault_enable(context);
	context_set_present(context);
	if (!ecap_coherent(iommu->ecap))
		clflush_cache_range(context, sizeof(*context));
	context_present_cache_flush(iommu, FLPT_DEFAULT_DID, bus, devfn);
	spin_unlock(&iommu->lock);

	return 0;
}

/*
 * Tear the entry down: P first, alone, then the context cache, the IOTLB
 * and the device TLB, and only then the rest of the entry.
 */
static void domain_context_clear_one(struct device_domain_info *info, u8 bus, u8 devfn)
{
	struct intel_iommu *iommu = info->iommu;
	struct context_entry *context;
	u16 did;

	spin_lock(&iommu->lock);
	context = iommu_context_addr(iommu, bus, devfn, 0);
	if (!context) {
		spin_unlock(&iommu->lock);
		return;
	}

	did = context_domain_id(context);
	context_clear_present(context);
	__iommu_flush_cache(iommu, context, sizeof(*context));
	spin_unlock(&iommu->lock);
	intel_context_flush_no_pasid(info, context, did);
	context_clear_entry(context);
	__iommu_flush_cache(iommu, context, sizeof(*context));
}

static int domain_context_clear_one_cb(struct pci_dev *pdev, u16 alias, void *opaque)
{
	struct device_domain_info *info = opaque;

	domain_context_clear_one(info, PCI_BUS_NUM(alias), alias & 0xff);
	return 0;
}

static void domain_context_clear(struct device_domain_info *info)
{
	if (!dev_is_pci(info->dev)) {
		domain_context_clear_one(info, info->bus, info->devfn);
		return;
	}

	pci_for_each_dma_alias(to_pci_dev(info->dev),
			       &domain_context_clear_one_cb, info);
}

void device_block_translation(struct device *dev)
{
	struct device_domain_info *info = dev_iommu_priv_get(dev);
	struct intel_iommu *iommu = info->iommu;

	if (!dev_is_real_dma_subdevice(dev)) {
		if (sm_supported(iommu))
			intel_pasid_tear_down_entry(iommu, dev,
						    IOMMU_NO_PASID, false);
		else
			domain_context_clear(info);
	}
	info->domain = NULL;
}
