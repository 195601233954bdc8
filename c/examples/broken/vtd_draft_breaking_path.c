/*
 * broken/vtd_draft_breaking_path.c: WRONG ON PURPOSE. The 128-bit used-bits writer of ../vtd_used_bits_128.c with
 * the breaking path of the early entry-sync draft: after clearing quantum 0 it writes every quantum in one window,
 * quantum 0 (P = 1) first, and syncs once. Between the store of quantum 0 and the stores of quanta 1..3 the IOMMU
 * can fetch the new quantum 0 (present, new PGTT) beside the old quanta 1..3: a mix of two configurations. The Java
 * built-in used-bits-128-draft models the same bug.
 *
 * Everything but the breaking path is the example's own code: this file includes it and supplies write_breaking().
 *
 * Run it:
 *   ./hitless c-check c/examples/broken/vtd_draft_breaking_path.c --format vtd-pasid --against used-bits-128-draft
 *
 * What the checker says (exit 1): every transition that takes the breaking path (e.g. fl-did5-a -> fl-did6-b: DID in
 * quantum 0, FSPTPTR in quantum 1) is TORN under the strict and the ascending reader, exactly where the Java draft
 * is: 18 of the 110 transitions of today's catalogue ("fl-did5-a -> fl-did6-b  TORN no==, plan claims breaking");
 * the sticky reader, which keeps its copy until a sync, sees them as BREAKING. The recorded plans are step for step
 * used-bits-128-draft's; against used-bits-128, 18 of 110 differ, first at step 4, where this writer stores chunk 0
 * (P 0->1) and the correct one chunk 1. core/src/test/java/dev/hitless/cwriter/ExamplesMatchBuiltInsCTest.java holds
 * it to the Java draft's steps and to its TORN transitions under the strict reader.
 */
#define VTD_EXAMPLE_OWN_BREAKING_PATH
#include "../vtd_used_bits_128.c"

static void write_breaking(struct entry_writer *writer, __le64 *entry, const __le64 *target)
{
	static const __le64 zero[ENTRY_QWORDS];

	entry_set(writer, entry, zero, BIT(VALID_QUANTUM));
	/* The bug: quantum 0 is in this range and goes first, so P = 1 is visible before the other quanta change. */
	entry_set(writer, entry, target, ALL_QUANTA);
}
