// SPDX-License-Identifier: GPL-2.0
/*
 * A fake Intel VT-d PASID driver for hitless's tests, written from scratch in the kernel's style: the PASID entry's
 * used bits plugged into the entry_sync library, as the 2026 driver does, and code around them that needs the
 * kernel.
 */

#define pr_fmt(fmt)	"DMAR: " fmt

#include <linux/bitops.h>
#include <linux/cpufeature.h>
#include <linux/dmar.h>
#include <linux/iommu.h>
#include <linux/pci.h>
#include <linux/spinlock.h>

#include "iommu.h"
#include "pasid.h"
#include "trace.h"
#include "../entry_sync.h"

/*
 * Intel IOMMU system wide PASID name space:
 */
u32 intel_pasid_max_id = PASID_MAX;

static struct pasid_entry *intel_pasid_get_entry(struct device *dev, u32 pasid);

struct intel_pasid_writer {
	struct entry_sync_writer128 writer;
	struct intel_iommu *iommu;
	struct device *dev;
	u32 pasid;
	struct pasid_entry orig_pte;
	bool was_present;
};

/*
 * Which bits of the 512-bit entry the IOMMU uses, by P and PGTT: written for
 * the tests from the layout in docs/entry-formats.md.
 */
static void intel_pasid_get_used(const u128 *entry, u128 *used)
{
	struct pasid_entry *pe = (struct pasid_entry *)entry;
	struct pasid_entry *ue = (struct pasid_entry *)used;
	u16 pgtt;

	memset(ue, 0, sizeof(*ue));
	ue->val[0] |= PASID_PTE_PRESENT;
	if (!(pe->val[0] & PASID_PTE_PRESENT)) {
		trace_entry_get_used(entry, used);
		return;
	}

	pgtt = pasid_pte_get_pgtt(pe);
	switch (pgtt) {
	case PASID_ENTRY_PGTT_FL_ONLY:
		/* AW, PGTT */
		ue->val[0] |= GENMASK_ULL(4, 2) | PASID_ENTRY_PGTT_MASK;
		/* DID, PWSNP, PGSNP */
		ue->val[1] |= GENMASK_ULL(15, 0) | GENMASK_ULL(24, 23);
		/* FSPTPTR, FSPM */
		ue->val[2] |= GENMASK_ULL(63, 12) | GENMASK_ULL(3, 2);
		break;
	case PASID_ENTRY_PGTT_NESTED:
		/* FPD, AW, PGTT, SSADE, SSPTPTR */
		ue->val[0] |= GENMASK_ULL(63, 12) | GENMASK_ULL(9, 6) |
			      GENMASK_ULL(4, 1);
		/* DID, PWSNP, PGSNP */
		ue->val[1] |= GENMASK_ULL(15, 0) | GENMASK_ULL(24, 23);
		/* FSPTPTR, FSPM, EAFE, WPE, SRE */
		ue->val[2] |= GENMASK_ULL(63, 12) | BIT_ULL(7) |
			      GENMASK_ULL(4, 2) | BIT_ULL(0);
		break;
	case PASID_ENTRY_PGTT_SL_ONLY:
		/* FPD, AW, PGTT, SSADE, SSPTPTR */
		ue->val[0] |= GENMASK_ULL(63, 12) | GENMASK_ULL(9, 6) |
			      GENMASK_ULL(4, 1);
		/* DID, PWSNP */
		ue->val[1] |= GENMASK_ULL(15, 0) | BIT_ULL(23);
		break;
	case PASID_ENTRY_PGTT_PT:
		/* FPD, AW, PGTT */
		ue->val[0] |= GENMASK_ULL(4, 1) | PASID_ENTRY_PGTT_MASK;
		/* DID, PWSNP */
		ue->val[1] |= GENMASK_ULL(15, 0) | BIT_ULL(23);
		break;
	default:
		WARN_ON(true);
	}

	trace_entry_get_used(entry, used);
}

static void intel_pasid_sync(struct entry_sync_writer128 *writer)
{
	struct intel_pasid_writer *p_writer = container_of(writer,
			struct intel_pasid_writer, writer);
	struct intel_iommu *iommu = p_writer->iommu;

	if (!ecap_coherent(iommu->ecap))
		clflush_cache_range(intel_pasid_get_entry(p_writer->dev, p_writer->pasid),
				    sizeof(struct pasid_entry));
	pasid_cache_invalidation_with_pasid(iommu, pasid_get_domain_id(&p_writer->orig_pte),
					    p_writer->pasid);
}

static const struct entry_sync_writer_ops128 writer_ops128 = {
	.get_used = intel_pasid_get_used,
	.sync = intel_pasid_sync,
};

static int __maybe_unused intel_pasid_write(struct intel_iommu *iommu,
					    struct device *dev, u32 pasid,
					    u128 *target)
{
	struct pasid_entry *pte = intel_pasid_get_entry(dev, pasid);
	struct intel_pasid_writer p_writer = {
		.writer = {
			.ops = &writer_ops128,
			.num_quantas = 4,	/* 512 bits in 128-bit quanta */
			.vbit_quanta = 0,	/* P is in quantum 0 */
		},
		.iommu = iommu,
		.dev = dev,
		.pasid = pasid,
	};
	u128 memory[12];

	if (!pte)
		return -ENODEV;

	p_writer.orig_pte = *pte;
	p_writer.was_present = pasid_pte_is_present(pte);
	entry_sync_write128(&p_writer.writer, (u128 *)pte, target, memory, sizeof(memory));
	return 0;
}

static struct pasid_entry *intel_pasid_get_entry(struct device *dev, u32 pasid)
{
	struct device_domain_info *info = dev_iommu_priv_get(dev);
	struct pasid_table *pasid_table = info->pasid_table;

	if (pasid >= pasid_table->max_pasid)
		return NULL;
	return &((struct pasid_entry *)pasid_table->table)[pasid];
}
