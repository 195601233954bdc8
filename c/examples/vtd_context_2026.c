/*
 * vtd_context_2026.c: the Intel VT-d context entry writer in the shape Linux has since January 2026 (c1e4f1dccbe9
 * "iommu/vt-d: Clear Present bit before tearing down context entry", and the stable 2ae3aed2c82f for the
 * scalable-mode teardown), written from scratch for hitless from the behaviour described in docs/vtd-context.md and
 * core/src/main/java/dev/hitless/ordering/VtdContext2026.java; no kernel code is copied.
 *
 * What it models: a context entry is 128 bits, two u64 (lo holds P in bit 0). The CPU writes it as two 64-bit stores,
 * which one 128-bit fetch of the IOMMU may straddle, so P is the only bit that changes while the entry is live:
 *   1. a present entry is torn down first: lo is stored once (WRITE_ONCE) with P cleared, then dma_wmb();
 *   2. the context cache, the IOTLB and the device TLB are flushed: hitless_sync("entry+iotlb+devtlb");
 *   3. only now is the entry zeroed and the new one built, with P clear: plain assignments;
 *   4. if the new entry is present: dma_wmb(), then lo is stored once (WRITE_ONCE) with P set, last;
 *   5. and the new entry is flushed: hitless_sync("entry+iotlb").
 * The same code serves both table modes; only the fields differ (the caller's target carries them).
 *
 * Run it (2-qword entries; the writer is the default entry point, hitless_writer):
 *   ./hitless c-check --format vtd-context c/examples/vtd_context_2026.c --against vtd-context-2026
 *   ./hitless c-check --format vtd-context-legacy c/examples/vtd_context_2026.c --against vtd-context-2026
 *
 * What the checker says: "against vtd-context-2026: OK, 20 of 20 recorded plans are step for step
 * vtd-context-2026's" (legacy: 30 of 30), never TORN under the 128-bit readers (strict, sticky); under the what-if
 * strict-64 reader (lo and hi fetched separately) the legacy entry tears on 19 of 30 transitions (exit 1): P set last
 * protects a reader that reads both halves at once, not one that reads hi before the store and lo after it.
 * core/src/test/java/dev/hitless/cwriter/ExamplesMatchBuiltInsCTest.java holds it to the built-in on every catalogue
 * transition of both formats.
 */
#include "hitless.h"

#define CTX_PRESENT	BIT_ULL(0)

struct context_entry {
	u64 lo;
	u64 hi;
};

static bool ctx_is_present(struct context_entry *ctx)
{
	return READ_ONCE(ctx->lo) & CTX_PRESENT;
}

/* Hand the entry back to software: P alone, one store, ordered before what follows. */
static void ctx_drop_present(struct context_entry *ctx)
{
	WRITE_ONCE(ctx->lo, READ_ONCE(ctx->lo) & ~CTX_PRESENT);
	dma_wmb();
}

/* Hand the entry to hardware: every other field is in place before P. */
static void ctx_raise_present(struct context_entry *ctx)
{
	dma_wmb();
	WRITE_ONCE(ctx->lo, READ_ONCE(ctx->lo) | CTX_PRESENT);
}

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

	if (ctx_is_present(ctx)) {
		ctx_drop_present(ctx);
		/* context-cache invalidation, IOTLB flush, device-TLB invalidation */
		hitless_sync("entry+iotlb+devtlb");
	}

	ctx_zero(ctx);
	ctx->lo = new_lo & ~CTX_PRESENT;
	ctx->hi = new_hi;

	if (new_lo & CTX_PRESENT) {
		ctx_raise_present(ctx);
		hitless_sync("entry+iotlb");
	}
}
