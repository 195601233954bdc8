/* SPDX-License-Identifier: GPL-2.0-only */
/* A fake AMD-Vi driver header for hitless's tests, written from scratch in the kernel's style. */
#ifndef AMD_IOMMU_H
#define AMD_IOMMU_H

#include "amd_iommu_types.h"

struct dev_table_entry *get_dev_table(struct amd_iommu *iommu);
void amd_iommu_update_dte(struct amd_iommu *iommu,
			  struct iommu_dev_data *dev_data,
			  struct dev_table_entry *new);

#ifdef CONFIG_AMD_IOMMU_DEBUGFS
void amd_iommu_debugfs_setup(void);
#else
static inline void amd_iommu_debugfs_setup(void) {}
#endif

#endif /* AMD_IOMMU_H */
