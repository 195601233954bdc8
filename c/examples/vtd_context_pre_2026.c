/*
 * vtd_context_pre_2026.c: the Intel VT-d context entry writer in the shape Linux had before January 2026 (before
 * c1e4f1dccbe9, and in scalable mode before the stable 2ae3aed2c82f), written from scratch for hitless from the
 * behaviour described in docs/vtd-context.md and core/src/main/java/dev/hitless/ordering/VtdContextPre2026.java; no
 * kernel code is copied. Buggy on purpose.
 *
 * What it models: the entry is torn down by zeroing both halves with plain assignments (no WRITE_ONCE, no barrier
 * between them), then the context cache, the IOTLB and the device TLB are flushed; the new entry is built with plain
 * assignments too, P set by a plain "lo |= P" with no dma_wmb(), then flushed. The compiler may store lo and hi in
 * either order, so the IOMMU's 128-bit fetch can see the old lo (P=1) beside the zeroed hi while the teardown runs,
 * or the new lo (P=1) beside the old hi while the set runs: a torn entry with P set.
 *
 * Run it (2-qword entries; the writer is the default entry point, hitless_writer):
 *   ./hitless c-check --format vtd-context-legacy c/examples/vtd_context_pre_2026.c --against vtd-context-pre-2026
 *   ./hitless c-check --format vtd-context c/examples/vtd_context_pre_2026.c --against vtd-context-pre-2026
 *
 * What the checker says: "against vtd-context-pre-2026: OK, 30 of 30 recorded plans are step for step
 * vtd-context-pre-2026's" and, in legacy mode, TORN on all 30 transitions under the strict reader (exit 1): hi holds
 * AW and DID, e.g. sl-a -> sl-did3 shows P=1 with the old SLPTPTR, AW 0 and DID 0. In scalable mode (20 of 20) the
 * driver's hi is always 0 (RID_PASID = IOMMU_NO_PASID), so no tear can show: the fetch sees the old or the new entry.
 * core/src/test/java/dev/hitless/cwriter/ExamplesMatchBuiltInsCTest.java holds it to the built-in on every catalogue
 * transition of both formats.
 */
#include "hitless.h"

#define CTX_PRESENT	BIT_ULL(0)

struct context_entry {
	u64 lo;
	u64 hi;
};

static void ctx_zero(struct context_entry *ctx)
{
	ctx->lo = 0;
	ctx->hi = 0;
}

void hitless_writer(__le64 *entry, const __le64 *target)
{
	struct context_entry *ctx = (struct context_entry *)entry;
	u64 new_lo = le64_to_cpu(target[0]), new_hi = le64_to_cpu(target[1]);

	if (ctx->lo == new_lo && ctx->hi == new_hi)
		return;

	if (ctx->lo & CTX_PRESENT) {
		ctx_zero(ctx);
		/* context-cache invalidation, IOTLB flush, device-TLB invalidation */
		hitless_sync("entry+iotlb+devtlb");
	}

	ctx_zero(ctx);
	ctx->lo = new_lo & ~CTX_PRESENT;
	ctx->hi = new_hi;
	ctx->lo |= new_lo & CTX_PRESENT;	/* P with a plain store: no dma_wmb() */

	if (new_lo & CTX_PRESENT)
		hitless_sync("entry+iotlb");
}
