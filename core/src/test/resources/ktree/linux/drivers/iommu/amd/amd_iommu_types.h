/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake AMD-Vi types header for hitless's tests, written from scratch in the kernel's style: the 256-bit device
 * table entry (docs/entry-formats.md section 4) and driver structures the writer reaches only through glue.
 */
#ifndef _ASM_X86_AMD_IOMMU_TYPES_H
#define _ASM_X86_AMD_IOMMU_TYPES_H

#include <linux/iommu.h>
#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

/* Device table entry bits */
#define DTE_FLAG_V	BIT_ULL(0)
#define DTE_FLAG_TV	BIT_ULL(1)
#define DTE_FLAG_HAD	(3ULL << 7)
#define DTE_FLAG_GIOV	BIT_ULL(54)
#define DTE_FLAG_GV	BIT_ULL(55)
#define DTE_GLX		GENMASK_ULL(57, 56)
#define DTE_FLAG_IR	BIT_ULL(61)
#define DTE_FLAG_IW	BIT_ULL(62)

#define DTE_FLAG_IOTLB	BIT_ULL(32)
#define DTE_FLAG_MASK	(0x3ffULL << 32)
#define DEV_DOMID_MASK	0xffffULL

#define DTE_GCR3_14_12	GENMASK_ULL(60, 58)
#define DTE_GCR3_30_15	GENMASK_ULL(31, 16)
#define DTE_GCR3_51_31	GENMASK_ULL(63, 43)

#define DTE_GPT_LEVEL_SHIFT	54
#define DTE_GPT_LEVEL_MASK	GENMASK_ULL(55, 54)

/* Qword 2 but bits 55:52 belongs to interrupt remapping, which another writer owns */
#define DTE_DATA2_INTR_MASK	~GENMASK_ULL(55, 52)

struct dev_table_entry {
	union {
		u64 data[4];
		u128 data128[2];
	};
};

struct amd_iommu {
	struct list_head list;
	int index;
	spinlock_t lock;
	struct pci_dev *dev;
	struct pci_dev *root_pdev;
	u64 exclusion_start;
	u8 __iomem *mmio_base;
	struct amd_iommu_pci_seg *pci_seg;
};

struct iommu_dev_data {
	struct mutex mutex;		/* protects the attach/detach path */
	spinlock_t dte_lock;		/* DTE lock for 256-bit access */
	struct list_head list;		/* for domain->dev_list */
	struct llist_node dev_data_list; /* for global dev_data_list */
	struct protection_domain *domain; /* Domain the device is bound to */
	struct device *dev;
	u16 devid;			/* PCI Device ID */
	unsigned int max_pasids;	/* Max supported PASIDs */
	bool ats_enabled;		/* ATS state */
};

#endif /* _ASM_X86_AMD_IOMMU_TYPES_H */
