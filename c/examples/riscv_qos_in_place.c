/*
 * riscv_qos_in_place.c: the RISC-V IOMMU device-context writer of the 2026 QoS ID RFC (riscv_iommu_dc_update_qosid(),
 * lore 20260714130657.46963-5-zhangzhanpeng.jasper@bytedance.com), written from scratch for hitless from the
 * behaviour described in docs/riscv.md (finding 4) and core/src/main/java/dev/hitless/ordering/RiscvQosInPlace.java;
 * no kernel code is copied.
 *
 * What it models: a change of a valid DC confined to ta's RCID and MCID (the QoS IDs, bits 51:40 and 63:52) is made
 * in place: one 64-bit store of ta (WRITE_ONCE), dma_wmb(), then IODIR.INVAL_DDT, IOTINVAL.VMA and IOFENCE.C
 * (hitless_sync("entry+iotlb")). One doubleword is one atomic read for the IOMMU, so the DC is never seen torn. Any
 * other change goes through riscv_iommu_iodir_update(): this file includes riscv_iodir.c for it and replaces only
 * the entry point.
 *
 * Run it (the writer is the default entry point, hitless_writer):
 *   ./hitless c-check --format riscv-dc c/examples/riscv_qos_in_place.c --against riscv-qos-in-place
 *   ./hitless c-check --format riscv-dc-ext c/examples/riscv_qos_in_place.c --against riscv-qos-in-place
 *
 * What the checker says: "against riscv-qos-in-place: OK, 56 of 56 recorded plans are step for step
 * riscv-qos-in-place's" (riscv-dc-ext: 30 of 30; its catalogue has no QoS-only pair, so every change there is
 * riscv-iodir's), and exit 1 for the fallback path's finding, as for riscv_iodir.c: 44 of 56 TORN under strict
 * (riscv-dc-ext 24 of 30); s1-a <-> s1-a-qos are HITLESS under every reader (16 HITLESS, 40 BREAKING under ascending
 * and sticky, against riscv_iodir.c's 14 and 42).
 * core/src/test/java/dev/hitless/cwriter/ExamplesMatchBuiltInsCTest.java holds it to the built-in on every catalogue
 * transition of both formats.
 */
#define RISCV_EXAMPLE_OWN_WRITER
#include "riscv_iodir.c"

#define RISCV_DC_TA_QOSID	(GENMASK_ULL(63, 52) | GENMASK_ULL(51, 40))	/* MCID, RCID */

/* True when the live DC is valid and the new one differs from it in RCID and MCID only. */
static bool riscv_dc_qosid_only(struct riscv_dc *dc, const struct riscv_dc *new)
{
	struct riscv_dc same = *new;

	if (!(READ_ONCE(dc->tc) & RISCV_DC_TC_V))
		return false;
	same.ta = (new->ta & ~RISCV_DC_TA_QOSID) | (READ_ONCE(dc->ta) & RISCV_DC_TA_QOSID);
	return riscv_dc_equal(dc, &same);
}

/* riscv_iommu_dc_update_qosid(): the QoS IDs of a live DC, one store of ta. */
static void riscv_dc_update_qosid(struct riscv_dc *dc, const struct riscv_dc *new)
{
	WRITE_ONCE(dc->ta, new->ta);
	dma_wmb();
	riscv_dc_sync();
}

void hitless_writer(__le64 *entry, const __le64 *target)
{
	struct riscv_dc *dc = (struct riscv_dc *)entry;
	struct riscv_dc new;

	riscv_dc_load(&new, target);
	if (riscv_dc_equal(dc, &new))
		return;
	if (riscv_dc_qosid_only(dc, &new))
		riscv_dc_update_qosid(dc, &new);
	else
		riscv_dc_iodir_update(dc, &new);
}
