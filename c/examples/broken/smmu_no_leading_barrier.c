/*
 * broken/smmu_no_leading_barrier.c: WRONG ON PURPOSE. The 64-bit used-bits writer of ../smmu_used_bits_64.c without
 * its leading dma_wmb(): the first store of the entry may become visible to the SMMU before the stores that filled
 * the tables the new entry points at (the CD table, the stage-2 tables), so the SMMU can walk stale tables.
 *
 * Everything is the example's own code: this file turns dma_wmb() into nothing and includes it (hitless.h has an
 * include guard, so the example's own #include does not bring the barrier back).
 *
 * Run it:
 *   ./hitless c-check c/examples/broken/smmu_no_leading_barrier.c --entry hitless_writer_ste --format smmu-ste --against used-bits-64
 *
 * What the checker says today (exit 1, from the diff alone): "against used-bits-64: FAIL, 110 of 110 recorded plans
 * differ", each at step 1, the C writer's first store beside the built-in's barrier. The verdicts are the correct
 * example's (58 HITLESS, 52 BREAKING, 0 TORN under every reader): the reader model has no notion yet of when stores
 * made before the update become visible, so without --against a missing barrier goes unnoticed. Flagging it by
 * verdict is for the visibility issue, with its own test; ExamplesMatchBuiltInsCTest checks today only that this
 * copy records the built-in's steps minus exactly that barrier.
 */
#include "hitless.h"
#undef dma_wmb
#define dma_wmb() do { } while (0)
#include "../smmu_used_bits_64.c"
