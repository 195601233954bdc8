/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake RISC-V IOMMU register and structure header for hitless's tests, written from scratch in the kernel's style:
 * the device context (docs/entry-formats.md section 5) and the directory-invalidation command.
 */
#ifndef _RISCV_IOMMU_BITS_H_
#define _RISCV_IOMMU_BITS_H_

#include <linux/types.h>
#include <linux/bitfield.h>
#include <linux/bits.h>

/* Device context: the extended format's eight doublewords; the base format stops after fsc */
struct riscv_iommu_dc {
	u64 tc;
	u64 iohgatp;
	u64 ta;
	u64 fsc;
	u64 msiptp;
	u64 msi_addr_mask;
	u64 msi_addr_pattern;
	u64 _reserved;
};

/* Translation control */
#define RISCV_IOMMU_DC_TC_V		BIT_ULL(0)
#define RISCV_IOMMU_DC_TC_EN_ATS	BIT_ULL(1)
#define RISCV_IOMMU_DC_TC_PDTV		BIT_ULL(5)
#define RISCV_IOMMU_DC_TC_SADE		BIT_ULL(7)

/* Second-stage translation: iohgatp */
#define RISCV_IOMMU_DC_IOHGATP_PPN	GENMASK_ULL(43, 0)
#define RISCV_IOMMU_DC_IOHGATP_GSCID	GENMASK_ULL(59, 44)
#define RISCV_IOMMU_DC_IOHGATP_MODE	GENMASK_ULL(63, 60)

/* Translation attributes, shared with the process context */
#define RISCV_IOMMU_PC_TA_V		BIT_ULL(0)
#define RISCV_IOMMU_PC_TA_PSCID		GENMASK_ULL(31, 12)

/* First-stage context: fsc */
#define RISCV_IOMMU_DC_FSC_PPN		GENMASK_ULL(43, 0)
#define RISCV_IOMMU_DC_FSC_MODE		GENMASK_ULL(63, 60)
#define RISCV_IOMMU_FSC_BARE		0

/* Commands: two doublewords each */
struct riscv_iommu_command {
	u64 dword0;
	u64 dword1;
};

#define RISCV_IOMMU_CMD_OPCODE			GENMASK_ULL(6, 0)
#define RISCV_IOMMU_CMD_FUNC			GENMASK_ULL(9, 7)

/* Directory cache invalidation */
#define RISCV_IOMMU_CMD_IODIR_OPCODE		3
#define RISCV_IOMMU_CMD_IODIR_FUNC_INVAL_DDT	0
#define RISCV_IOMMU_CMD_IODIR_DV		BIT_ULL(33)
#define RISCV_IOMMU_CMD_IODIR_DID		GENMASK_ULL(63, 40)

static inline void riscv_iommu_cmd_iodir_inval_ddt(struct riscv_iommu_command *cmd)
{
	cmd->dword0 = FIELD_PREP(RISCV_IOMMU_CMD_OPCODE, RISCV_IOMMU_CMD_IODIR_OPCODE) |
		      FIELD_PREP(RISCV_IOMMU_CMD_FUNC, RISCV_IOMMU_CMD_IODIR_FUNC_INVAL_DDT);
	cmd->dword1 = 0;
}

static inline void riscv_iommu_cmd_iodir_set_did(struct riscv_iommu_command *cmd,
						 unsigned int devid)
{
	cmd->dword0 |= FIELD_PREP(RISCV_IOMMU_CMD_IODIR_DID, devid) |
		       RISCV_IOMMU_CMD_IODIR_DV;
}

#endif /* _RISCV_IOMMU_BITS_H_ */
