/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake Intel VT-d PASID header for hitless's tests, written from scratch in the kernel's style: what the
 * scalable-mode context entry's functions need of it (the per-device PASID table) and some of what they do not.
 */
#ifndef __INTEL_PASID_H
#define __INTEL_PASID_H

/* One PASID directory entry points at a table of 64 PASID entries. */
#define PASID_PDE_SHIFT			6
#define MAX_NR_PASID_BITS		20
#define PASID_MAX			0x100000
#define PASID_PTE_MASK			0x3F
#define PASID_PTE_PRESENT		1

struct pasid_dir_entry {
	u64 val;
};

/* The PASID directory of a device, and the largest PASID it covers */
struct pasid_table {
	void			*table;
	u32			max_pasid;
	struct device		*dev;
};

int intel_pasid_alloc_table(struct device *dev);
void intel_pasid_free_table(struct device *dev);
int intel_pasid_setup_sm_context(struct device *dev);
void intel_pasid_teardown_sm_context(struct device *dev);
void intel_pasid_tear_down_entry(struct intel_iommu *iommu,
				 struct device *dev, u32 pasid,
				 bool fault_ignore);

#endif /* __INTEL_PASID_H */
